// Everything the bot is made of, wired together: database, organisation and playbook, core,
// adapters, outbox drain and the HTTP app. main.ts runs it; tests build it on a fresh file.
import type { Hono } from 'hono';
import type { FeishuConfig } from '../adapters/feishu/config';
import { createFeishu, type Feishu } from '../adapters/feishu/index';
import type { WecomAppConfig } from '../adapters/wecom/config';
import type { WecomBotConfig } from '../adapters/wecom/bot-config';
import { createWecom, type Wecom } from '../adapters/wecom/index';
import { createWechaty, type WechatyBot, type WechatySetup } from '../adapters/wechaty/index';
import { consoleRoutes } from '../adapters/console/index';
import { consoleAdapter } from '../adapters/console/send';
import { ConsoleStore } from '../adapters/console/store';
import { checkPlaybookAgainstOrganisation } from './config/check-references';
import { loadYamlFile } from './config/load-yaml';
import type { Clock } from './core/clock';
import type { Core } from './core/context';
import { pruneInbox } from './core/inbound/prune';
import { syncOrganisation } from './core/system/sync-organisation';
import { organisationSchema, type Organisation } from './core/org/schema';
import { playbookSchema, type Playbook } from './core/playbook/schema';
import type { PlatformAdapter } from './core/ports';
import { openDatabase } from './db/open';
import type { Logger } from './logger';
import { OutboxDrain } from './outbox/drain';
import { ClockLoop } from './scheduler/clock-loop';
import { buildApp } from './server/app';
import { incidentsApi } from './server/incidents-api';
import type { SignalsAuthConfig } from './server/signals/config';
import { signalsRoutes } from './server/signals/routes';

export interface RuntimeOptions {
  databaseFile: string;
  organisation: { file: string } | { value: Organisation };
  playbook: { file: string } | { value: Playbook };
  clock: Clock;
  timeZone: string;
  botName: string;
  consoleEnabled: boolean;
  logger: Logger;
  feishu?: FeishuConfig | undefined;
  wecomApp?: WecomAppConfig | undefined;
  /** WeCom's intelligent robot, for commands and cards in groups. */
  wecomBot?: WecomBotConfig | undefined;
  /** A WeChat/WeCom account through a Wechaty puppet; tests inject a puppet instance. */
  wechaty?: WechatySetup | undefined;
  /** Who may push to POST /api/signals; absent or empty → the endpoint refuses everything. */
  signals?: SignalsAuthConfig | undefined;
  /** Bearer token for GET /api/incidents…; absent → refused. */
  adminToken?: string | undefined;
  /** Outbox tuning; the defaults suit production. */
  outbox?: { leaseMs?: number | undefined } | undefined;
}

export interface Runtime {
  app: Hono;
  core: Core;
  drain: OutboxDrain;
  /** Fires reminders and escalations; started by start(). */
  clockLoop: ClockLoop;
  /** The platform adapters that are switched on. */
  feishu: Feishu | undefined;
  wecom: Wecom | undefined;
  wechaty: WechatyBot | undefined;
  /** Connects to the platforms (bot identity, long connections). The HTTP app works before it. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createRuntime(opts: RuntimeOptions): Runtime {
  const org = 'file' in opts.organisation ? loadYamlFile(opts.organisation.file, organisationSchema) : organisationSchema.parse(opts.organisation.value);
  const playbook = 'file' in opts.playbook ? loadYamlFile(opts.playbook.file, playbookSchema) : playbookSchema.parse(opts.playbook.value);
  checkPlaybookAgainstOrganisation('file' in opts.playbook ? opts.playbook.file : '(playbook)', playbook, org);

  const { db, close } = openDatabase(opts.databaseFile);
  const synced = syncOrganisation(db, org, opts.clock.now());
  opts.logger.info({ organisation: org.name, ...synced }, 'organisation synced');

  const directPlatforms = new Set<string>();
  const core: Core = { db, clock: opts.clock, playbook, timeZone: opts.timeZone, botName: opts.botName, directPlatforms };
  const adapters = new Map<string, PlatformAdapter>();
  const store = new ConsoleStore(db);
  if (opts.consoleEnabled) adapters.set('console', consoleAdapter(store, opts.clock));
  const drain = new OutboxDrain({ db, clock: opts.clock, adapters, logger: opts.logger, leaseMs: opts.outbox?.leaseMs });
  const webhooks = new Map<string, Hono>();
  const feishu = opts.feishu ? createFeishu(opts.feishu, { core, drain, logger: opts.logger }) : undefined;
  if (feishu) {
    adapters.set('feishu', feishu.adapter);
    if (feishu.routes) webhooks.set('/webhook/feishu', feishu.routes);
  }
  for (const [name, adapter] of adapters) if (adapter.capabilities.directMessages) directPlatforms.add(name);
  const wecom = opts.wecomApp || opts.wecomBot ? createWecom({ app: opts.wecomApp, bot: opts.wecomBot }, { core, drain, logger: opts.logger }) : undefined;
  if (wecom) {
    adapters.set('wecom', wecom.adapter);
    for (const [path, routes] of wecom.webhooks) webhooks.set(path, routes);
    directPlatforms.add('wecom');
  }
  const wechaty = opts.wechaty ? createWechaty(opts.wechaty, { core, drain, logger: opts.logger }) : undefined;
  if (wechaty) {
    adapters.set('wechaty', wechaty.adapter);
    directPlatforms.add('wechaty');
  }
  // Always mounted, so an unconfigured deployment answers with what to set rather than 404.
  webhooks.set('/api/signals', signalsRoutes({ core, drain, logger: opts.logger, auth: opts.signals ?? { tokens: new Map(), hmacSecret: undefined, toleranceSeconds: 300 } }));
  webhooks.set('/api/incidents', incidentsApi({ core, adminToken: opts.adminToken }));
  const app = buildApp({ core, logger: opts.logger, webhooks, console: opts.consoleEnabled ? consoleRoutes(core, store, drain, opts.logger) : undefined });

  let pruneTimer: NodeJS.Timeout | undefined;
  const clockLoop = new ClockLoop(core, drain, opts.logger);
  return {
    app,
    core,
    drain,
    clockLoop,
    feishu,
    wecom,
    wechaty,
    async start() {
      const prune = () => {
        const removed = pruneInbox(db, opts.clock.now());
        if (removed > 0) opts.logger.info({ removed }, 'inbox pruned');
      };
      prune();
      pruneTimer = setInterval(prune, 60 * 60 * 1000);
      pruneTimer.unref();
      await feishu?.start();
      wecom?.start();
      clockLoop.start();
      // Last: a puppet that cannot start must not keep the clock from running.
      await wechaty?.start();
    },
    async close() {
      clockLoop.stop();
      if (pruneTimer) clearInterval(pruneTimer);
      feishu?.stop();
      wecom?.stop();
      await wechaty?.stop();
      await drain.stop();
      close();
    },
  };
}
