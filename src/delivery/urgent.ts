// 加急 calls, at most once each. A push (urgent_pushes, written with the warning) waits until the
// person's own card is delivered, then its call is made under a lease: the row says `calling`
// before the call goes out, in a committed write. An answer settles it (done; refused → failed;
// throttled → tried again later). A call that never got an answer — the process died, the
// network dropped — stays unknown and is not repeated: the platform has no idempotency key for
// urgent_app, so repeating could buzz someone twice, and the card itself was delivered anyway.
// A push still waiting when its incident is closed, or whose card ended as a dead letter, is given
// up (failed): nobody is buzzed about a closed incident, and no push waits for a card that never comes.
import { and, asc, eq, inArray, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import { systemClock, type Clock } from '../core/clock';
import { PermanentDeliveryError, RetryLaterError, type PlatformAdapter } from '../core/ports';
import { botMessages, incidents, outbox, urgentPushes } from '../db/schema';
import type { Db } from '../db/types';
import type { Logger } from '../logger';
import { limitKeysFor, SlidingWindowLimiter } from './rate-limiter';

export interface UrgentOptions {
  db: Db;
  clock: Clock;
  adapters: ReadonlyMap<string, PlatformAdapter>;
  logger: Logger;
  wallClock?: Clock | undefined;
  leaseMs?: number | undefined;
}

type Push = typeof urgentPushes.$inferSelect;

/**
 * Calls made at once (the drain comes back for the rest). Each is marked `calling` just before it
 * goes out, so a crash can leave at most this many unknown — not a batch of 50 marked together, most
 * of them never sent before the process died, and so lost. Five at ~100 ms is Feishu's 50 QPS anyway.
 */
const IN_FLIGHT = 5;

export class UrgentPusher {
  private readonly limiter = new SlidingWindowLimiter();

  constructor(private readonly opts: UrgentOptions) {}

  /** Starts the calls that are due and whose cards are delivered; resolves when they are answered. Returns how many calls were made. */
  async push(): Promise<number> {
    const { db, clock } = this.opts;
    const wall = this.wallNow();
    // A call left in flight by a process that died: its outcome is unknown, and it stays so.
    db.update(urgentPushes)
      .set({ status: 'unknown', lastError: '加急请求发出后没有收到应答（进程中断或网络中断），为免重复加急不再重发', doneAt: clock.now(), leaseUntil: null })
      .where(and(eq(urgentPushes.status, 'calling'), lt(urgentPushes.leaseUntil, wall)))
      .run();
    // An incident closed before its push went out: the card arrives grey, and nobody is buzzed about it.
    db.update(urgentPushes)
      .set({ status: 'failed', lastError: '事件已结案，不再加急', doneAt: clock.now() })
      .where(
        and(
          eq(urgentPushes.status, 'pending'),
          inArray(urgentPushes.incidentId, db.select({ id: incidents.id }).from(incidents).where(eq(incidents.status, 'closed'))),
        ),
      )
      .run();
    // A card the platform would not deliver (a dead letter, reported as such): there is nothing to buzz on.
    db.update(urgentPushes)
      .set({ status: 'failed', lastError: '加急卡片没有送达（已记入死信），无法加急', doneAt: clock.now() })
      .where(
        and(
          eq(urgentPushes.status, 'pending'),
          inArray(
            urgentPushes.botMessageId,
            db
              .select({ id: botMessages.id })
              .from(botMessages)
              .where(
                and(
                  isNull(botMessages.platformRef),
                  inArray(botMessages.id, db.select({ id: outbox.botMessageId }).from(outbox).where(eq(outbox.status, 'dead'))),
                ),
              ),
          ),
        ),
      )
      .run();
    const due = db
      .select({ push: urgentPushes, platformRef: botMessages.platformRef })
      .from(urgentPushes)
      .innerJoin(botMessages, eq(botMessages.id, urgentPushes.botMessageId))
      .where(and(eq(urgentPushes.status, 'pending'), lte(urgentPushes.nextAttemptAt, clock.now()), isNotNull(botMessages.platformRef)))
      .orderBy(asc(urgentPushes.id))
      .limit(IN_FLIGHT)
      .all();
    // One call per delivered message, naming everyone to buzz on it (one person for a private card).
    const byMessage = new Map<number, { platformRef: string; pushes: Push[] }>();
    for (const d of due) {
      const entry = byMessage.get(d.push.botMessageId) ?? { platformRef: d.platformRef!, pushes: [] };
      entry.pushes.push(d.push);
      byMessage.set(d.push.botMessageId, entry);
    }
    const calls = await Promise.allSettled([...byMessage.values()].map((m) => this.call(m.platformRef, m.pushes)));
    let made = 0;
    for (const r of calls) {
      if (r.status === 'rejected') this.opts.logger.error({ err: r.reason }, 'urgent push bookkeeping failed');
      else if (r.value) made++;
    }
    return made;
  }

  private async call(platformRef: string, pushes: Push[]): Promise<boolean> {
    const { db, clock, logger } = this.opts;
    const platform = pushes[0]!.platform;
    const adapter = this.opts.adapters.get(platform);
    if (!adapter?.urgent || !adapter.capabilities.urgent) {
      this.settle(pushes, 'failed', `平台 ${platform} 的适配器未启用或不支持加急`);
      return false;
    }
    const slot = this.limiter.tryTake(limitKeysFor(platform, adapter.rateLimits ?? [], 'urgent', '', platformRef), this.wallNow());
    if (!slot.ok) return false; // the poll comes back for it
    // Taken before the call, in its own committed write: a crash from here on leaves it `calling`.
    const ids = pushes.map((p) => p.id);
    const taken = db
      .update(urgentPushes)
      .set({ status: 'calling', leaseUntil: this.wallNow() + (this.opts.leaseMs ?? 60_000), attempts: pushes[0]!.attempts + 1 })
      .where(and(inArray(urgentPushes.id, ids), eq(urgentPushes.status, 'pending')))
      .returning()
      .all();
    if (taken.length === 0) {
      slot.settle(this.wallNow());
      return false;
    }
    try {
      await adapter.urgent(
        platformRef,
        taken.map((p) => p.platformUserId),
      );
      this.settle(taken, 'done', null);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ platform, platformRef, reason }, 'urgent push failed');
      if (err instanceof RetryLaterError) {
        db.update(urgentPushes)
          .set({ status: 'pending', leaseUntil: null, lastError: reason, nextAttemptAt: clock.now() + Math.max(err.retryAfterMs, 1000) })
          .where(
            inArray(
              urgentPushes.id,
              taken.map((p) => p.id),
            ),
          )
          .run();
      } else if (err instanceof PermanentDeliveryError) this.settle(taken, 'failed', reason);
      // No answer we can read (a timeout, a dropped connection, a 5xx): it may have buzzed.
      else this.settle(taken, 'unknown', reason);
    } finally {
      slot.settle(this.wallNow());
    }
    return true;
  }

  private settle(pushes: Push[], status: 'done' | 'failed' | 'unknown', reason: string | null): void {
    this.opts.db
      .update(urgentPushes)
      .set({ status, lastError: reason, leaseUntil: null, doneAt: this.opts.clock.now() })
      .where(
        inArray(
          urgentPushes.id,
          pushes.map((p) => p.id),
        ),
      )
      .run();
  }

  private wallNow(): number {
    return (this.opts.wallClock ?? systemClock).now();
  }
}
