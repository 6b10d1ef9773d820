// What /healthz reports and what stops the bot taking commands: the database (ours, writable),
// the record's hash chain (checked at start and every few minutes, so a long record is not
// re-hashed on every probe), each long connection, the outbox and the last backup.
import { eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { ConnectionStatus } from '../../adapters/platform';
import { outbox } from '../db/schema';
import type { Db } from '../db/types';
import { verifyRecord, type RecordCheck } from '../db/verify-record';
import type { DatabaseStatus, DatabaseWatch } from '../db/watch';
import type { Logger } from '../logger';

/** A long connection may be away this long (a reconnect) before /healthz says the bot is deaf. */
const CONNECTION_GRACE_MS = 90_000;
export const RECORD_CHECK_MS = 10 * 60 * 1000;

export interface HealthReport {
  ok: boolean;
  database: DatabaseStatus;
  record: { ok: boolean; checkedAt: number; links: number; head: string | null; problems: string[] } | undefined;
  connections: Record<string, ConnectionStatus & { ok: boolean }>;
  outbox: { pending: number; dead: number };
  backup: { lastAt: number | undefined; lastError: string | undefined } | undefined;
}

export interface HealthDeps {
  db: Db;
  sqlite: Database.Database;
  watch: DatabaseWatch;
  logger: Logger;
  timeZone: string;
  connections(): Record<string, ConnectionStatus>;
  backup(): HealthReport['backup'];
}

export class HealthMonitor {
  private record: (RecordCheck & { checkedAt: number }) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: HealthDeps) {}

  /** Checks the record now and then every `everyMs`; a broken chain is logged loudly each time. */
  start(everyMs = RECORD_CHECK_MS): void {
    this.checkRecord();
    this.timer ??= setInterval(() => this.checkRecord(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  checkRecord(): RecordCheck {
    const check = verifyRecord(this.deps.sqlite, this.deps.timeZone);
    this.record = { ...check, checkedAt: Date.now() };
    if (check.ok) this.deps.logger.info({ links: check.links, head: check.head }, 'record checked: the hash chain is whole');
    else
      this.deps.logger.error(
        { problems: check.problems.map((p) => p.text), links: check.links },
        '记录被改动过 / the record was tampered with: npm run verify-record names the rows',
      );
    return check;
  }

  /** The last record check's verdict; undefined before the first. */
  lastRecordOk(): boolean | undefined {
    return this.record?.ok;
  }

  report(): HealthReport {
    const database = this.deps.watch.check();
    const now = Date.now();
    const connections = Object.fromEntries(
      Object.entries(this.deps.connections()).map(([name, s]) => [
        name,
        { ...s, ok: s.state === 'connected' || (s.state !== 'down' && now - s.since < CONNECTION_GRACE_MS) },
      ]),
    );
    const record = this.record && {
      ok: this.record.ok,
      checkedAt: this.record.checkedAt,
      links: this.record.links,
      head: this.record.head,
      problems: this.record.problems.map((p) => p.text),
    };
    const count = (status: 'pending' | 'dead') =>
      database.ok
        ? (this.deps.db
            .select({ n: sql<number>`count(*)` })
            .from(outbox)
            .where(eq(outbox.status, status))
            .get()?.n ?? 0)
        : 0;
    const ok = database.ok && record?.ok !== false && Object.values(connections).every((c) => c.ok);
    return { ok, database, record, connections, outbox: { pending: count('pending'), dead: count('dead') }, backup: this.deps.backup() };
  }
}
