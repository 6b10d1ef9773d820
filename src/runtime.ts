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
import { forgetIdleGuests } from './core/system/forget-guests';
import { endDemoSessions } from './core/system/sign-in';
import { syncOrganisation } from './core/system/sync-organisation';
import { organisationSchema, type Organisation } from './core/org/schema';
import { playbookSchema, type Playbook } from './core/playbook/schema';
import type { PlatformAdapter } from './core/ports';
import { openDatabase } from './db/open';
import { DatabaseWatch } from './db/watch';
import { Backups, type BackupSettings } from './ops/backups';
import { HealthMonitor } from './ops/health';
import { createMetrics, type Metrics } from './server/metrics';
import type { ConnectionStatus } from '../adapters/platform';
import type { Logger } from './logger';
import { OutboxDrain } from './delivery/drain';
import { ClockLoop } from './timers/clock-loop';
import { ReportSchedule } from './timers/report-schedule';
import { buildApp } from './server/app';
import { archiveApi } from './server/archive-api';
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
  /** BACKUP_DIR, BACKUP_KEEP, BACKUP_INTERVAL_HOURS; absent → no scheduled backups. */
  backups?: BackupSettings | undefined;
  /** How long handled events are remembered for dedupe (INBOX_KEEP_DAYS); default 7 days. */
  inboxKeepMs?: number | undefined;
  /** How long an idle guest is remembered (GUEST_KEEP_DAYS); absent → for ever. */
  guestKeepMs?: number | undefined;
  /** Where the parsed organisation file and playbook are cached (start-up time); absent → parsed each time. */
  configCacheDir?: string | undefined;
  /** Bearer token /metrics asks for (METRICS_TOKEN); absent → open, like /healthz. */
  metricsToken?: string | undefined;
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
  /** The SQLite connection itself (backups, the record check). */
  sqlite: import('better-sqlite3').Database;
  health: HealthMonitor;
  metrics: Metrics;
  /** Present when backups are configured. */
  backups: Backups | undefined;
  /** Connects to the platforms (bot identity, long connections). The HTTP app works before it. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Loads the code of each platform that is switched on (its SDK); the others are never imported.
 * createRuntime needs it done first: main.ts awaits it, and so do the benches and test set-up.
 */
export async function loadPlatforms(settings: Record<string, unknown> | undefined, list: readonly AnyPlatform[] = PLATFORMS): Promise<void> {
  for (const platform of list) if (settings?.[platform.name] !== undefined) await platform.load?.();
}

export function createRuntime<List extends readonly AnyPlatform[] = Platforms>(opts: RuntimeOptions<List>): Runtime<List> {
  const list: readonly AnyPlatform[] = opts.platformList ?? PLATFORMS;
  const org =
    'file' in opts.organisation
      ? loadYamlFile(opts.organisation.file, organisationSchema, { cacheDir: opts.configCacheDir })
      : organisationSchema.parse(opts.organisation.value);
  checkPlatformNames(
    'file' in opts.organisation ? opts.organisation.file : '(organisation)',
    org,
    list.map((p) => p.name),
  );
  const playbook =
    'file' in opts.playbook ? loadYamlFile(opts.playbook.file, playbookSchema, { cacheDir: opts.configCacheDir }) : playbookSchema.parse(opts.playbook.value);
  checkPlaybookAgainstOrganisation('file' in opts.playbook ? opts.playbook.file : '(playbook)', playbook, org);

  // Checked before the database is touched: a refused combination (DEMO_MODE=true on 0.0.0.0) changes nothing.
  const settings = (opts.platforms ?? {}) as Record<string, unknown>;
  const web = webSettings(
    opts.web ?? {},
    list.filter((p) => p.name !== 'console' && settings[p.name] !== undefined).map((p) => p.name),
  );

  const { db, sqlite, close } = openDatabase(opts.databaseFile);
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
  const instances: Record<string, PlatformInstance> = {};
  const connections = () => {
    const found: Record<string, ConnectionStatus> = {};
    for (const [name, instance] of Object.entries(instances)) {
      const status = instance.connection?.();
      if (status) found[name] = status;
    }
    return found;
  };
  // A database file deleted or replaced under us: say so loudly and stop writing (watch.ts).
  let clockLoop: ClockLoop | undefined;
  let reportSchedule: ReportSchedule | undefined;
  const watch = new DatabaseWatch(opts.databaseFile, sqlite, (status) => {
    opts.logger.fatal({ problem: status.problem, database: opts.databaseFile }, status.detail);
    clockLoop?.stop();
    void reportSchedule?.stop();
    void drain.stop();
  });
  const backups = opts.backups ? new Backups(sqlite, opts.backups, opts.logger) : undefined;
  const health = new HealthMonitor({
    db,
    sqlite,
    watch,
    logger: opts.logger,
    timeZone: opts.timeZone,
    connections,
    backup: () => backups && { lastAt: backups.lastAt, lastError: backups.lastError },
  });
  const metrics = createMetrics({
    core,
    connections,
    // As /healthz decides it: ours, and a write goes through (a full disk, a lock held elsewhere).
    databaseOk: () => watch.check().ok,
    recordOk: () => health.lastRecordOk(),
    lastBackupAt: () => backups?.lastAt,
  });

  // Someone the organisation file does not know wrote to the bot: their id, once, for the admin.
  const inbound = {
    ...delivered,
    async receive(...args: Parameters<typeof delivered.receive>) {
      const lost = watch.lost();
      // Refused rather than answered "done" into a file nobody will see again; a webhook gets 503
      // (app.ts) and the platform delivers it again later.
      if (lost) throw new Error(lost.detail);
      const started = performance.now();
      let result;
      try {
        result = await delivered.receive(...args);
      } catch (err) {
        metrics.inboundEvent(args[0].platform, 'failed', (performance.now() - started) / 1000, undefined);
        throw err;
      }
      metrics.inboundEvent(args[0].platform, result.outcome, (performance.now() - started) / 1000, 'command' in result ? result.command : undefined);
      if ('newcomer' in result && result.newcomer)
        opts.logger.info(
          { ...result.newcomer },
          'unknown sender registered as a guest; add them to the organisation file (members[].ids.<platform>) to give them a role',
        );
      return result;
    },
  };

  const routes = new Map<string, Hono>();
  const routePlatforms = new Map<string, string>();
  for (const platform of list) {
    if (settings[platform.name] === undefined) continue;
    const logger = opts.logger.child({ platform: platform.name });
    const instance = platform.create(settings[platform.name], { inbound, clock: opts.clock, timeZone: opts.timeZone, botName: opts.botName, logger });
    instances[platform.name] = instance;
    adapters.set(platform.name, instance.adapter);
    if (instance.adapter.capabilities.directMessages) directPlatforms.add(platform.name);
    if (instance.adapter.capabilities.urgent && instance.adapter.urgent) urgentPlatforms.add(platform.name);
    for (const [path, app] of instance.routes ?? []) {
      routes.set(path, app);
      routePlatforms.set(path, platform.name);
    }
  }
  // Always mounted, so an unconfigured deployment answers with what to set rather than 404.
  routes.set(
    '/api/signals',
    signalsRoutes({
      core,
      drain,
      logger: opts.logger,
      auth: opts.signals ?? { tokens: new Map(), hmacSecret: undefined, toleranceSeconds: 300 },
      onIngested: (received) => metrics.signalsIngested(received),
    }),
  );
  routes.set('/api/incidents', incidentsApi({ core, adminToken: opts.adminToken }));
  routes.set('/api/archive', archiveApi({ core, adminToken: opts.adminToken }));
  const app = buildApp({
    core,
    inbound,
    logger: opts.logger,
    routes,
    web,
    sessionSecret: web.sessionSecret ?? keptSecret(db, 'session_secret'),
    ops: { health, metrics, routePlatforms, unavailable: () => watch.lost()?.detail, metricsToken: opts.metricsToken },
  });

  let pruneTimer: NodeJS.Timeout | undefined;
  const loop = (clockLoop = new ClockLoop(core, drain, opts.logger));
  const reports = (reportSchedule = new ReportSchedule(core, () => loop.tick(), opts.logger));
  return {
    app,
    core,
    drain,
    clockLoop: loop,
    platforms: instances as PlatformInstances<List>,
    web,
    sqlite,
    health,
    metrics,
    backups,
    async start() {
      watch.start();
      health.start();
      backups?.start();
      const prune = () => {
        if (watch.lost()) return;
        const removed = pruneInbox(db, opts.clock.now(), opts.inboxKeepMs);
        if (removed > 0) opts.logger.info({ removed }, 'inbox pruned');
        if (opts.guestKeepMs !== undefined) {
          const forgotten = forgetIdleGuests(db, opts.clock.now(), opts.guestKeepMs);
          if (forgotten > 0) opts.logger.info({ forgotten }, 'idle guests forgotten (GUEST_KEEP_DAYS)');
        }
        const wiped = wipeExpiredLinks(db, opts.clock.now());
        if (wiped > 0) opts.logger.info({ wiped }, 'expired sign-in links wiped from stored messages');
      };
      prune();
      pruneTimer = setInterval(prune, 60 * 60 * 1000);
      pruneTimer.unref();
      loop.start();
      reports.start();
      // Each platform connects in turn; one that cannot (a puppet that fails) does not keep the
      // others from starting. The first failure is reported to the caller.
      const failures: unknown[] = [];
      for (const instance of Object.values(instances)) await Promise.resolve(instance.start?.()).catch((err: unknown) => failures.push(err));
      if (failures.length > 0) throw failures[0];
    },
    async close() {
      loop.stop();
      await reports.stop();
      watch.stop();
      health.stop();
      backups?.stop();
      if (pruneTimer) clearInterval(pruneTimer);
      for (const instance of Object.values(instances)) await instance.stop?.();
      await drain.stop();
      close();
    },
  };
}
