// Starts Fenghuo: `npm start`. Reads .env if present, checks the configuration, migrates the
// SQLite file, syncs the organisation, then serves the webhooks and the console.
import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { PLATFORMS } from '../adapters/index';
import { EnvError, readEnv } from './config/env';
import { adminTokenFrom, signalsAuthFrom } from './server/signals/config';
import { ConfigFileError } from './config/load-yaml';
import { systemClock } from './core/clock';
import { createLogger } from './logger';
import { createRuntime } from './runtime';

if (existsSync('.env')) process.loadEnvFile('.env');

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
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  let runtime;
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
    });
  } catch (err) {
    if (err instanceof ConfigFileError || err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
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
    if (runtime.web.demo) logger.info(`演示模式：打开 ${runtime.web.publicUrl}/login 选择身份（只在本机、未接入聊天平台时可用）`);
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
