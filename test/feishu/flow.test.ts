// Feishu end to end: signed, encrypted events into /webhook/feishu; cards out through the real SDK
// to the fake Open API; a card callback claims a task; redeliveries and forgeries change nothing.
import { ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { groups, inbox, incidents, timeline } from '../../src/db/schema';
import { cardActionEvent, groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';

const token = VERIFICATION_TOKEN;
function buttonsIn(card: any): { label: string; value: any; type: string }[] {
  return card.body.elements
    .filter((e: any) => e.tag === 'column_set')
    .flatMap((e: any) => e.columns.flatMap((c: any) => c.elements))
    .map((b: any) => ({ label: b.text.content, value: b.behaviors[0].value, type: b.type }));
}

describe('Feishu webhook', () => {
  it('a group @mention raises an orange warning: coloured cards with claim buttons and @mentions in every named Feishu group', async () => {
    const bot = await startFeishuBot();
    const event = groupTextEvent({
      token,
      chatId: FEISHU_CHATS.command,
      senderOpenId: 'ou_zheng-jiance',
      botOpenId: bot.api.botOpenId,
      text: '预警 橙 某地网传停水三天 https://weibo.com/123',
    });
    const res = await bot.post(event);
    expect(res).toEqual({ status: 200, body: {} });
    await bot.drain.drain();

    for (const chat of [FEISHU_CHATS.command, FEISHU_CHATS.cyber]) {
      const [card] = bot.api.inChat(chat).map((m) => m.card);
      expect(card.header).toEqual({ title: { tag: 'plain_text', content: '橙色预警 · YQ-20261121-001' }, template: 'orange' });
      expect(card.config.update_multi).toBe(true);
      expect(buttonsIn(card).map((b) => b.value)).toEqual([1, 2, 3, 4].map((n) => ({ action: 'claim', value: `T${n}` })));
      const mentions = card.body.elements.at(-1).content;
      expect(mentions).toContain('<at id=ou_zhao-zong></at>'); // leading today's day shift
      expect(mentions).toContain('<at id=ou_li-wangxin></at>');
    }
    // The all-hands broadcast group gets the summary (000 7.3): the level and what to do; no tasks, buttons or @.
    const [summary] = bot.api.inChat(FEISHU_CHATS.all).map((m) => m.card);
    expect(summary.header).toEqual({ title: { tag: 'plain_text', content: '橙色预警 · YQ-20261121-001' }, template: 'orange' });
    expect(buttonsIn(summary)).toEqual([]);
    expect(JSON.stringify(summary)).not.toMatch(/<at |T\d|待认领|电话报告/);
    expect(JSON.stringify(summary)).toContain('请大家');
    expect(bot.api.messages.every((m) => m.uuid?.startsWith('fenghuo-'))).toBe(true);
    expect(bot.api.urgent).toEqual([]); // orange: no 加急 in the default playbook
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ level: 'orange', originPlatform: 'feishu', originChatId: FEISHU_CHATS.command });
  });

  it('tapping 认领 answers with a toast and the updated card, patches the other copies, and a redelivery changes nothing', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某地网传停水' }),
    );
    await bot.drain.drain();
    const tapped = bot.api.inChat(FEISHU_CHATS.command)[0]!;

    const tap = cardActionEvent({
      token,
      operatorOpenId: 'ou_li-wangxin',
      messageId: tapped.messageId,
      chatId: FEISHU_CHATS.command,
      value: { action: 'claim', value: 'T2' },
    });
    const res = await bot.post(tap);
    expect(res.status).toBe(200);
    expect(res.body.toast).toEqual({ type: 'info', content: '已认领 T2' });
    expect(res.body.card.type).toBe('raw');
    expect(JSON.stringify(res.body.card.data)).toContain('李网信 已认领');
    expect(buttonsIn(res.body.card.data).map((b) => b.value.value)).toEqual(['T1', 'T3', 'T4']);

    await bot.drain.drain();
    // The other chats' copies are patched; the tapped one was answered inline and is not patched again.
    expect(tapped.updates).toHaveLength(0);
    const [copy] = bot.api.inChat(FEISHU_CHATS.cyber);
    expect(copy!.updates).toHaveLength(1);
    expect(JSON.stringify(copy!.card)).toContain('李网信 已认领');
    // The broadcast group's summary shows no tasks: a claim changes nothing there.
    expect(bot.api.inChat(FEISHU_CHATS.all)[0]!.updates).toHaveLength(0);

    // Feishu redelivers the same callback: no second effect.
    const again = await bot.post(tap);
    expect(again.body.toast).toBeUndefined();
    // Someone else taps the same stale button: told who has it, nothing changes.
    const late = await bot.post(
      cardActionEvent({
        token,
        operatorOpenId: 'ou_wang-xiaoxuan',
        messageId: tapped.messageId,
        chatId: FEISHU_CHATS.command,
        value: { action: 'claim', value: 'T2' },
      }),
    );
    expect(late.body.toast.content).toBe('已由李网信认领');
    const claimed = bot.core.db
      .select()
      .from(timeline)
      .all()
      .filter((t) => t.kind === 'task_claimed');
    expect(claimed).toHaveLength(1);
  });

  it('a card changed from another path (a typed command) is patched in every chat', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某地网传停水' }),
    );
    await bot.drain.drain();
    await bot.post(groupTextEvent({ token, chatId: FEISHU_CHATS.cyber, senderOpenId: 'ou_li-wangxin', botOpenId: bot.api.botOpenId, text: '认领 T2' }));
    await bot.drain.drain();
    for (const chat of [FEISHU_CHATS.command, FEISHU_CHATS.cyber]) {
      const [card] = bot.api.inChat(chat);
      expect(card!.updates).toHaveLength(1);
      expect(JSON.stringify(card!.card)).toContain('李网信 已认领');
    }
  });

  it('the same message delivered twice under two event ids raises one incident', async () => {
    const bot = await startFeishuBot();
    const first = groupTextEvent({
      token,
      chatId: FEISHU_CHATS.command,
      senderOpenId: 'ou_zheng-jiance',
      botOpenId: bot.api.botOpenId,
      text: '预警 蓝 某事',
      messageId: 'om_same',
    });
    const second = { ...first, header: { ...first.header, event_id: 'another-event-id' } };
    await bot.post(first);
    await bot.post(second);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
  });

  // Was "…buzzes the people it @mentions" once per chat (3 calls here; 205 for 202 chats): now once per person.
  it('a red warning buzzes (加急) each person it names once, on their own copy of the card', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 红 重大舆情' }),
    );
    await bot.drain.drain();
    // On duty (赵总, 王小宣), the leads of the five departments with red tasks, and the leaders (钱副总 too).
    const buzzed = bot.api.urgent.flatMap((u) => u.userIds);
    expect(buzzed.sort()).toEqual(['ou_li-wangxin', 'ou_qian-fuzong', 'ou_sun-xuanchuan', 'ou_wang-xiaoxuan', 'ou_wu-yewu', 'ou_zhao-zong', 'ou_zhou-fawu']);
    for (const u of bot.api.urgent) {
      const message = bot.api.messages.find((m) => m.messageId === u.messageId)!;
      expect(message.chatId).toBe(u.userIds[0]); // their private chat with the bot
      expect(message.card.header.title.content).toBe('加急 · 红色预警 · YQ-20261121-001');
    }
  });

  it('wrong signature, wrong token, wrong key or garbage → 4xx and nothing stored', async () => {
    const bot = await startFeishuBot();
    const event = groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 红 伪造' });
    expect((await bot.post(event, { headers: { 'x-lark-signature': 'f'.repeat(64) } })).status).toBe(401);
    expect((await bot.post({ ...event, header: { ...event.header, token: 'forged' } })).status).toBe(401);
    expect((await bot.post(event, { encryptKey: 'not-the-key' })).status).toBe(401);
    expect((await bot.post(event, { encryptKey: null })).status).toBe(401);
    const garbage = await bot.app.request('/webhook/feishu', { method: 'POST', body: '\u0000garbage' });
    expect(garbage.status).toBe(400);
    const shapeless = await bot.post({ schema: '2.0', header: { event_id: 'x', event_type: 'im.message.receive_v1', token }, event: { message: 'nope' } });
    expect(shapeless.status).toBe(400);
    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
    expect(bot.core.db.select().from(timeline).where(ne(timeline.platform, 'system')).all()).toEqual([]);
  });

  it('a body whose bytes differ from its re-serialised JSON (spaces, escaped Chinese) still verifies', async () => {
    const bot = await startFeishuBot();
    const event = groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 蓝 某事' });
    const spaced = (o: unknown) => JSON.stringify(o, null, 2);
    expect((await bot.post(event, { serialise: spaced })).status).toBe(200);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
  });

  it('answers the URL check, encrypted and (without an Encrypt Key) plain, only with the right token', async () => {
    const bot = await startFeishuBot();
    expect(await bot.post({ challenge: 'abc', token, type: 'url_verification' })).toEqual({ status: 200, body: { challenge: 'abc' } });
    expect((await bot.post({ challenge: 'abc', token: 'forged', type: 'url_verification' })).status).toBe(401);
    const plain = await startFeishuBot({ encryptKey: undefined });
    expect(await plain.post({ challenge: 'xyz', token, type: 'url_verification' })).toEqual({ status: 200, body: { challenge: 'xyz' } });
    expect((await plain.post({ challenge: 'xyz', token: 'forged', type: 'url_verification' })).status).toBe(401);
    // In plain mode the token is the only check: a message with the right token is handled.
    await plain.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: plain.api.botOpenId, text: '预警 蓝 明文模式' }),
    );
    expect(plain.core.db.select().from(incidents).all()).toHaveLength(1);
  });

  it('every refusal has the same body: nothing about keys, tokens or padding leaks', async () => {
    const bot = await startFeishuBot();
    const event = groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_x', botOpenId: bot.api.botOpenId, text: '状态' });
    const answers = [
      await bot.post(event, { headers: { 'x-lark-signature': 'f'.repeat(64) } }),
      await bot.post({ ...event, header: { ...event.header, token: 'forged' } }),
      await bot.post(event, { encryptKey: 'not-the-key' }),
      await bot.post(event, { encryptKey: null }),
    ];
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(4).fill([401, { error: 'unauthorised' }]));
  });

  it('in long-connection mode there is no webhook to knock on', async () => {
    const bot = await startFeishuBot({ encryptKey: undefined, mode: 'ws' });
    const res = await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 红 伪造' }),
    );
    expect(res.status).toBe(404);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
  });

  it('learns a group when the bot is added (welcome card) and forgets it when removed', async () => {
    const bot = await startFeishuBot();
    bot.api.chats.add('oc_new');
    const added = {
      schema: '2.0',
      header: { event_id: 'add-1', event_type: 'im.chat.member.bot.added_v1', token },
      event: { chat_id: 'oc_new', name: '新的工作群' },
    };
    expect((await bot.post(added)).status).toBe(200);
    await bot.drain.drain();
    expect(bot.api.inChat('oc_new')[0]!.card.header.title.content).toBe('烽火已加入本群');
    await bot.post(added); // redelivery: no second welcome
    await bot.drain.drain();
    expect(bot.api.inChat('oc_new')).toHaveLength(1);
    expect(
      bot.core.db
        .select()
        .from(groups)
        .all()
        .map((g) => g.chatId),
    ).toContain('oc_new');
    await bot.post({ schema: '2.0', header: { event_id: 'del-1', event_type: 'im.chat.member.bot.deleted_v1', token }, event: { chat_id: 'oc_new' } });
    const kinds = bot.core.db
      .select()
      .from(timeline)
      .all()
      .map((t) => t.kind);
    expect(kinds).toEqual(expect.arrayContaining(['chat_joined', 'chat_left']));
    expect(
      bot.core.db
        .select()
        .from(groups)
        .all()
        .map((g) => g.chatId),
    ).not.toContain('oc_new');
  });

  it('a p2p message to the bot works as a command', async () => {
    const bot = await startFeishuBot();
    bot.api.chats.add('oc_p2p');
    await bot.post(groupTextEvent({ token, chatId: 'oc_p2p', chatType: 'p2p', senderOpenId: 'ou_li-wangxin', botOpenId: bot.api.botOpenId, text: '值班' }));
    await bot.drain.drain();
    expect(JSON.stringify(bot.api.inChat('oc_p2p')[0]!.card)).toContain('钱副总');
  });
});

describe('Feishu long connection (FEISHU_MODE=ws)', () => {
  // The SDK's WSClient calls dispatcher.invoke(payload, { needCheck: false }) for each event frame;
  // driving the dispatcher the same way covers everything after the socket.
  it('a message and a card callback over the long connection take the same path as the webhook', async () => {
    const bot = await startFeishuBot();
    const dispatcher = bot.platforms.feishu!.dispatcher;
    await dispatcher.invoke(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 黄 长连接来的消息' }),
      { needCheck: false },
    );
    await bot.drain.drain();
    const card = bot.api.inChat(FEISHU_CHATS.command)[0]!;
    expect(card.card.header.template).toBe('yellow');

    const answer = (await dispatcher.invoke(
      cardActionEvent({
        token,
        operatorOpenId: 'ou_li-wangxin',
        messageId: card.messageId,
        chatId: FEISHU_CHATS.command,
        value: { action: 'claim', value: 'T1' },
      }),
      { needCheck: false },
    )) as any;
    expect(answer.toast).toEqual({ type: 'info', content: '已认领 T1' });
    expect(JSON.stringify(answer.card.data)).toContain('李网信 已认领');
  });
});

describe('Feishu approvals', () => {
  it('each step approver gets a private card; tapping 同意 there answers with the outcome and hands over to the next step', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某地网传停水' }),
    );
    await bot.post(
      groupTextEvent({
        token,
        chatId: FEISHU_CHATS.command,
        senderOpenId: 'ou_wang-xiaoxuan',
        botOpenId: bot.api.botOpenId,
        text: '发布 关于网传停水的情况说明：系管道检修。',
      }),
    );
    await bot.drain.drain();

    const [mine] = bot.api.inChat('ou_sun-xuanchuan');
    expect(mine, 'the publicity lead gets the step-1 card privately').toBeDefined();
    expect(buttonsIn(mine!.card).map((b) => `${b.label}:${b.value.action}:${b.value.value}`)).toEqual(['同意:approve:A1', '驳回:reject:A1']);
    expect(bot.api.inChat('ou_zhou-fawu')).toEqual([]); // step 2 is not open yet

    // Someone without the role taps the shared card: told who may decide; nothing changes.
    const shared = bot.api.inChat(FEISHU_CHATS.command).find((m) => m.card.header.title.content === '信息发布审批 · A1')!;
    const denied = await bot.post(
      cardActionEvent({
        token,
        operatorOpenId: 'ou_zhou-fawu',
        messageId: shared.messageId,
        chatId: FEISHU_CHATS.command,
        value: { action: 'approve', value: 'A1' },
      }),
    );
    expect(denied.body.toast.content).toBe('你不是审批人，请 孙宣传 审批');

    const tap = await bot.post(
      cardActionEvent({
        token,
        operatorOpenId: 'ou_sun-xuanchuan',
        messageId: mine!.messageId,
        chatId: 'oc_p2p_sun',
        value: { action: 'approve', value: 'A1' },
      }),
    );
    expect(tap.body.toast.content).toBe('已同意 A1');
    const answered = tap.body.card.data;
    expect(buttonsIn(answered)).toEqual([]);
    expect(JSON.stringify(answered)).toMatch(/宣传负责人审核：孙宣传 同意 · 09:00/);

    await bot.drain.drain();
    const [next] = bot.api.inChat('ou_zhou-fawu');
    expect(buttonsIn(next!.card).map((b) => b.value.action)).toEqual(['approve', 'reject']);
    // The shared card moved on to step 2 for everyone.
    expect(JSON.stringify(shared.card)).toContain('第 2/3 步：法务审核');
  });
});
