import { describe, expect, it } from 'vitest';
import { limitKeysFor, SlidingWindowLimiter } from '../../src/delivery/rate-limiter';

function take(limiter: SlidingWindowLimiter, keys: Parameters<SlidingWindowLimiter['tryTake']>[0], now: number) {
  const taken = limiter.tryTake(keys, now);
  if (!taken.ok) throw new Error(`expected a slot at ${now}, told to wait ${taken.waitMs} ms`);
  return taken;
}

describe('SlidingWindowLimiter', () => {
  it('allows max calls in any window and says how long until the next', () => {
    const limiter = new SlidingWindowLimiter();
    const key = [{ key: 'chat', max: 5, perMs: 1000 }];
    for (let i = 0; i < 5; i++) take(limiter, key, 1000 + i * 100).settle(1000 + i * 100);
    expect(limiter.tryTake(key, 1450)).toEqual({ ok: false, waitMs: 550 }); // the first call leaves at 2000
    take(limiter, key, 2000).settle(2000);
    // Across the window edge never more than 5 within 1000 ms (a fixed window would allow 10).
    expect(limiter.tryTake(key, 2050)).toEqual({ ok: false, waitMs: 50 });
  });

  it('takes a slot in every window or in none', () => {
    const limiter = new SlidingWindowLimiter();
    const app = { key: 'app', max: 2, perMs: 1000 };
    const chatA = { key: 'a', max: 5, perMs: 1000 };
    const chatB = { key: 'b', max: 1, perMs: 1000 };
    take(limiter, [app, chatB], 0).settle(0);
    expect(limiter.tryTake([app, chatB], 10)).toMatchObject({ ok: false });
    take(limiter, [app, chatA], 20).settle(20); // the app slot was not taken by the refused call
    expect(limiter.tryTake([app, chatA], 30)).toMatchObject({ ok: false, waitMs: 970 });
  });

  it('a call counts from its answer, not its start: a slow call keeps the window shut longer', () => {
    const limiter = new SlidingWindowLimiter();
    const key = [{ key: 'app', max: 1, perMs: 1000 }];
    const slow = take(limiter, key, 0);
    expect(limiter.tryTake(key, 900)).toMatchObject({ ok: false }); // still in flight
    slow.settle(1500); // answered after 1.5 s: the platform may have counted it as late as that
    expect(limiter.tryTake(key, 2000)).toEqual({ ok: false, waitMs: 500 });
    expect(limiter.tryTake(key, 2500)).toMatchObject({ ok: true });
  });

  it('derives per-app, per-chat and per-message keys from declared limits', () => {
    const limits = [
      { op: 'send' as const, scope: 'app' as const, max: 50, perMs: 1000 },
      { op: 'send' as const, scope: 'chat' as const, max: 5, perMs: 1000 },
      { op: 'update' as const, scope: 'message' as const, max: 5, perMs: 1000 },
    ];
    expect(limitKeysFor('feishu', limits, 'send', 'oc_1', null).map((k) => k.key)).toEqual(['feishu:send:app:1000:', 'feishu:send:chat:1000:oc_1']);
    expect(limitKeysFor('feishu', limits, 'update', 'oc_1', 'om_9').map((k) => k.key)).toEqual(['feishu:update:message:1000:om_9']);
  });
});
