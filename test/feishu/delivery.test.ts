// Feishu's answers when things go wrong, as the fake Open API gives them: throttling with a reset
// header, a bot removed from the group, a server error — and the variables that switch it all on.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { feishuConfigFrom } from '../../adapters/feishu/config';
import { EnvError } from '../../src/config/env';
import { outbox, tasks } from '../../src/db/schema';
import { groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';

const token = VERIFICATION_TOKEN;

describe('Feishu delivery answers', () => {
  it('HTTP 429 / 99991400 with x-ogw-ratelimit-reset: retried after the reset, delivered once', async () => {
    const bot = await startFeishuBot();
    bot.api.failNext.push({ count: 1, status: 429, code: 99991400, reset: 7 });
    await bot.post(groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_li-wangxin', botOpenId: bot.api.botOpenId, text: '值班' }));
    await bot.drain.drain();
    const row = bot.core.db.select().from(outbox).where(eq(outbox.platform, 'feishu')).get()!;
    expect(row).toMatchObject({ status: 'pending', attempts: 0, lastError: expect.stringContaining('99991400') });
    expect(row.nextAttemptAt).toBe(bot.clock.now() + 7000);
    bot.clock.advance(7000);
    await bot.drain.drain();
    expect(bot.api.inChat(FEISHU_CHATS.command)).toHaveLength(1);
    expect(bot.core.db.select().from(outbox).where(eq(outbox.id, row.id)).get()!.status).toBe('sent');
  });

  it('a group that keeps throttling (230020, ten times) delays the message but never buries it', async () => {
    const bot = await startFeishuBot();
    bot.api.failNext.push({ count: 10, status: 400, code: 230020, reset: 1 });
    await bot.post(groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_li-wangxin', botOpenId: bot.api.botOpenId, text: '值班' }));
    // Each answer says "come back in 1 s" (business clock); our own limiter also counts the
    // throttled calls in real seconds (5/s per chat), so real time has to pass as well.
    await expect
      .poll(
        async () => {
          bot.clock.advance(1000);
          await bot.drain.drain();
          return bot.api.inChat(FEISHU_CHATS.command).length;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(1);
    expect(bot.core.db.select().from(outbox).where(eq(outbox.status, 'dead')).all()).toEqual([]);
  });

  it('a draft too long for a 30 KB card is clipped, not dead-lettered', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 蓝 某事' }),
    );
    await bot.post(
      groupTextEvent({
        token,
        chatId: FEISHU_CHATS.command,
        senderOpenId: 'ou_wang-xiaoxuan',
        botOpenId: bot.api.botOpenId,
        text: `发布 ${'情况说明，'.repeat(4000)}`,
      }),
    );
    await bot.drain.drain();
    const card = bot.api.inChat(FEISHU_CHATS.command).find((m) => m.card.header.title.content === '信息发布审批 · A1');
    expect(card).toBeDefined();
    expect(Buffer.byteLength(JSON.stringify(card!.card))).toBeLessThan(30 * 1024);
    expect(JSON.stringify(card!.card)).toContain('内容过长，已截断');
    expect(bot.core.db.select().from(outbox).where(eq(outbox.status, 'dead')).all()).toEqual([]);
  });

  it('230002 (bot not in the group) is a dead letter at once; 5xx is retried', async () => {
    const bot = await startFeishuBot();
    bot.api.chats.delete(FEISHU_CHATS.all);
    bot.api.failNext.push({ count: 1, status: 500, code: 1 });
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某事' }),
    );
    await bot.drain.drain();
    bot.clock.advance(60_000);
    await bot.drain.drain();
    const rows = bot.core.db.select().from(outbox).where(eq(outbox.platform, 'feishu')).all();
    const dead = rows.filter((r) => r.status === 'dead');
    expect(dead.map((r) => [r.chatId, r.lastError])).toEqual([[FEISHU_CHATS.all, '飞书返回 230002：The bot can not be outside the group.（机器人不在该群）']]);
    expect(
      rows
        .filter((r) => r.status === 'sent')
        .map((r) => r.chatId)
        .sort(),
    ).toEqual([FEISHU_CHATS.command, FEISHU_CHATS.command, FEISHU_CHATS.cyber].sort());
    // The warning reached two groups; the command centre was told about the third.
    const report = bot.api.inChat(FEISHU_CHATS.command).find((m) => m.card.header.title.content === '消息投递失败')!;
    expect(JSON.stringify(report.card)).toContain('没有送达 feishu 群「飞书全员群」');
    expect(JSON.stringify(report.card)).toContain('230002');
    expect(bot.api.messages).toHaveLength(3);
  });

  it('a card that could not be delivered is reported once, not again on every later change', async () => {
    const bot = await startFeishuBot();
    bot.api.chats.delete(FEISHU_CHATS.all);
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某事' }),
    );
    await bot.drain.drain();
    // Each department's lead claims its own task: three changes to the card.
    for (const [t, lead] of [
      ['T1', 'ou_sun-xuanchuan'],
      ['T2', 'ou_li-wangxin'],
      ['T3', 'ou_zhou-fawu'],
    ] as const) {
      await bot.post(groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: lead, botOpenId: bot.api.botOpenId, text: `认领 ${t}` }));
      await bot.drain.drain();
    }
    expect(
      bot.core.db
        .select()
        .from(tasks)
        .all()
        .filter((t) => t.status === 'claimed'),
    ).toHaveLength(3);
    const reports = bot.api.inChat(FEISHU_CHATS.command).filter((m) => m.card.header.title.content === '消息投递失败');
    expect(reports).toHaveLength(1);
  });

  it('the same outbox row sent twice (a lost answer, then a retry) shows once: uuid', async () => {
    const bot = await startFeishuBot();
    const adapter = (await import('../../adapters/feishu/send')).feishuAdapter;
    const lark = await import('@larksuiteoapi/node-sdk');
    const client = new lark.Client({
      appId: bot.api.appId,
      appSecret: bot.api.appSecret,
      domain: bot.api.url,
      cache: new lark.DefaultCache(),
      loggerLevel: lark.LoggerLevel.error,
    });
    const a = adapter(client, (await import('../../src/logger')).createLogger('silent'));
    const card = { title: '测试', blocks: [{ type: 'markdown' as const, text: 'x' }] };
    const first = await a.send({ chatId: FEISHU_CHATS.command, idempotencyKey: 'fenghuo-42' }, a.render(card), card);
    const again = await a.send({ chatId: FEISHU_CHATS.command, idempotencyKey: 'fenghuo-42' }, a.render(card), card);
    expect(again.platformRef).toBe(first.platformRef);
    expect(bot.api.inChat(FEISHU_CHATS.command)).toHaveLength(1);
  });
});

describe('a repeated uuid, whichever way Feishu answers it', () => {
  // "持有相同uuid的请求1小时内至多成功发送一条消息" says nothing of the answer to the repeat: the
  // original message (one reading) or a refusal (the other). Either way the card shows once.
  it.each([
    ['the original message', 'original' as const, 'sent'],
    ['a refusal (230001)', { code: 230001, msg: 'uuid already used' }, 'dead'],
  ])('answer lost, then retried; the repeat gets %s: one card in the chat', async (_, reading, finalStatus) => {
    const bot = await startFeishuBot({ httpTimeoutMs: 300 });
    bot.api.duplicateUuid = reading;
    bot.api.answerDelayMs = 600; // stored at once, answered after the client gave up
    const { enqueueCard, PRIORITY } = await import('../../src/core/write/outbox');
    const { textCard } = await import('../../src/core/cards/card');
    const messageId = bot.core.db.transaction((tx) =>
      enqueueCard(tx, { platform: 'feishu', chatId: FEISHU_CHATS.command }, textCard('续报', 'x'), { now: bot.clock.now(), priority: PRIORITY.reply }),
    );
    await bot.drain.drain();
    expect(bot.api.messages).toHaveLength(1);
    bot.api.answerDelayMs = 0;
    await expect
      .poll(
        async () => {
          bot.clock.advance(5 * 60_000);
          await bot.drain.drain();
          return bot.core.db.select().from(outbox).where(eq(outbox.botMessageId, messageId)).get()!.status;
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBe(finalStatus);
    expect(bot.api.inChat(FEISHU_CHATS.command).filter((m) => m.card.header.title.content === '续报')).toHaveLength(1);
    expect(bot.api.sendCalls).toBeGreaterThan(1);
  });
});

describe('FEISHU_* variables', () => {
  it('none set: the adapter is off', () => {
    expect(feishuConfigFrom({})).toBeUndefined();
    expect(feishuConfigFrom({ FEISHU_APP_ID: '  ' })).toBeUndefined();
  });
  it('half set: start-up stops naming what is missing', () => {
    expect(() => feishuConfigFrom({ FEISHU_APP_ID: 'cli_x' })).toThrow(EnvError);
    expect(() => feishuConfigFrom({ FEISHU_APP_ID: 'cli_x' })).toThrow(/缺少 FEISHU_APP_SECRET、FEISHU_VERIFICATION_TOKEN/);
    expect(() => feishuConfigFrom({ FEISHU_APP_ID: 'a', FEISHU_APP_SECRET: 'b', FEISHU_MODE: 'socket' })).toThrow(/FEISHU_MODE 只能是 webhook 或 ws/);
    expect(() =>
      feishuConfigFrom({ FEISHU_APP_ID: 'a', FEISHU_APP_SECRET: 'b', FEISHU_VERIFICATION_TOKEN: 'v', FEISHU_ENCRYPT_KEY: 'k', FEISHU_DOMAIN: 'weixin' }),
    ).toThrow(/FEISHU_DOMAIN/);
  });
  it('ws mode needs no token but an app id shaped cli_ + 16 hex (the SDK ignores any other); domains resolve', () => {
    expect(() => feishuConfigFrom({ FEISHU_APP_ID: 'a', FEISHU_APP_SECRET: 'b', FEISHU_MODE: 'ws' })).toThrow(/FEISHU_APP_ID 应是 cli_ 加 16 位十六进制字符/);
    expect(feishuConfigFrom({ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'b', FEISHU_MODE: 'ws', FEISHU_DOMAIN: 'lark' })).toMatchObject({
      mode: 'ws',
      domain: 'https://open.larksuite.com',
    });
    expect(feishuConfigFrom({ FEISHU_APP_ID: 'a', FEISHU_APP_SECRET: 'b', FEISHU_VERIFICATION_TOKEN: 'v', FEISHU_ENCRYPT_KEY: 'k' })).toMatchObject({
      mode: 'webhook',
      domain: 'https://open.feishu.cn',
      encryptKey: 'k',
    });
  });
});

describe('Feishu limits honoured before the platform has to say no', () => {
  it('12 replies into one chat (5/s per group) and 60 chats at once (50/s per app): all delivered, no throttling answer', async () => {
    const bot = await startFeishuBot();
    const { enqueueCard, PRIORITY } = await import('../../src/core/write/outbox');
    const { textCard } = await import('../../src/core/cards/card');
    bot.core.db.transaction((tx) => {
      for (let i = 0; i < 12; i++)
        enqueueCard(tx, { platform: 'feishu', chatId: FEISHU_CHATS.command }, textCard(`回复 ${i}`, 'x'), { now: bot.clock.now(), priority: PRIORITY.reply });
      for (let i = 0; i < 60; i++) {
        bot.api.chats.add(`oc_many_${i}`);
        enqueueCard(tx, { platform: 'feishu', chatId: `oc_many_${i}` }, textCard(`通报 ${i}`, 'x'), { now: bot.clock.now(), priority: PRIORITY.warning });
      }
    });
    await bot.drain.drain();
    await expect.poll(() => bot.api.messages.length, { timeout: 15_000, interval: 100 }).toBe(72);
    expect(bot.api.throttled).toEqual([]);
    expect(bot.api.inChat(FEISHU_CHATS.command).map((m) => m.card.header.title.content)).toEqual(Array.from({ length: 12 }, (_, i) => `回复 ${i}`));
  });
});
