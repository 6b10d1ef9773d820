// Delivery under pressure, at the fake Feishu Open API with its limits enforced: a 200-group
// broadcast without a single throttling answer, and a platform that fails 30% of calls (429, 5xx,
// and timeouts after it had already accepted the message) still showing every message exactly once.
import { describe, expect, it } from 'vitest';
import { textCard } from '../../src/core/cards/card';
import { enqueueCard, PRIORITY } from '../../src/core/write/outbox';
import { outbox } from '../../src/db/schema';
import { startFeishuBot } from '../fakes/feishu-bot';

describe('broadcast delivery', () => {
  it('200 groups at once: all delivered, zero throttling answers, each once', async () => {
    const bot = await startFeishuBot();
    bot.core.db.transaction((tx) => {
      for (let i = 0; i < 200; i++) {
        bot.api.chats.add(`oc_b${i}`);
        enqueueCard(tx, { platform: 'feishu', chatId: `oc_b${i}` }, textCard(`预警 ${i}`, 'x'), { now: bot.clock.now(), priority: PRIORITY.warning });
      }
    });
    await bot.drain.drain();
    await expect.poll(() => bot.api.messages.length, { timeout: 20_000, interval: 200 }).toBe(200);
    expect(bot.api.throttled).toEqual([]);
    expect(bot.api.sendCalls).toBe(200);
    expect(new Set(bot.api.messages.map((m) => m.chatId)).size).toBe(200);
  }, 30_000);

  it('a platform failing 30% of calls still shows every message exactly once, in order per chat', async () => {
    const bot = await startFeishuBot({ encryptKey: 'k', httpTimeoutMs: 300 });
    bot.api.chaos = { rate: 0.3, hangMs: 600, seed: 20261121 };
    bot.core.db.transaction((tx) => {
      for (let i = 0; i < 40; i++) {
        bot.api.chats.add(`oc_c${i}`);
        enqueueCard(tx, { platform: 'feishu', chatId: `oc_c${i}` }, textCard(`通报 ${i}`, 'x'), { now: bot.clock.now(), priority: PRIORITY.warning });
      }
      for (let i = 0; i < 15; i++)
        enqueueCard(tx, { platform: 'feishu', chatId: 'oc_c0' }, textCard(`续报 ${i}`, 'x'), { now: bot.clock.now(), priority: PRIORITY.reply });
    });
    await expect
      .poll(
        async () => {
          bot.clock.advance(5_000); // backoffs run on the business clock
          await bot.drain.drain();
          return bot.core.db
            .select()
            .from(outbox)
            .all()
            .filter((r) => r.status !== 'sent').length;
        },
        { timeout: 40_000, interval: 100 },
      )
      .toBe(0);
    expect(bot.api.messages).toHaveLength(55);
    expect(new Set(bot.api.messages.map((m) => m.uuid)).size).toBe(55);
    expect(bot.api.sendCalls).toBeGreaterThan(55); // failures really happened and were retried
    const inFirstChat = bot.api.inChat('oc_c0').map((m) => m.card.header.title.content);
    expect(inFirstChat).toEqual(['通报 0', ...Array.from({ length: 15 }, (_, i) => `续报 ${i}`)]);
  }, 60_000);
});
