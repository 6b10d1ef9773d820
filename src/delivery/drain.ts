// Delivers queued messages through the adapters. Order is kept per chat (a chat's rows go in id
// order, one at a time) and urgent rows go first. Failures back off and retry; permanent errors
// and the last attempt end in a dead letter that 状态 counts. Each platform's documented rate
// limits (its adapter's rateLimits) are kept by a sliding window per app, chat or message.
import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { reportDeadLetter } from '../core/system/dead-letter';
import type { Db } from '../db/types';
import { botMessages, outbox } from '../db/schema';
import type { Card } from '../core/cards/card';
import { systemClock, type Clock } from '../core/clock';
import { limitKeysFor, SlidingWindowLimiter } from './rate-limiter';
import { UrgentPusher } from './urgent';
import { PermanentDeliveryError, RetryLaterError, type PlatformAdapter } from '../core/ports';
import type { Logger } from '../logger';

export interface DrainOptions {
  db: Db;
  clock: Clock;
  adapters: ReadonlyMap<string, PlatformAdapter>;
  logger: Logger;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Rate limits and leases count real time, whatever the business clock says. */
  wallClock?: Clock;
  /** How long a delivery may hold its row before another drain may take it over (a crashed process's rows). */
  leaseMs?: number | undefined;
}

type Row = typeof outbox.$inferSelect;

export class OutboxDrain {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: NodeJS.Timeout | null = null;
  private readonly limiter = new SlidingWindowLimiter();
  /** 加急 rides on delivered cards: the pushes whose cards this drain delivered go out after them. */
  private readonly urgent: UrgentPusher;

  constructor(private readonly opts: DrainOptions) {
    this.urgent = new UrgentPusher(opts);
  }

  /** Delivers everything due now; resolves when the queue has nothing due. Safe to call often. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.deliverBatch()) + (await this.urgent.push()) > 0);
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /**
   * Drains after the current turn, for callers that have just queued something and must not wait
   * for delivery (a webhook answering its platform). A failure is logged; the poll retries.
   */
  kick(): void {
    setImmediate(() => this.drainLogged());
  }

  /** Polls for due rows (retries, rows written by another process) until stopped. */
  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => this.drainLogged(), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.wake) clearTimeout(this.wake);
    this.timer = null;
    this.wake = null;
    await this.running;
  }

  private async deliverBatch(): Promise<number> {
    const { db, clock } = this.opts;
    const now = clock.now();
    // The first pending row of each chat, if it is due, most urgent first: later rows of a chat
    // wait their turn, and a chat in backoff does not hold up the others.
    const heads = db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          lte(outbox.nextAttemptAt, now),
          // Held by a delivery in progress (here or in another process): that chat waits its turn.
          or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, this.wallNow())),
          sql`${outbox.id} = (select min(o2.id) from outbox o2 where o2.status = 'pending' and o2.platform = ${outbox.platform} and o2.chat_id = ${outbox.chatId})`,
        ),
      )
      .orderBy(asc(outbox.priority), asc(outbox.id))
      .limit(50)
      .all();
    // deliver() settles every row itself; allSettled keeps one surprise from abandoning the rest.
    // Each deliver() takes its rate-limit slots before its first await, so the checks run in order.
    const results = await Promise.allSettled(heads.map((row) => this.deliver(row)));
    let started = 0;
    let waitMs = Infinity;
    for (const r of results) {
      if (r.status === 'rejected') this.opts.logger.error({ err: r.reason }, 'outbox delivery bookkeeping failed');
      else if (r.value === 'started') started++;
      else if (r.value !== 'taken') waitMs = Math.min(waitMs, r.value.waitMs);
    }
    if (started === 0 && waitMs !== Infinity) this.wakeIn(waitMs);
    return started;
  }

  /** Comes back for rows that waited on a rate limit; the 1 s poll would too, only later. */
  private wakeIn(ms: number): void {
    if (this.wake) return;
    this.wake = setTimeout(
      () => {
        this.wake = null;
        this.drainLogged();
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  private drainLogged(): void {
    this.drain().catch((err) => this.opts.logger.error({ err }, 'outbox drain failed'));
  }

  private wallNow(): number {
    return (this.opts.wallClock ?? systemClock).now();
  }

  /**
   * Takes the row for this drain until the lease ends: a conditional UPDATE, so of two processes
   * draining one database exactly one delivers it. A crashed process's lease simply runs out.
   */
  private lease(row: Row): boolean {
    const now = this.wallNow();
    const taken = this.opts.db
      .update(outbox)
      .set({ leaseUntil: now + (this.opts.leaseMs ?? 60_000) })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now))))
      .returning({ id: outbox.id })
      .get();
    return taken !== undefined;
  }

  private async deliver(row: Row): Promise<'started' | 'taken' | { waitMs: number }> {
    // The lease comes first: whatever happens to the row next (even burying it) is this drain's alone.
    if (!this.lease(row)) return 'taken';
    const message = this.opts.db.select().from(botMessages).where(eq(botMessages.id, row.botMessageId)).get();
    const adapter = this.opts.adapters.get(row.platform);
    if (!message || !adapter) {
      this.bury(row, message ? `平台 ${row.platform} 的适配器未启用` : `消息 ${row.botMessageId} 不存在`);
      return 'started';
    }
    const op = row.kind === 'send' || !message.platformRef ? 'send' : 'update';
    const keys = limitKeysFor(row.platform, adapter.rateLimits ?? [], op, row.chatId, message.platformRef);
    const slot = this.limiter.tryTake(keys, this.wallNow());
    if (!slot.ok) {
      this.opts.db.update(outbox).set({ leaseUntil: null }).where(eq(outbox.id, row.id)).run();
      return { waitMs: slot.waitMs };
    }
    try {
      await this.attempt(row, message, adapter);
    } finally {
      slot.settle(this.wallNow());
    }
    return 'started';
  }

  private async attempt(row: Row, message: typeof botMessages.$inferSelect, adapter: PlatformAdapter): Promise<void> {
    const { db, clock, logger } = this.opts;
    const card = message.card as Card;
    let platformRef: string;
    try {
      const rendered = adapter.render(card);
      if (row.kind === 'send' || !message.platformRef) {
        // The key is the row's: a retry after a lost answer is recognised by the platform. The
        // creation time keeps it unique across databases (a reset, a staging copy of the same app).
        ({ platformRef } = await adapter.send(
          { chatId: row.chatId, idempotencyKey: `fenghuo-${row.id}-${row.createdAt.toString(36)}`, privateTo: message.recipient ?? undefined },
          rendered,
          card,
        ));
      } else {
        platformRef = message.platformRef;
        // A platform that cannot edit messages: the refreshed state is seen through 状态.
        if (adapter.update && adapter.capabilities.updateCards) await adapter.update(platformRef, rendered, card);
      }
    } catch (err) {
      const permanent = err instanceof PermanentDeliveryError;
      // Being told to slow down is not a failed attempt: a busy group (5/s shared by every bot in
      // it) must not turn a warning into a dead letter.
      const attempts = err instanceof RetryLaterError ? row.attempts : row.attempts + 1;
      const max = this.opts.maxAttempts ?? 8;
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ outboxId: row.id, platform: row.platform, attempts, permanent, reason }, 'delivery failed');
      if (permanent || attempts >= max) return this.bury(row, reason, attempts);
      const base = this.opts.baseDelayMs ?? 1000;
      const backoff = Math.min(base * 2 ** (attempts - 1), 5 * 60_000) * (0.5 + Math.random() / 2);
      // A platform that names its reset time is believed; otherwise exponential backoff with jitter.
      const delay = err instanceof RetryLaterError ? Math.max(err.retryAfterMs, 0) : backoff;
      db.update(outbox)
        .set({ attempts, lastError: reason, nextAttemptAt: clock.now() + Math.round(delay), leaseUntil: null })
        .where(eq(outbox.id, row.id))
        .run();
      return;
    }
    // Outside the try: a failure to record success is not a failed delivery to retry at once.
    this.delivered(row, message.version, platformRef);
  }

  /** Marks the row sent; if the card changed while it was in flight, queues one more update. */
  private delivered(row: Row, version: number, platformRef: string): void {
    const now = this.opts.clock.now();
    this.opts.db.transaction((tx) => {
      tx.update(outbox)
        .set({ status: 'sent', attempts: row.attempts + 1, doneAt: now, lastError: null, leaseUntil: null })
        .where(eq(outbox.id, row.id))
        .run();
      const current = tx.update(botMessages).set({ platformRef, deliveredVersion: version }).where(eq(botMessages.id, row.botMessageId)).returning().get()!;
      const stale = current.version > version;
      const queued = tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.botMessageId, row.botMessageId), eq(outbox.status, 'pending')))
        .get();
      if (stale && !queued) {
        tx.insert(outbox)
          .values({
            kind: 'update',
            platform: row.platform,
            chatId: row.chatId,
            botMessageId: row.botMessageId,
            priority: row.priority,
            status: 'pending',
            nextAttemptAt: now,
            createdAt: now,
          })
          .run();
      }
    });
  }

  /** The last word on a row: dead, and the command centre is told (unless this was such a report). */
  private bury(row: Row, reason: string, attempts = row.attempts + 1): void {
    this.opts.logger.error({ outboxId: row.id, platform: row.platform, chatId: row.chatId, reason }, 'delivery gave up: dead letter');
    const now = this.opts.clock.now();
    this.opts.db.transaction((tx) => {
      tx.update(outbox).set({ status: 'dead', attempts, lastError: reason, doneAt: now, leaseUntil: null }).where(eq(outbox.id, row.id)).run();
      reportDeadLetter(tx, { outboxId: row.id, platform: row.platform, chatId: row.chatId, botMessageId: row.botMessageId, reason }, now);
    });
  }
}
