// Sliding-window limits: at most `max` calls in any `perMs` window. Fixed windows and token
// buckets (what the usual libraries implement) allow up to twice the count across a window edge;
// the platforms do not say how they count, so we count the strict way and are never throttled.
import type { RateLimit } from '../core/ports';

export interface LimitKey {
  key: string;
  max: number;
  perMs: number;
}

/** One call's place in its windows. The platform counts a call when it arrives, somewhere between
 * our start and its answer; `settle` moves the call to its answer time, so in-flight latency can
 * never let the next window open early. Until settled, a call counts as happening now. */
interface Slot {
  at: number;
  inFlight: boolean;
}

export type Taken = { ok: true; settle(now: number): void } | { ok: false; waitMs: number };

export class SlidingWindowLimiter {
  private readonly calls = new Map<string, Slot[]>();

  /** Takes one slot in every window, or none: then says how long until all would have room. */
  tryTake(keys: readonly LimitKey[], now: number): Taken {
    let waitMs = 0;
    for (const k of keys) {
      const recent = this.recent(k, now);
      if (recent.length < k.max) continue;
      const oldest = recent.map((s) => (s.inFlight ? now : s.at)).sort((a, b) => a - b)[recent.length - k.max]!;
      waitMs = Math.max(waitMs, oldest + k.perMs - now, 1);
    }
    if (waitMs > 0) return { ok: false, waitMs };
    const slot: Slot = { at: now, inFlight: true };
    for (const k of keys) this.recent(k, now).push(slot);
    return {
      ok: true,
      settle: (at: number) => {
        slot.at = Math.max(slot.at, at);
        slot.inFlight = false;
      },
    };
  }

  private recent(k: LimitKey, now: number): Slot[] {
    const list = (this.calls.get(k.key) ?? []).filter((s) => s.inFlight || s.at > now - k.perMs);
    this.calls.set(k.key, list);
    return list;
  }
}

/** The windows one outbox row falls into, from the adapter's declared limits. */
export function limitKeysFor(platform: string, limits: readonly RateLimit[], op: RateLimit['op'], chatId: string, messageRef: string | null): LimitKey[] {
  return limits
    .filter((l) => l.op === op && (l.scope !== 'message' || messageRef))
    .map((l) => {
      const subject = l.scope === 'app' ? '' : l.scope === 'chat' ? chatId : messageRef!;
      return { key: `${platform}:${op}:${l.scope}:${l.perMs}:${subject}`, max: l.max, perMs: l.perMs };
    });
}
