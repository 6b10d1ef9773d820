// The outbox drain against adapters that fail: retries with backoff, per-chat order, dead letters,
// and a card changed while its delivery was in flight.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { botMessages, outbox, timeline } from '../../src/db/schema';
import { textCard, type Card } from '../../src/core/cards/card';
import { enqueueCard, refreshSubject } from '../../src/core/write/outbox';
import { PermanentDeliveryError, type PlatformAdapter } from '../../src/core/ports';
import { createLogger } from '../../src/logger';
import { OutboxDrain } from '../../src/delivery/drain';
import { startBot } from '../helpers/runtime';

/** A platform at the network edge that records what it receives and fails when told to. */
function recordingPlatform(failures: (call: number) => Error | undefined = () => undefined) {
  const sent: { chatId: string; title: string }[] = [];
  const updates: { ref: string; title: string }[] = [];
  let calls = 0;
  const adapter: PlatformAdapter<Card> & { beforeSend?: () => void } = {
    name: 'edge',
    capabilities: { cards: true, updateCards: true, urgent: false, buttons: true, directMessages: false },
    render: (card) => card,
    async send(target, rendered) {
      const failure = failures(++calls);
      if (failure) throw failure;
      adapter.beforeSend?.();
      sent.push({ chatId: target.chatId, title: rendered.title });
      return { platformRef: `m${sent.length}` };
    },
    async update(ref, rendered) {
      updates.push({ ref, title: rendered.title });
    },
  };
  return { adapter, sent, updates };
}

function setup(adapter: PlatformAdapter<any>) {
  const bot = startBot();
  const drain = new OutboxDrain({
    db: bot.core.db,
    clock: bot.clock,
    adapters: new Map([['edge', adapter]]),
    logger: createLogger('silent'),
    maxAttempts: 3,
    baseDelayMs: 1000,
  });
  const queue = (chatId: string, title: string, priority = 5, subject?: string) =>
    bot.core.db.transaction((tx) =>
      enqueueCard(tx, { platform: 'edge', chatId }, textCard(title, title), { now: bot.clock.now(), priority, ...(subject ? { subject } : {}) }),
    );
  return { bot, drain, queue };
}

describe('outbox drain', () => {
  it('retries a failing delivery after a backoff and keeps the chat in order meanwhile', async () => {
    const edge = recordingPlatform((call) => (call === 1 ? new Error('HTTP 503') : undefined));
    const { bot, drain, queue } = setup(edge.adapter);
    queue('g1', 'first');
    queue('g1', 'second');
    await drain.drain();
    expect(edge.sent).toEqual([]); // first failed; second waits behind it
    const row = bot.core.db.select().from(outbox).where(eq(outbox.id, 1)).get()!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect(row.nextAttemptAt).toBeGreaterThan(bot.clock.now());
    bot.clock.advance(1000);
    await drain.drain();
    expect(edge.sent.map((s) => s.title)).toEqual(['first', 'second']);
  });

  it('a due message is sent even when more than a batch of other chats are waiting out a backoff', async () => {
    const edge = recordingPlatform((call) => (call <= 60 ? new Error('HTTP 429') : undefined));
    const { bot, drain, queue } = setup(edge.adapter);
    for (let i = 0; i < 60; i++) queue(`busy-${i}`, `b${i}`, 0);
    await drain.drain(); // 60 failures, all now in backoff
    queue('healthy', 'due now', 9);
    await drain.drain();
    expect(edge.sent.map((s) => s.chatId)).toEqual(['healthy']);
    expect(bot.core.db.select().from(outbox).where(eq(outbox.status, 'pending')).all()).toHaveLength(60);
  });

  it('sends the most urgent chat first', async () => {
    const edge = recordingPlatform();
    const { drain, queue } = setup(edge.adapter);
    queue('routine', 'reminder', 9);
    queue('red', 'red warning', 0);
    await drain.drain();
    expect(edge.sent.map((s) => s.title)).toEqual(['red warning', 'reminder']);
  });

  it('buries a permanent error at once, and the last failed attempt after max attempts', async () => {
    const edge = recordingPlatform((call) => (call === 1 ? new PermanentDeliveryError('bot removed from chat') : new Error('timeout')));
    const { bot, drain, queue } = setup(edge.adapter);
    queue('gone', 'a');
    queue('flaky', 'b');
    for (let i = 0; i < 5; i++) {
      await drain.drain();
      bot.clock.advance(10 * 60_000);
    }
    const rows = bot.core.db.select().from(outbox).all();
    expect(rows.filter((r) => r.platform === 'edge').map((r) => [r.chatId, r.status, r.attempts, r.lastError])).toEqual([
      ['gone', 'dead', 1, 'bot removed from chat'],
      ['flaky', 'dead', 3, 'timeout'],
    ]);
    // Each dead letter was reported to the command centre (the console, not enabled in this drain,
    // so those reports die too — and are not reported again).
    const reports = rows.filter((r) => r.platform === 'console');
    expect(reports.map((r) => r.chatId)).toEqual(['command', 'command']);
    expect(reports.every((r) => r.status === 'dead')).toBe(true);
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .all()
        .filter((t) => t.kind === 'delivery_failed')
        .map((t) => t.text),
    ).toEqual(['消息「a」未能送达 edge「gone」：bot removed from chat', '消息「b」未能送达 edge「flaky」：timeout']);
  });

  it('the console recognises a redelivered send by its idempotency key', async () => {
    const bot = startBot();
    const { consoleAdapter } = await import('../../adapters/console/send');
    const { ConsoleStore } = await import('../../adapters/console/store');
    const store = new ConsoleStore();
    const adapter = consoleAdapter(store, bot.clock);
    const card = adapter.render(textCard('x', 'x'));
    const first = await adapter.send({ chatId: 'command', idempotencyKey: 'fenghuo-7' }, card, card);
    const again = await adapter.send({ chatId: 'command', idempotencyKey: 'fenghuo-7' }, card, card);
    expect(again.platformRef).toBe(first.platformRef);
    expect(store.recent('command', 'anyone').length).toBe(1);
  });

  it('a platform without an enabled adapter ends in a dead letter that says so', async () => {
    const { bot, drain } = setup(recordingPlatform().adapter);
    bot.core.db.transaction((tx) => enqueueCard(tx, { platform: 'feishu', chatId: 'oc_1' }, textCard('x', 'x'), { now: 0, priority: 5 }));
    await drain.drain();
    expect(bot.core.db.select().from(outbox).get()).toMatchObject({ status: 'dead', lastError: '平台 feishu 的适配器未启用' });
  });

  it('a card refreshed while its send is in flight gets one more update with the newest card', async () => {
    const edge = recordingPlatform();
    const { bot, drain, queue } = setup(edge.adapter);
    queue('g1', 'v1', 5, 'incident:1');
    edge.adapter.beforeSend = () => {
      edge.adapter.beforeSend = undefined;
      bot.core.db.transaction((tx) => refreshSubject(tx, 'incident:1', textCard('v2', 'v2'), { now: bot.clock.now() }));
    };
    await drain.drain();
    expect(edge.sent.map((s) => s.title)).toEqual(['v1']);
    expect(edge.updates).toEqual([{ ref: 'm1', title: 'v2' }]);
    expect(bot.core.db.select().from(botMessages).get()).toMatchObject({ version: 2, deliveredVersion: 2 });
  });

  it('refreshing a card whose send is still queued sends the newest card once, with no update', async () => {
    const edge = recordingPlatform();
    const { bot, drain, queue } = setup(edge.adapter);
    queue('g1', 'v1', 5, 'incident:1');
    bot.core.db.transaction((tx) => refreshSubject(tx, 'incident:1', textCard('v2', 'v2'), { now: bot.clock.now() }));
    await drain.drain();
    expect(edge.sent.map((s) => s.title)).toEqual(['v2']);
    expect(edge.updates).toEqual([]);
  });
});

describe('two drains on one database', () => {
  it("each row is delivered by exactly one of them (leases), and a crashed holder's lease runs out", async () => {
    const bot = startBot();
    const { openDatabase } = await import('../../src/db/open');
    const second = openDatabase(bot.dbFile); // another connection, as another process would have
    const delivered: string[] = [];
    const slowEdge: PlatformAdapter<Card> = {
      name: 'edge',
      capabilities: { cards: true, updateCards: false, urgent: false, buttons: true, directMessages: false },
      render: (card) => card,
      async send(target, rendered) {
        await new Promise((r) => setTimeout(r, 2));
        delivered.push(`${target.chatId}/${rendered.title}`);
        return { platformRef: `m${delivered.length}` };
      },
    };
    const make = (db: typeof bot.core.db) => new OutboxDrain({ db, clock: bot.clock, adapters: new Map([['edge', slowEdge]]), logger: createLogger('silent') });
    bot.core.db.transaction((tx) => {
      for (let i = 0; i < 120; i++) enqueueCard(tx, { platform: 'edge', chatId: `g${i % 30}` }, textCard(`m${i}`, 'x'), { now: bot.clock.now(), priority: 5 });
    });
    const a = make(bot.core.db);
    const b = make(second.db);
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    await expect.poll(() => delivered.length, { timeout: 10_000 }).toBe(120);
    expect(new Set(delivered).size).toBe(120);
    second.close();

    // A holder that died mid-delivery: its lease runs out and the row goes out once more.
    const wall = {
      t: Date.now(),
      now() {
        return this.t;
      },
    };
    bot.core.db.transaction((tx) => enqueueCard(tx, { platform: 'edge', chatId: 'late' }, textCard('orphan', 'x'), { now: bot.clock.now(), priority: 5 }));
    const row = bot.core.db
      .select()
      .from(outbox)
      .all()
      .find((r) => r.chatId === 'late')!;
    bot.core.db
      .update(outbox)
      .set({ leaseUntil: wall.t + 30_000 })
      .where(eq(outbox.id, row.id))
      .run();
    const c = new OutboxDrain({ db: bot.core.db, clock: bot.clock, adapters: new Map([['edge', slowEdge]]), logger: createLogger('silent'), wallClock: wall });
    await c.drain();
    expect(delivered).not.toContain('late/orphan');
    wall.t += 30_001;
    await c.drain();
    expect(delivered.filter((d) => d === 'late/orphan')).toHaveLength(1);
  });
});
