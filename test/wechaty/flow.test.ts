// Wechaty end to end: a real Wechaty with wechaty-puppet-mock at the edge plays a WeChat account
// in rooms with the demo organisation's people. Commands go in as room and private messages;
// what the bot says comes back out of the mocker as the text people would read.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { approvalDecisions, botMessages, incidents, inbox, members, outbox, releases, tasks, timeline } from '../../src/db/schema';
import { COMMAND_ROOM_ID, CYBER_ROOM_TOPIC, logIn, startWechatyBot } from '../fakes/wechaty-world';

describe('Wechaty', () => {
  it('a room of responders warns, claims a task, submits a release, and leaders approve by replying', async () => {
    const bot = await startWechatyBot();
    const { command, cyber } = bot.rooms;
    const p = bot.people;

    // An @mention raises the warning: its card arrives as text with reply commands for buttons,
    // in the command room (named by id) and the cyber room (named by topic, never heard from yet).
    await bot.chat(p['zheng-jiance']!, '@烽火\u2005预警 橙 某地网传停水三天', command, { mentionBot: true });
    for (const room of [command, cyber]) {
      const [warning] = bot.saidIn(room);
      expect(warning).toContain('【橙】橙色预警 · YQ-20261121-001');
      expect(warning).toContain('T1 宣传部 · 起草回应口径 — 待认领（09:10 前）\n回复「认领 T1」认领');
      expect(warning).toContain('回复「认领 T4」认领');
      // People with a WeChat id are @mentioned for real, in front (room.say's way).
      expect(warning).toMatch(/^@赵总\u2005@王小宣\u2005@孙宣传\u2005@李网信/);
    }
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ level: 'orange', originPlatform: 'wechaty', originChatId: COMMAND_ROOM_ID });

    await bot.chat(p['wang-xiaoxuan']!, '@烽火 认领 T1', command, { mentionBot: true });
    expect(bot.saidIn(command).at(-1)).toContain('王小宣 已认领 T1「起草回应口径」');
    const wang = bot.core.db.select().from(members).where(eq(members.key, 'wang-xiaoxuan')).get()!;
    expect(bot.core.db.select().from(tasks).where(eq(tasks.id, 1)).get()).toMatchObject({ status: 'claimed', ownerId: wang.id });

    // Chatter in the room is recorded (so a repeat costs nothing) and answered with nothing.
    const before = bot.saidIn(command).length;
    const chatter = await bot.chat(p['li-wangxin']!, '收到，进展顺利，辛苦了', command);
    expect(bot.recorded(chatter)).toBe(true);
    expect(bot.saidIn(command)).toHaveLength(before);

    await bot.chat(p['wang-xiaoxuan']!, '@烽火 发布 关于网传停水的情况说明：系管道检修。', command, { mentionBot: true });
    const approvalCard = bot.saidIn(command).at(-1)!;
    expect(approvalCard).toContain('信息发布审批 · A1');
    expect(approvalCard).toContain('回复「同意 A1」同意；回复「驳回 A1 理由」驳回');
    // The step's approver also gets the card privately (WeChat can message one person).
    expect(bot.saidTo(p['sun-xuanchuan']!).at(-1)).toContain('进度：第 1/3 步：宣传负责人审核');

    // A reply without @ runs when its first word is a command; only the approver may decide.
    // The refusal concerns only her: WeChat has no message one member of a room alone sees, so it comes privately.
    const roomBefore = bot.saidIn(command).length;
    await bot.chat(p['wang-xiaoxuan']!, '同意 A1', command);
    expect(bot.saidTo(p['wang-xiaoxuan']!).at(-1)).toContain('需要宣传部的部门负责人审批（孙宣传）；你不是这一步的审批人');
    expect(bot.saidIn(command)).toHaveLength(roomBefore);
    await bot.chat(p['sun-xuanchuan']!, '同意 A1', command);
    expect(bot.saidIn(command).at(-1)).toContain('请 周法务 进行「法务审核」');
    // The legal lead answers the private card privately.
    expect(bot.saidTo(p['zhou-fawu']!).at(-1)).toContain('进度：第 2/3 步：法务审核');
    await bot.chat(p['zhou-fawu']!, '同意 A1', 'private');
    expect(bot.saidIn(command).at(-1)).toContain('请 赵总 或 钱副总 进行「副总指挥或总指挥批准」');
    await bot.chat(p['qian-fuzong']!, '@烽火 同意 A1', command, { mentionBot: true });
    expect(bot.saidIn(command).at(-1)).toContain('A1 审批通过');

    await bot.chat(p['qian-fuzong']!, '@烽火 状态', command, { mentionBot: true });
    expect(bot.saidIn(command).at(-1)).toContain('YQ-20261121-001 橙色预警 · 处置中 · 某地网传停水三天 · 待认领 3 项');

    expect(bot.core.db.select().from(releases).get()).toMatchObject({ status: 'approved' });
    const deciders = bot.core.db.select({ key: members.key }).from(approvalDecisions).innerJoin(members, eq(approvalDecisions.deciderId, members.id)).all();
    expect(deciders.map((d) => d.key)).toEqual(['sun-xuanchuan', 'zhou-fawu', 'qian-fuzong']);
    const kinds = bot.core.db
      .select()
      .from(timeline)
      .all()
      .map((t) => t.kind);
    expect(kinds).toContain('task_claimed');
    expect(kinds.filter((k) => k.startsWith('release_'))).toEqual([
      'release_submitted',
      'release_approved_step',
      'release_approved_step',
      'release_approved_step',
    ]);
    // Everyone who spoke was known by their WeChat id: nobody was registered as a stranger.
    expect(kinds).not.toContain('member_registered');
  });

  it("ignores the bot account's own messages and a message the puppet delivers twice", async () => {
    const bot = await startWechatyBot();
    const { command } = bot.rooms;
    // Typed from the bot's own account (or its echo): never a command, even one that looks like it.
    const own = bot.emit(bot.self, '预警 红 自己发的不算', command);
    const first = await bot.chat(bot.people['zheng-jiance']!, '@烽火 预警 橙 某地网传停水', command, { mentionBot: true });
    bot.redeliver(first);
    // A later message is handled after the repeat (one at a time, in order heard).
    await bot.chat(bot.people['zheng-jiance']!, '@烽火 状态', command, { mentionBot: true });

    expect(bot.recorded(own)).toBe(false);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
    expect(bot.core.db.select().from(incidents).get()!.level).toBe('orange');
    expect(bot.saidIn(command).filter((t) => t.includes('橙色预警 · YQ-'))).toHaveLength(1);
    expect(bot.saidIn(command).at(-1)).toContain('舆情态势');
  });

  it('ignores rooms the organisation file does not name, even when the bot is @mentioned there', async () => {
    const bot = await startWechatyBot();
    const { family, command } = bot.rooms;
    const stray = bot.emit(bot.people.stranger!, '@烽火 预警 橙 家里停水了', family, { mentionBot: true });
    await bot.chat(bot.people['zheng-jiance']!, '@烽火 状态', command, { mentionBot: true });

    expect(bot.recorded(stray)).toBe(false);
    expect(bot.saidIn(family)).toEqual([]);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
    // The stranger was not registered as a member either.
    expect(bot.core.db.select().from(members).where(eq(members.key, 'auto-wechaty-wx-stranger')).get()).toBeUndefined();
  });

  it('a room named by its topic: its messages resolve to that group, replies find the room; "@烽火" typed by hand addresses the bot', async () => {
    const bot = await startWechatyBot();
    const { cyber } = bot.rooms;
    // No mention in the puppet's list: the text alone says who is addressed.
    const id = await bot.chat(bot.people['li-wangxin']!, '@烽火 状态', cyber);
    expect(bot.recorded(id)).toBe(true);
    expect(bot.saidIn(cyber).at(-1)).toContain('舆情态势');
    const reply = bot.core.db.select().from(botMessages).where(eq(botMessages.platform, 'wechaty')).all().at(-1)!;
    expect(reply.chatId).toBe(CYBER_ROOM_TOPIC);
    expect(reply.platformRef).not.toBeNull();
  });

  it("a private message is a command from that contact, answered privately; official accounts' pushes are not", async () => {
    const bot = await startWechatyBot();
    const li = bot.people['li-wangxin']!;
    const news = bot.mocker.createContact({ id: 'gh-daily-news', name: '某某日报', type: types.Contact.Official });
    const push = bot.emit(news, '今日要闻', 'private');
    await bot.chat(li, '帮助', 'private');
    expect(bot.recorded(push)).toBe(false);
    expect(bot.core.db.select().from(members).where(eq(members.key, 'auto-wechaty-gh-daily-news')).get()).toBeUndefined();
    expect(bot.saidTo(li).at(-1)).toContain('认领');
    await bot.chat(li, '你好', 'private');
    expect(bot.saidTo(li).at(-1)).toContain('没有「你好」这个命令');
    expect(bot.saidIn(bot.rooms.command)).toEqual([]);
  });

  it('a private message from someone outside the organisation is ignored, not answered or registered', async () => {
    const bot = await startWechatyBot();
    const stranger = bot.people.stranger!;
    const id = bot.emit(stranger, '在吗？帮我看看这个链接', 'private');
    await bot.chat(bot.people['li-wangxin']!, '状态', 'private');
    expect(bot.recorded(id)).toBe(false);
    expect(bot.saidTo(stranger)).toEqual([]);
    expect(bot.core.db.select().from(members).where(eq(members.key, 'auto-wechaty-wx-stranger')).get()).toBeUndefined();
  });

  it('a second room with the name of a group configured by name cannot speak for it or take its warnings', async () => {
    const bot = await startWechatyBot();
    const everyone = [bot.self.id, ...Object.values(bot.people).map((p) => p.id)];
    const twin = bot.mocker.createRoom({ id: 'room-twin@chatroom', topic: CYBER_ROOM_TOPIC, memberIdList: everyone });
    await bot.chat(bot.people['li-wangxin']!, '@烽火 状态', bot.rooms.cyber, { mentionBot: true });
    const fake = bot.emit(bot.people.stranger!, '@烽火 预警 红 假消息', twin, { mentionBot: true });
    await bot.chat(bot.people['zheng-jiance']!, '@烽火 预警 橙 某地网传停水', bot.rooms.command, { mentionBot: true });
    expect(bot.recorded(fake)).toBe(false);
    expect(
      bot.core.db
        .select()
        .from(incidents)
        .all()
        .map((i) => i.level),
    ).toEqual(['orange']);
    expect(bot.saidIn(bot.rooms.cyber).at(-1)).toContain('橙色预警 · YQ-20261121-001');
    expect(bot.saidIn(twin)).toEqual([]);
  });

  it('a message stuck on a puppet call that never answers does not hold the next one, nor the shutdown', async () => {
    const bot = await startWechatyBot({ messageTimeoutMs: 300 });
    bot.puppet.stallRoomMembers = true;
    const stuck = bot.emit(bot.people['zheng-jiance']!, '@烽火 预警 橙 卡住的消息', bot.rooms.command, { mentionBot: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    bot.puppet.stallRoomMembers = false;
    await bot.chat(bot.people['li-wangxin']!, '状态', 'private');
    expect(bot.recorded(stuck)).toBe(false);
    expect(bot.saidTo(bot.people['li-wangxin']!).at(-1)).toContain('舆情态势');
    // Stopping does not wait on the stuck call either (a hang here fails the test by its timeout).
    await bot.platforms.wechaty!.stop();
    expect(bot.platforms.wechaty!.running()).toBe(false);
  });

  it('a group whose room cannot be found ends as a dead letter that says how to fix the organisation file', async () => {
    const bot = await startWechatyBot({
      extraGroups: [{ key: 'wx-gone', name: '已解散的群', platform: 'wechaty', chatId: '已解散的群', purpose: 'broadcast' }],
    });
    await bot.chat(bot.people['zheng-jiance']!, '@烽火 预警 橙 某地网传停水', bot.rooms.command, { mentionBot: true });

    const gone = bot.core.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.platform, 'wechaty'), eq(outbox.chatId, '已解散的群')))
      .all();
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ status: 'dead', attempts: 1 });
    expect(gone[0]!.lastError).toContain('找不到微信群「已解散的群」');
    expect(gone[0]!.lastError).toContain('组织文件 groups[].chatId');
    // The rooms that exist got their cards regardless.
    expect(bot.saidIn(bot.rooms.command)[0]).toContain('橙色预警 · YQ-20261121-001');
  });

  it('before the account logs in, messages wait in the outbox; after login they go out', async () => {
    const bot = await startWechatyBot({ login: false });
    // Raised from the web console while WeChat waits for its QR code to be scanned.
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    await bot.drain.drain();
    const waiting = bot.core.db.select().from(outbox).where(eq(outbox.platform, 'wechaty')).all();
    expect(waiting.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(waiting[0]!.lastError).toContain('尚未登录');
    expect(bot.saidIn(bot.rooms.command)).toEqual([]);

    await logIn(bot.mocker, bot.puppet, bot.self);
    bot.clock.advance(30_000);
    await bot.drain.drain();
    expect(bot.saidIn(bot.rooms.command)[0]).toContain('橙色预警 · YQ-20261121-001');
    expect(bot.saidIn(bot.rooms.cyber)[0]).toContain('橙色预警 · YQ-20261121-001');
    expect(bot.core.db.select().from(inbox).where(eq(inbox.platform, 'wechaty')).all()).toEqual([]);
  });
});
