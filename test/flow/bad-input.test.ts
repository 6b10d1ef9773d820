// Bad input never crashes the server or half-writes: a clear 4xx or a plain-Chinese answer.
import { and, eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inbox, incidents, members, timeline } from '../../src/db/schema';
import { startBot } from '../helpers/runtime';

describe('bad input', () => {
  it('malformed JSON, missing fields, unknown member or group → 4xx with the reason, nothing stored', async () => {
    const bot = startBot();
    const raw = await bot.request('zheng-jiance', '/console/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"group": "command",',
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).error).toBe('请求体不是合法的 JSON');

    const missing = await bot.request('zheng-jiance', '/console/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ group: 'command' }),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).error).toContain('text：缺少 text');

    // Nobody can sign in as someone the organisation does not have.
    expect((await bot.say('nobody', '状态')).status).toBeGreaterThanOrEqual(400);
    expect((await bot.say('zheng-jiance', '状态', 'no-such-group')).body.error).toContain('没有控制台群「no-such-group」');
    expect((await bot.say('zheng-jiance', '   ')).body.error).toContain('消息不能为空');
    expect((await bot.tap('zheng-jiance', 999, 'claim', 'T1')).status).toBe(404);
    expect((await bot.request('zheng-jiance', '/console/api/messages')).status).toBe(400);
    expect((await bot.app.request('/nowhere')).status).toBe(404);

    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
    expect(await bot.messages('command')).toEqual([]);
    // Only the sign-in (platform web) is on the record; nothing from a chat.
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(and(ne(timeline.platform, 'system'), ne(timeline.platform, 'web')))
        .all(),
    ).toEqual([]);
  });

  it('a typo gets a suggestion and the usage line', async () => {
    const bot = startBot();
    await bot.say('li-wangxin', '认岭 T3');
    const text = await bot.lastBotText();
    expect(text).toContain('没有「认岭」这个命令。你是不是想输入「认领」？');
    expect(text).toContain('用法：认领 <任务号>');
    await bot.say('li-wangxin', 'stauts');
    expect(await bot.lastBotText()).toContain('你是不是想输入「状态」');
    await bot.say('li-wangxin', '今天天气不错');
    expect(await bot.lastBotText()).toContain('发送「帮助」查看全部命令');
  });

  it('a redelivered message (same id) has no second effect', async () => {
    const bot = startBot();
    const first = await bot.say('zheng-jiance', '预警 黄 某事', 'command', 'evt-1');
    const again = await bot.say('zheng-jiance', '预警 黄 某事', 'command', 'evt-1');
    expect(first.body.outcome).toBe('done');
    expect(again.body.outcome).toBe('duplicate');
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
    expect((await bot.messages()).filter((m) => m.author === 'member')).toHaveLength(1);
  });

  it('an unknown sender is registered as a plain member who may report a lead but not warn', async () => {
    const bot = startBot();
    const { handleInbound } = await import('../../src/core/inbound/handle');
    const base = { platform: 'feishu', chatId: 'oc_1', chatType: 'group' as const, sender: { platformUserId: 'ou_new', displayName: '新同事' } };
    handleInbound(bot.core, { ...base, kind: 'message', eventId: 'e1', text: '上报 https://tieba.baidu.com/p/1 有人发帖说食堂不卫生', addressed: true });
    const result = handleInbound(bot.core, { ...base, kind: 'message', eventId: 'e2', text: '预警 红 食堂', addressed: true });
    expect(result).toMatchObject({ outcome: 'refused' });
    const me = bot.core.db
      .select()
      .from(members)
      .all()
      .find((m) => m.name === '新同事')!;
    expect(me).toMatchObject({ source: 'auto', fileRoles: [], grantedRoles: [] });
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(ne(timeline.platform, 'system'))
        .all()
        .map((t) => t.kind),
    ).toEqual(['member_registered', 'lead_reported']);
  });

  it('chatter that is not addressed to the bot is ignored, and recorded as seen', async () => {
    const bot = startBot();
    const { handleInbound } = await import('../../src/core/inbound/handle');
    const event = {
      kind: 'message' as const,
      platform: 'feishu',
      eventId: 'chat-1',
      chatId: 'oc_1',
      chatType: 'group' as const,
      sender: { platformUserId: 'ou_x' },
      text: '大家辛苦了',
      addressed: false,
    };
    expect(handleInbound(bot.core, event)).toEqual({ outcome: 'ignored' });
    expect(handleInbound(bot.core, event)).toEqual({ outcome: 'duplicate' });
  });
});

describe('hostile and accidental input', () => {
  it('words that are names of built-in properties are plain unknown words, not a crash', async () => {
    const bot = startBot();
    for (const word of ['constructor', '__proto__', 'toString']) {
      const res = await bot.say('qian-fuzong', `预警 ${word} 某事`);
      expect(res.status).toBe(200);
      expect(await bot.lastBotText()).toContain(`「${word}」不是预警级别`);
    }
    await bot.say('zheng-jiance', '预警 蓝 某事');
    expect((await bot.say('qian-fuzong', '级别 __proto__')).status).toBe(200);
    const card = await bot.card('YQ-');
    for (const action of ['constructor', '__proto__', 'hasOwnProperty']) {
      const res = await bot.tap('qian-fuzong', card.id, action, 'T1');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'refused', toast: '按钮已失效' });
    }
  });

  it('group chatter that merely starts with a command word is not a command when the bot is not addressed', async () => {
    const bot = startBot();
    const { handleInbound } = await import('../../src/core/inbound/handle');
    await bot.say('zheng-jiance', '预警 蓝 某事');
    const say = (eventId: string, text: string) =>
      handleInbound(bot.core, {
        kind: 'message',
        platform: 'console',
        eventId,
        chatId: 'command',
        chatType: 'group',
        sender: { platformUserId: 'qian-fuzong' },
        text,
        addressed: false,
      });
    expect(say('c1', '进展顺利，大家辛苦了')).toEqual({ outcome: 'ignored' });
    expect(say('c2', '发布会几点开始？')).toEqual({ outcome: 'ignored' });
    expect(say('c3', '状态')).toMatchObject({ outcome: 'done', command: '状态' });
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(and(ne(timeline.platform, 'system'), ne(timeline.platform, 'web')))
        .all()
        .map((t) => t.kind),
    ).toEqual(['warning_raised']);
  });

  // Was "a guest may report and read": a guest's 状态 used to show every incident (000 7.3 says no).
  it('a guest may report and read what they reported, but not claim, draft a release or post progress', async () => {
    const bot = startBot();
    const { handleInbound } = await import('../../src/core/inbound/handle');
    await bot.say('zheng-jiance', '预警 橙 某事');
    let n = 0;
    const guest = (text: string) =>
      handleInbound(bot.core, {
        kind: 'message',
        platform: 'wecom',
        eventId: `g${n++}`,
        chatId: 'wr1',
        chatType: 'group',
        sender: { platformUserId: 'visitor', displayName: '访客甲' },
        text,
        addressed: true,
      });
    expect(guest('上报 https://weibo.com/9 又有新帖')).toMatchObject({ outcome: 'done' });
    expect(guest('状态')).toMatchObject({ outcome: 'done' });
    expect(guest('认领 T1')).toMatchObject({ outcome: 'refused', toast: '未登记成员，请联系管理员' });
    expect(guest('进展 我觉得没事')).toMatchObject({ outcome: 'refused' });
    // Refused before the command reads anything (so its refusals tell a guest nothing of the incident).
    expect(guest('发布 关于某事的说明，内容很长')).toMatchObject({ outcome: 'refused', toast: '未登记成员，请联系管理员' });
    // An admin grants a role (and a department's task is its own members'): then the same person may claim.
    await bot.say('chen-admin', '角色 访客甲 成员');
    bot.core.db.update(members).set({ departmentKey: 'publicity' }).where(eq(members.name, '访客甲')).run();
    expect(guest('认领 T1')).toMatchObject({ outcome: 'done' });
  });

  it('nothing moves on a closed incident: approvals, hand-offs and completions are refused', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 某事');
    await bot.say('wang-xiaoxuan', '发布 关于某事的情况说明：已核实。');
    await bot.say('li-wangxin', '认领 T1');
    await bot.say('zhao-zong', '结案 确认 已处理，任务不再需要');
    await bot.say('sun-xuanchuan', '同意 A1');
    expect(await bot.lastBotText()).toContain('YQ-20261121-001 已结案，不能再审批 A1');
    await bot.say('li-wangxin', '完成 T1 晚了');
    expect(await bot.lastBotText()).toContain('不能再完成 T1');
    await bot.say('li-wangxin', '转交 T1 郑监测');
    expect(await bot.lastBotText()).toContain('不能再转交 T1');
  });

  it('a huge task number is simply unknown', async () => {
    const bot = startBot();
    await bot.say('li-wangxin', '认领 T99999999999999999999');
    expect(await bot.lastBotText()).toContain('没有任务 T99999999999999999999');
  });

  it('names are matched exactly; a near miss is suggested, not acted on', async () => {
    const bot = startBot();
    await bot.say('chen-admin', '角色 王 监测员');
    expect(await bot.lastBotText()).toContain('找不到成员「王」。你是不是想写：王小宣？');
    expect(
      bot.core.db
        .select()
        .from(members)
        .all()
        .find((m) => m.key === 'wang-xiaoxuan')!.grantedRoles,
    ).toEqual([]);
  });
});

describe('body size', () => {
  it('refuses a body over 1 MB, declared or chunked, with 413 and a reason', async () => {
    const bot = startBot();
    const big = JSON.stringify({ group: 'command', member: 'zheng-jiance', text: 'x'.repeat(1024 * 1024) });
    const declared = await bot.app.request('/console/api/messages', {
      method: 'POST',
      headers: { 'content-length': String(Buffer.byteLength(big)) },
      body: big,
    });
    expect(declared.status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await bot.app.request('/console/api/messages', { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as any).error).toBe('请求体超过 1 MB');
  });
});

describe('group commit of chatter', () => {
  it('concurrent deliveries are each recorded once, redeliveries in the same batch included', async () => {
    const bot = startBot();
    const { handleInboundBatched } = await import('../../src/core/inbound/handle');
    const chatter = (n: number) => ({
      kind: 'message' as const,
      platform: 'feishu',
      eventId: `msg:om_${n}`,
      chatId: 'oc_1',
      chatType: 'group' as const,
      sender: { platformUserId: 'ou_x' },
      text: `闲聊 ${n}`,
      addressed: false,
    });
    const ids = [...Array.from({ length: 40 }, (_, i) => i), 3, 7, 7, 39];
    const results = await Promise.all(ids.map((n) => handleInboundBatched(bot.core, chatter(n))));
    expect(results.filter((r) => r.outcome === 'ignored')).toHaveLength(40);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(4);
    expect(bot.core.db.select().from(inbox).all()).toHaveLength(40);
    // A command among them is handled at once, as ever.
    const command = await handleInboundBatched(bot.core, { ...chatter(99), text: '状态', addressed: true });
    expect(command).toMatchObject({ outcome: 'done', command: '状态' });
  });
});

describe('inbox retention', () => {
  it('keeps deliveries for a week (past every redelivery window), then prunes them', async () => {
    const bot = startBot();
    const { pruneInbox, INBOX_RETENTION_MS } = await import('../../src/core/inbound/prune');
    await bot.say('zheng-jiance', '状态', 'command', 'old');
    bot.clock.advance(INBOX_RETENTION_MS - 1);
    await bot.say('zheng-jiance', '状态', 'command', 'recent');
    expect(pruneInbox(bot.core.db, bot.clock.now())).toBe(0);
    bot.clock.advance(2);
    expect(pruneInbox(bot.core.db, bot.clock.now())).toBe(1);
    expect(
      bot.core.db
        .select()
        .from(inbox)
        .all()
        .map((r) => r.eventId),
    ).toEqual(['recent']);
  });
});
