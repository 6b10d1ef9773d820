// What Feishu refuses for good and what it asks us to retry (发送消息 error table), and cards that
// stay inside JSON 2.0's 200 components and the 30 KB request however large the incident grows.
import * as lark from '@larksuiteoapi/node-sdk';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { renderFeishuCard } from '../../adapters/feishu/fit';
import { feishuAdapter } from '../../adapters/feishu/send';
import type { Block, Card } from '../../src/core/outbound/index';
import { PermanentDeliveryError } from '../../src/core/outbound/index';
import { outbox, tasks, timeline } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { countTagged, MAX_CARD_COMPONENTS } from '../fakes/feishu-card-rules';
import { groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN, type FeishuTestBot } from '../fakes/feishu-bot';

const token = VERIFICATION_TOKEN;

function adapterAt(bot: FeishuTestBot) {
  const client = new lark.Client({
    appId: bot.api.appId,
    appSecret: bot.api.appSecret,
    domain: bot.api.url,
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.fatal,
  });
  return feishuAdapter(client, createLogger('silent'));
}

const card: Card = { title: '测试', blocks: [{ type: 'markdown', text: 'x' }] };

describe('Feishu error codes', () => {
  it.each([230013, 230053, 230029, 230027, 230038, 230002, 230099, 230025])('%i is permanent: no retry can help', async (code) => {
    const bot = await startFeishuBot();
    const a = adapterAt(bot);
    bot.api.failNext.push({ count: 1, status: 400, code });
    await expect(a.send({ chatId: FEISHU_CHATS.command, idempotencyKey: `k-${code}` }, a.render(card), card)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it.each([230001, 230049, 1])('%i is retried (230001 may be an internal error; 230049 the message is still being sent)', async (code) => {
    const bot = await startFeishuBot();
    const a = adapterAt(bot);
    bot.api.failNext.push({ count: 1, status: 400, code });
    const failure = await a.send({ chatId: FEISHU_CHATS.command, idempotencyKey: `k-${code}` }, a.render(card), card).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('an approver the app is not available to (230013) is a dead letter at once, reported with what to fix', async () => {
    const bot = await startFeishuBot();
    bot.api.unreachable.set('ou_sun-xuanchuan', 230013);
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某地网传停水' }),
    );
    await bot.post(
      groupTextEvent({
        token,
        chatId: FEISHU_CHATS.command,
        senderOpenId: 'ou_wang-xiaoxuan',
        botOpenId: bot.api.botOpenId,
        text: '发布 关于网传停水的情况说明',
      }),
    );
    await bot.drain.drain();
    const row = bot.core.db.select().from(outbox).where(eq(outbox.chatId, 'user:ou_sun-xuanchuan')).get()!;
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.lastError).toContain('230013');
    expect(row.lastError).toContain('可用范围');
  });
});

/** An incident's card, as the core draws it: task lines, each open one with its 认领 button. */
function incidentCard(taskCount: number, titleLength = 12): Card {
  const blocks: Block[] = [
    { type: 'text', text: '某地网传停水三天' },
    { type: 'fields', fields: [{ label: '事件编号', value: 'YQ-20261121-001' }] },
    { type: 'markdown', text: '响应要求：1 小时内上报' },
    { type: 'divider' },
  ];
  for (let i = 1; i <= taskCount; i++) {
    blocks.push({ type: 'markdown', text: `**T${i}** 宣传部 · ${'舆'.repeat(titleLength)} — 待认领` });
    blocks.push({ type: 'actions', buttons: [{ label: '认领', action: 'claim', value: `T${i}`, style: 'primary' }] });
  }
  blocks.push({ type: 'divider' }, { type: 'markdown', text: '时限：电话报告 09:30 前' }, { type: 'note', text: `橙色预警 · 待认领 ${taskCount} 项` });
  return { title: '橙色预警 · YQ-20261121-001', level: 'orange', blocks, mentions: [{ memberId: 1, name: '赵总', userId: 'ou_zhao-zong' }] };
}

/** The body the SDK posts: the card travels as an escaped JSON string. */
const requestBytes = (rendered: unknown) =>
  Buffer.byteLength(JSON.stringify({ receive_id: 'oc_command', msg_type: 'interactive', content: JSON.stringify(rendered), uuid: 'fenghuo-1-abcdefgh' }));
const text = (rendered: unknown) => JSON.stringify(rendered);
const buttonValues = (rendered: any): string[] =>
  rendered.body.elements
    .filter((e: any) => e.tag === 'column_set')
    .flatMap((e: any) => e.columns.flatMap((c: any) => c.elements.map((b: any) => b.behaviors[0].value.value)));

describe('Feishu cards within the documented limits', () => {
  it('60 open tasks: at most 200 components; the first tasks keep their button, the rest say which reply claims them', () => {
    const rendered = renderFeishuCard(incidentCard(60));
    expect(countTagged(rendered)).toBeLessThanOrEqual(MAX_CARD_COMPONENTS);
    const withButton = buttonValues(rendered);
    expect(withButton.length).toBeGreaterThan(20);
    expect(withButton).toEqual(Array.from({ length: withButton.length }, (_, i) => `T${i + 1}`));
    for (let i = withButton.length + 1; i <= 60; i++) expect(text(rendered)).toContain(`**T${i}** 宣传部`);
    expect(text(rendered)).toContain(`回复「认领 T60」认领`);
    // What follows the list is still there: deadlines, the note, the @mentions.
    expect(text(rendered)).toContain('时限：电话报告');
    expect(text(rendered)).toContain('<at id=ou_zhao-zong></at>');
  });

  it('300 long task lines: the request stays under 30 KB and says how many more there are and where to see them', () => {
    const rendered = renderFeishuCard(incidentCard(300, 60));
    expect(requestBytes(rendered)).toBeLessThanOrEqual(30_000);
    expect(countTagged(rendered)).toBeLessThanOrEqual(MAX_CARD_COMPONENTS);
    const shown = [...text(rendered).matchAll(/\*\*T(\d+)\*\*/g)].length;
    expect(shown).toBeGreaterThan(10);
    expect(text(rendered)).toContain(`另有 ${300 - shown} 项未显示`);
    expect(text(rendered)).toContain('发送「状态」');
  });

  it('text that is mostly quotes and line breaks (escaped twice on the way) still fits', () => {
    const wordy: Card = { title: '发布稿', blocks: Array.from({ length: 40 }, () => ({ type: 'text' as const, text: '"\n'.repeat(1500) })) };
    expect(requestBytes(renderFeishuCard(wordy))).toBeLessThanOrEqual(30_000);
  });

  it('a card that cannot be shortened by folding still fits: the title and where to read it', () => {
    const huge: Card = {
      title: '值班表',
      blocks: [
        { type: 'fields', fields: Array.from({ length: 400 }, (_, i) => ({ label: `第${i}天`, value: '赵总、钱副总、孙宣传、李网信、周法务'.repeat(3) })) },
      ],
    };
    const rendered = renderFeishuCard(huge);
    expect(requestBytes(rendered)).toBeLessThanOrEqual(30_000);
    expect(text(rendered)).toContain('值班表');
    expect(text(rendered)).toContain('发送「状态」');
  });

  it('a large incident reaches every Feishu group and claims by reply still work on tasks without a button', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某地网传停水' }),
    );
    for (let i = 0; i < 45; i++) await bot.say('zhao-zong', `任务 宣传部 第 ${i + 1} 项补充任务：联系属地核实情况并准备口径`);
    await bot.drain.drain();
    for (const chat of Object.values(FEISHU_CHATS)) {
      const [warning] = bot.api.inChat(chat);
      expect(warning, `warning card in ${chat}`).toBeDefined();
      expect(countTagged(warning!.card)).toBeLessThanOrEqual(MAX_CARD_COMPONENTS);
    }
    expect(bot.core.db.select().from(outbox).where(eq(outbox.status, 'dead')).all()).toEqual([]);

    const last = bot.core.db.select().from(tasks).all().at(-1)!;
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.cyber, senderOpenId: 'ou_sun-xuanchuan', botOpenId: bot.api.botOpenId, text: `认领 T${last.id}` }),
    );
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .all()
        .filter((t) => t.kind === 'task_claimed'),
    ).toHaveLength(1);
    // The copies are patched as fast as 5 updates a second per message allows.
    await expect
      .poll(
        async () => {
          await bot.drain.drain();
          return JSON.stringify(bot.api.inChat(FEISHU_CHATS.command)[0]!.card);
        },
        { timeout: 10_000, interval: 200 },
      )
      .toContain('孙宣传 已认领');
  });

  it('long task titles on a large incident: delivered under 30 KB, not dead-lettered', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某地网传停水' }),
    );
    for (let i = 0; i < 30; i++) await bot.say('zhao-zong', `任务 宣传部 ${'核实网传内容并联系属地单位，'.repeat(25)}${i}`);
    await bot.drain.drain();
    expect(bot.core.db.select().from(outbox).where(eq(outbox.status, 'dead')).all()).toEqual([]);
    for (const chat of Object.values(FEISHU_CHATS)) expect(bot.api.inChat(chat)[0]).toBeDefined();
  });
});
