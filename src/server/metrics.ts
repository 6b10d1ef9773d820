// GET /metrics in Prometheus' text format (prom-client): webhook requests by platform and outcome,
// inbound events and command latency, outbox depth and age and dead letters by platform, job lag,
// signals ingested, each long connection's state, the database, the record and the last backup.
// Counters are counted as things happen; the rest is read from the database at each scrape.
import { and, eq, lte, sql } from 'drizzle-orm';
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';
import type { ConnectionStatus } from '../../adapters/platform';
import type { Core } from '../core/context';
import { jobs, outbox } from '../db/schema';

export interface MetricsSources {
  core: Core;
  connections(): Record<string, ConnectionStatus>;
  databaseOk(): boolean;
  recordOk(): boolean | undefined;
  lastBackupAt(): number | undefined;
}

export interface Metrics {
  /** Built at the first scrape or count: prom-client is not loaded before anything needs it. */
  registry(): PromClient.Registry;
  webhookRequest(platform: string, status: number): void;
  inboundEvent(platform: string, outcome: string, seconds: number, command: string | undefined): void;
  signalsIngested(count: number): void;
}

const require = createRequire(import.meta.url);

export function createMetrics(sources: MetricsSources): Metrics {
  let built: ReturnType<typeof build> | undefined;
  const metrics = () => (built ??= build(sources));
  return {
    registry: () => metrics().registry,
    webhookRequest(platform, status) {
      metrics().webhook.inc({ platform, outcome: status < 400 ? 'ok' : status < 500 ? 'refused' : 'failed' });
    },
    inboundEvent(platform, outcome, seconds, command) {
      const m = metrics();
      m.events.inc({ platform, outcome });
      if (command !== undefined) m.commands.observe({ platform }, seconds);
    },
    signalsIngested(count) {
      metrics().signals.inc(count);
    },
  };
}

function build(sources: MetricsSources) {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = require('prom-client') as typeof PromClient;
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'fenghuo_' });
  const webhook = new Counter({
    name: 'fenghuo_webhook_requests_total',
    help: 'Webhook requests by platform and outcome (ok, refused, failed)',
    labelNames: ['platform', 'outcome'],
    registers,
  });
  const events = new Counter({
    name: 'fenghuo_inbound_events_total',
    help: 'Events the core received, by platform and outcome',
    labelNames: ['platform', 'outcome'],
    registers,
  });
  const commands = new Histogram({
    name: 'fenghuo_command_duration_seconds',
    help: 'Time from receiving a command to its change being saved, by platform',
    labelNames: ['platform'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const signals = new Counter({ name: 'fenghuo_signals_ingested_total', help: 'Monitoring signals received on /api/signals', registers });
  const db = sources.core.db;
  const now = () => sources.core.clock.now();
  new Gauge({
    name: 'fenghuo_outbox_pending',
    help: 'Messages waiting to be delivered, by platform',
    labelNames: ['platform'],
    registers,
    collect() {
      this.reset();
      for (const row of byPlatform('pending')) this.set({ platform: row.platform }, row.n);
    },
  });
  new Gauge({
    name: 'fenghuo_outbox_oldest_pending_seconds',
    help: 'Age of the oldest message waiting to be delivered, by platform',
    labelNames: ['platform'],
    registers,
    collect() {
      this.reset();
      for (const row of byPlatform('pending')) this.set({ platform: row.platform }, Math.max(0, (now() - row.oldest) / 1000));
    },
  });
  new Gauge({
    name: 'fenghuo_outbox_dead',
    help: 'Messages given up on (dead letters), by platform',
    labelNames: ['platform'],
    registers,
    collect() {
      this.reset();
      for (const row of byPlatform('dead')) this.set({ platform: row.platform }, row.n);
    },
  });
  new Gauge({
    name: 'fenghuo_job_lag_seconds',
    help: 'How long the oldest due reminder or escalation has waited to fire (0 when none is due)',
    registers,
    collect() {
      const t = now();
      const oldest = db
        .select({ due: sql<number | null>`min(${jobs.dueAt})` })
        .from(jobs)
        .where(and(eq(jobs.status, 'pending'), lte(jobs.dueAt, t)))
        .get()?.due;
      this.set(oldest === null || oldest === undefined ? 0 : (t - oldest) / 1000);
    },
  });
  new Gauge({
    name: 'fenghuo_long_connection_up',
    help: 'Whether each long connection is connected (1) or not (0)',
    labelNames: ['platform'],
    registers,
    collect() {
      this.reset();
      for (const [platform, status] of Object.entries(sources.connections())) this.set({ platform }, status.state === 'connected' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'fenghuo_long_connection_reconnects',
    help: 'Times each long connection was connected again after a drop or a restart',
    labelNames: ['platform'],
    registers,
    collect() {
      this.reset();
      for (const [platform, status] of Object.entries(sources.connections())) this.set({ platform }, status.reconnects);
    },
  });
  new Gauge({
    name: 'fenghuo_database_ok',
    help: 'The database file is the one opened at start and takes writes (1) or not (0)',
    registers,
    collect() {
      this.set(sources.databaseOk() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'fenghuo_record_ok',
    help: 'The record hash chain checked out at its last check (1) or not (0)',
    registers,
    collect() {
      const ok = sources.recordOk();
      if (ok !== undefined) this.set(ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'fenghuo_backup_last_success_timestamp_seconds',
    help: 'When the last backup was written (Unix seconds)',
    registers,
    collect() {
      const at = sources.lastBackupAt();
      if (at !== undefined) this.set(at / 1000);
    },
  });

  function byPlatform(status: 'pending' | 'dead') {
    return db
      .select({ platform: outbox.platform, n: sql<number>`count(*)`, oldest: sql<number>`min(${outbox.createdAt})` })
      .from(outbox)
      .where(eq(outbox.status, status))
      .groupBy(outbox.platform)
      .all();
  }

  return { registry, webhook, events, commands, signals };
}
