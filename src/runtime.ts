// Everything the bot is made of, wired together: database, organisation and playbook, core,
// the platforms that are switched on, the outbox drain and the HTTP app. main.ts runs it; tests
// build it on a fresh file.
import type { Hono } from 'hono';
import { PLATFORMS, type Platforms } from '../adapters/index';
import type { AnyPlatform, PlatformInstance, PlatformInstances, PlatformSettings } from '../adapters/platform';
import { checkPlaybookAgainstOrganisation } from './config/check-references';
import { checkPlatformNames } from './config/check-platforms';
import { loadYamlFile } from './config/load-yaml';
import type { Clock } from './core/clock';
import type { Core } from './core/context';
import { createInbound } from './core/inbound/index';
import { pruneInbox } from './core/inbound/prune';
import { endDemoSessions } from './core/system/sign-in';
import { syncOrganisation } from './core/system/sync-organisation';
import { organisationSchema, type Organisation } from './core/org/schema';
import { playbookSchema, type Playbook } from './core/playbook/schema';
import type { PlatformAdapter } from './core/ports';
import { openDatabase } from './db/open';
import type { Logger } from './logger';
import { OutboxDrain } from './delivery/drain';
import { ClockLoop } from './timers/clock-loop';
import { buildApp } from './server/app';
import { incidentsApi } from './server/incidents-api';
import type { SignalsAuthConfig } from './server/signals/config';
import { signalsRoutes } from './server/signals/routes';
import type { ServerEnv } from './server/workspace/session';
import { webSettings, type WebOptions, type WebSettings } from './server/workspace/settings';
import { keptSecret, wipeExpiredLinks } from './core/system/sign-in';

export interface RuntimeOptions<List extends readonly AnyPlatform[] = Platforms> {
  databaseFile: string;
  organisation: { file: string } | { value: Organisation };
  playbook: { file: string } | { value: Playbook };
  clock: Clock;
  timeZone: string;
  botName: string;
  logger: Logger;
  /** The settings of each platform to switch on, by name (see adapters/index.ts); absent → off. */
  platforms?: PlatformSettings<List> | undefined;
  /** The platforms there are; adapters/index.ts unless a test brings its own. */
  platformList?: List | undefined;
  /** Who may push to POST /api/signals; absent or empty → the endpoint refuses everything. */
  signals?: SignalsAuthConfig | undefined;
  /** Bearer token for GET /api/incidents…; absent → refused. */
  adminToken?: string | undefined;
  /** HOST, PORT, PUBLIC_URL, DEMO_MODE, SESSION_SECRET: the web workspace (src/server/workspace/settings.ts). */
  web?: WebOptions | undefined;
  /** Outbox tuning; the defaults suit production. */
  outbox?: { leaseMs?: number | undefined } | undefined;
}

export interface Runtime<List extends readonly AnyPlatform[] = Platforms> {
  app: Hono<ServerEnv>;
  core: Core;
  drain: OutboxDrain;
  /** Fires reminders and escalations; started by start(). */
  clockLoop: ClockLoop;
  /** The platforms that are switched on, by name. */
  platforms: PlatformInstances<List>;
  /** Where the workspace lives, and whether the demo picker is on. */
  web: WebSettings;
  /** Connects to the platforms (bot identity, long connections). The HTTP app works before it. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createRuntime<List extends readonly AnyPlatform[] = Platforms>(opts: RuntimeOptions<List>): Runtime<List> {
  const list: readonly AnyPlatform[] = opts.platformList ?? PLATFORMS;
  const org = 'file' in opts.organisation ? loadYamlFile(opts.organisation.file, organisationSchema) : organisationSchema.parse(opts.organisation.value);
  checkPlatformNames(
    'file' in opts.organisation ? opts.organisation.file : '(organisation)',
    org,
    list.map((p) => p.name),
  );
  const playbook = 'file' in opts.playbook ? loadYamlFile(opts.playbook.file, playbookSchema) : playbookSchema.parse(opts.playbook.value);
  checkPlaybookAgainstOrganisation('file' in opts.playbook ? opts.playbook.file : '(playbook)', playbook, org);

  // Checked before the database is touched: a refused combination (DEMO_MODE=true on 0.0.0.0) changes nothing.
  const settings = (opts.platforms ?? {}) as Record<string, unknown>;
  const web = webSettings(
    opts.web ?? {},
    list.filter((p) => p.name !== 'console' && settings[p.name] !== undefined).map((p) => p.name),
  );

  const { db, close } = openDatabase(opts.databaseFile);
  const synced = syncOrganisation(db, org, opts.clock.now());
  opts.logger.info({ organisation: org.name, ...synced }, 'organisation synced');

  const directPlatforms = new Set<string>();
  const urgentPlatforms = new Set<string>();
  const core: Core = {
    db,
    clock: opts.clock,
    playbook,
    timeZone: opts.timeZone,
    botName: opts.botName,
    directPlatforms,
    urgentPlatforms,
    publicUrl: web.publicUrl,
  };
  if (!web.demo) {
    const ended = endDemoSessions(db, core);
    if (ended > 0) opts.logger.warn({ ended }, 'demo mode is off: its sessions ended');
  }
  const adapters = new Map<string, PlatformAdapter>();
  const drain = new OutboxDrain({ db, clock: opts.clock, adapters, logger: opts.logger, leaseMs: opts.outbox?.leaseMs });
  const delivered = createInbound(core, {
    wake: () => drain.kick(),
    async now() {
      try {
        await drain.drain();
      } catch (err) {
        // The change is saved with its outbox rows: a delivery problem is the drain's to retry.
        opts.logger.error({ err }, 'immediate delivery failed; the outbox will retry');
      }
    },
  });
  // Someone the organisation file does not know wrote to the bot: their id, once, for the admin.
  const inbound = {
    ...delivered,
    async receive(...args: Parameters<typeof delivered.receive>) {
      const result = await delivered.receive(...args);
      if ('newcomer' in result && result.newcomer)
        opts.logger.info(
          { ...result.newcomer },
          'unknown sender registered as a guest; add them to the organisation file (members[].ids.<platform>) to give them a role',
        );
      return result;
    },
  };

  const instances: Record<string, PlatformInstance> = {};
  const routes = new Map<string, Hono>();
  for (const platform of list) {
    if (settings[platform.name] === undefined) continue;
    const logger = opts.logger.child({ platform: platform.name });
    const instance = platform.create(settings[platform.name], { inbound, clock: opts.clock, timeZone: opts.timeZone, botName: opts.botName, logger });
    instances[platform.name] = instance;
    adapters.set(platform.name, instance.adapter);
    if (instance.adapter.capabilities.directMessages) directPlatforms.add(platform.name);
    if (instance.adapter.capabilities.urgent && instance.adapter.urgent) urgentPlatforms.add(platform.name);
    for (const [path, app] of instance.routes ?? []) routes.set(path, app);
  }
  // Always mounted, so an unconfigured deployment answers with what to set rather than 404.
  routes.set(
    '/api/signals',
    signalsRoutes({ core, drain, logger: opts.logger, auth: opts.signals ?? { tokens: new Map(), hmacSecret: undefined, toleranceSeconds: 300 } }),
  );
  routes.set('/api/incidents', incidentsApi({ core, adminToken: opts.adminToken }));
  const app = buildApp({ core, inbound, logger: opts.logger, routes, web, sessionSecret: web.sessionSecret ?? keptSecret(db, 'session_secret') });

  let pruneTimer: NodeJS.Timeout | undefined;
  const clockLoop = new ClockLoop(core, drain, opts.logger);
  return {
    app,
    core,
    drain,
    clockLoop,
    platforms: instances as PlatformInstances<List>,
    web,
    async start() {
      const prune = () => {
        const removed = pruneInbox(db, opts.clock.now());
        if (removed > 0) opts.logger.info({ removed }, 'inbox pruned');
        const wiped = wipeExpiredLinks(db, opts.clock.now());
        if (wiped > 0) opts.logger.info({ wiped }, 'expired sign-in links wiped from stored messages');
      };
      prune();
      pruneTimer = setInterval(prune, 60 * 60 * 1000);
      pruneTimer.unref();
      clockLoop.start();
      // Each platform connects in turn; one that cannot (a puppet that fails) does not keep the
      // others from starting. The first failure is reported to the caller.
      const failures: unknown[] = [];
      for (const instance of Object.values(instances)) await Promise.resolve(instance.start?.()).catch((err: unknown) => failures.push(err));
      if (failures.length > 0) throw failures[0];
    },
    async close() {
      clockLoop.stop();
      if (pruneTimer) clearInterval(pruneTimer);
      for (const instance of Object.values(instances)) await instance.stop?.();
      await drain.stop();
      close();
    },
  };
}
