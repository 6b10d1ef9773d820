// 加急 at most once: the delivery's urgent pushes against a platform that answers, throttles,
// refuses or never answers — and a push left in flight by a process that died.
import { describe, expect, it } from 'vitest';
import { textCard, type Card } from '../../src/core/cards/card';
import { enqueueCard } from '../../src/core/write/outbox';
import { PermanentDeliveryError, RetryLaterError, type PlatformAdapter } from '../../src/core/ports';
import { incidents, members, urgentPushes } from '../../src/db/schema';
import { OutboxDrain } from '../../src/delivery/drain';
import { createLogger } from '../../src/logger';
import { startBot } from '../helpers/runtime';

/** A platform at the network edge that can push urgently; `answer` decides each urgent call's fate. */
function urgentPlatform(answer: (call: number) => Error | undefined) {
  const calls: { ref: string; userIds: string[] }[] = [];
  const adapter: PlatformAdapter<Card> = {
    name: 'edge',
    capabilities: { cards: true, updateCards: false, urgent: true, buttons: true, directMessages: true },
    render: (card) => card,
    send: async (target) => ({ platformRef: `m-${target.chatId}` }),
    async urgent(ref, userIds) {
      calls.push({ ref, userIds });
      const failure = answer(calls.length);
      if (failure) throw failure;
    },
  };
  return { adapter, calls };
}

function setup(answer: (call: number) => Error | undefined) {
  const bot = startBot();
  const edge = urgentPlatform(answer);
  const drain = new OutboxDrain({ db: bot.core.db, clock: bot.clock, adapters: new Map([['edge', edge.adapter]]), logger: createLogger('silent') });
  const now = bot.clock.now();
  const incident = bot.core.db
    .insert(incidents)
    .values({
      number: 'YQ-20261121-001',
      title: 't',
      level: 'red',
      status: 'responding',
      originPlatform: 'edge',
      originChatId: 'g',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  const member = bot.core.db.select().from(members).get()!;
  const push = () =>
    bot.core.db.transaction((tx) => {
      const botMessageId = enqueueCard(tx, { platform: 'edge', chatId: 'user:u1' }, textCard('加急', 'x'), { now, priority: 0 });
      return tx
        .insert(urgentPushes)
        .values({
          incidentId: incident.id,
          level: 'red',
          memberId: member.id,
          platform: 'edge',
          platformUserId: 'u1',
          botMessageId,
          status: 'pending',
          nextAttemptAt: now,
          createdAt: now,
        })
        .returning()
        .get();
    });
  const status = () => bot.core.db.select().from(urgentPushes).get()!;
  return { bot, drain, push, status, calls: edge.calls };
}

describe('urgent pushes', () => {
  it('go out once their card is delivered, naming the person, and are done', async () => {
    const { drain, push, status, calls } = setup(() => undefined);
    push();
    await drain.drain();
    expect(calls).toEqual([{ ref: 'm-user:u1', userIds: ['u1'] }]);
    expect(status()).toMatchObject({ status: 'done', attempts: 1 });
    await drain.drain();
    expect(calls).toHaveLength(1);
  });

  it('a throttled push is tried again after the platform’s wait; a refused one is given up', async () => {
    const throttled = setup((n) => (n === 1 ? new RetryLaterError('throttled', 2000) : undefined));
    throttled.push();
    await throttled.drain.drain();
    expect(throttled.status()).toMatchObject({ status: 'pending', lastError: 'throttled' });
    throttled.bot.clock.advance(2000);
    await throttled.drain.drain();
    expect(throttled.calls).toHaveLength(2);
    expect(throttled.status().status).toBe('done');

    const refused = setup(() => new PermanentDeliveryError('230013'));
    refused.push();
    await refused.drain.drain();
    refused.bot.clock.advance(60_000);
    await refused.drain.drain();
    expect(refused.calls).toHaveLength(1);
    expect(refused.status()).toMatchObject({ status: 'failed', lastError: '230013' });
  });

  it('a call that got no answer is never repeated: it may have buzzed', async () => {
    const { bot, drain, push, status, calls } = setup(() => new Error('socket hang up'));
    push();
    await drain.drain();
    bot.clock.advance(10 * 60_000);
    await drain.drain();
    expect(calls).toHaveLength(1);
    expect(status()).toMatchObject({ status: 'unknown', lastError: 'socket hang up' });
  });

  it('a push a crashed process left in flight becomes unknown once its lease ends, and is not called again', async () => {
    const { bot, drain, push, status, calls } = setup(() => undefined);
    push();
    // Another process took it, made the call and died before the answer: its lease has run out.
    bot.core.db
      .update(urgentPushes)
      .set({ status: 'calling', attempts: 1, leaseUntil: Date.now() - 1 })
      .run();
    await drain.drain();
    expect(calls).toEqual([]);
    expect(status()).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(status().lastError).toContain('为免重复加急不再重发');
  });

  it('a few calls at a time: a crash mid-call can lose only those in flight, not a whole batch not yet sent', async () => {
    const bot = startBot();
    let inFlight = 0;
    let most = 0;
    const calls: string[] = [];
    const adapter: PlatformAdapter<Card> = {
      name: 'edge',
      capabilities: { cards: true, updateCards: false, urgent: true, buttons: true, directMessages: true },
      render: (card) => card,
      send: async (target) => ({ platformRef: `m-${target.chatId}` }),
      async urgent(ref) {
        calls.push(ref);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
      },
    };
    const drain = new OutboxDrain({ db: bot.core.db, clock: bot.clock, adapters: new Map([['edge', adapter]]), logger: createLogger('silent') });
    const now = bot.clock.now();
    const incident = bot.core.db
      .insert(incidents)
      .values({
        number: 'YQ-20261121-001',
        title: 't',
        level: 'red',
        status: 'responding',
        originPlatform: 'edge',
        originChatId: 'g',
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const people = bot.core.db.select().from(members).all();
    bot.core.db.transaction((tx) => {
      for (const [i, m] of people.entries())
        for (const level of ['red', 'orange'] as const) {
          const botMessageId = enqueueCard(tx, { platform: 'edge', chatId: `user:u${i}-${level}` }, textCard('加急', 'x'), { now, priority: 0 });
          tx.insert(urgentPushes)
            .values({
              incidentId: incident.id,
              level,
              memberId: m.id,
              platform: 'edge',
              platformUserId: `u${i}`,
              botMessageId,
              status: 'pending',
              nextAttemptAt: now,
              createdAt: now,
            })
            .run();
        }
    });
    await drain.drain();
    expect(calls).toHaveLength(people.length * 2);
    // Each call is marked `calling` just before it goes out: a process killed now leaves at most this many unknown.
    expect(most).toBeLessThanOrEqual(5);
  });
});
