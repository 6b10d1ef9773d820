// Starts Fenghuo: `npm start` (compiled to dist/main.js by scripts/build.mjs). Reads .env if
// present, checks the configuration, loads the code of the platforms that are on, migrates the
// SQLite file, syncs the organisation, then serves the webhooks and the workspace. Anything a
// person must fix stops start-up with one line saying what, never a stack trace.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { PLATFORMS } from '../adapters/index';
import { EnvError, readEnv } from './config/env';
import { adminTokenFrom, signalsAuthFrom } from './server/signals/config';
import { ConfigFileError } from './config/load-yaml';
import { systemClock } from './core/clock';
import { DatabaseOpenError } from './db/open';
import { createLogger } from './logger';
import { createRuntime, loadPlatforms, type Runtime } from './runtime';

if (existsSync('.env')) process.loadEnvFile('.env');

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function stopWith(message: string): never {
  console.error(message);
  process.exit(1);
}

async function start(): Promise<void> {
  let env;
  let signals;
  let adminToken;
  const platforms: Record<string, unknown> = {};
  try {
    env = readEnv();
    for (const platform of PLATFORMS) platforms[platform.name] = platform.settingsFrom(process.env);
    signals = signalsAuthFrom(process.env);
    adminToken = adminTokenFrom(process.env);
  } catch (err) {
    if (err instanceof EnvError) stopWith(err.message);
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  await loadPlatforms(platforms);
  let runtime: Runtime;
  try {
    runtime = createRuntime({
      databaseFile: env.DATABASE_FILE,
      organisation: { file: env.ORG_FILE },
      playbook: { file: env.PLAYBOOK_FILE },
      clock: systemClock,
      timeZone: env.TIMEZONE,
      botName: env.BOT_NAME,
      logger,
      platforms,
      signals,
      adminToken,
      web: { host: env.HOST, port: env.PORT, publicUrl: env.PUBLIC_URL, demoMode: env.DEMO_MODE, sessionSecret: env.SESSION_SECRET },
      backups: { dir: env.BACKUP_DIR, keep: env.BACKUP_KEEP, intervalMs: env.BACKUP_INTERVAL_HOURS * HOUR },
      inboxKeepMs: env.INBOX_KEEP_DAYS * DAY,
      guestKeepMs: env.GUEST_KEEP_DAYS > 0 ? env.GUEST_KEEP_DAYS * DAY : undefined,
      metricsToken: env.METRICS_TOKEN,
      configCacheDir: join(dirname(env.DATABASE_FILE), '.cache'),
    });
  } catch (err) {
    if (err instanceof ConfigFileError || err instanceof EnvError || err instanceof DatabaseOpenError) stopWith(err.message);
    throw err;
  }
  runtime.drain.start();
  // The bot's own identity (Feishu open_id) is known before the first event is read.
  await runtime.start().catch((err) => logger.error({ err }, 'platform start-up failed'));
  const server = serve({ fetch: runtime.app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const on = Object.keys(runtime.platforms);
    logger.info(
      { url: runtime.web.publicUrl, listening: `${env.HOST}:${info.port}`, demo: runtime.web.demo, database: env.DATABASE_FILE, platforms: on },
      '烽火 started',
    );
    // For the person at the terminal; the JSON lines on stdout stay for machines.
    const page = on.includes('console') ? '/console' : '/';
    console.error(
      `烽火已启动：打开 ${runtime.web.publicUrl}${page}` +
        (runtime.web.demo
          ? `（演示模式：在 ${runtime.web.publicUrl}/login 选择身份；只在本机、未接入聊天平台时可用）`
          : '（用「登录」命令或 npm run login-link 取得登录链接）'),
    );
  });
  server.once('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE')
      stopWith(
        `端口 ${env.PORT} 已被占用（可能烽火已在运行）：停止占用它的程序，或在 .env 里设置其他 PORT，例如 PORT=8788。 / Port ${env.PORT} is already in use: stop what holds it, or set another PORT.`,
      );
    if (err.code === 'EACCES')
      stopWith(`没有权限监听端口 ${env.PORT}（1024 以下的端口需要 root）：请设置 PORT=8787 之类的端口。 / No permission to listen on port ${env.PORT}.`);
    if (err.code === 'EADDRNOTAVAIL')
      stopWith(`本机没有地址 ${env.HOST}：请检查 HOST（本机用 127.0.0.1，对外用 0.0.0.0）。 / This machine has no address ${env.HOST}: check HOST.`);
    logger.fatal({ err }, 'server failed');
    process.exit(1);
  });
  const stop = () => {
    logger.info('stopping');
    server.close();
    runtime.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await start();
