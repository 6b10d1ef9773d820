// 应急会议 (001 三(三)4, 002 四(一)2; issue 13): orange and red call one — time, place, attendees
// from the playbook — shown on the warning card, reminded by stored jobs; 会议 sets its time and
// place and records decisions, which go on the timeline (meeting_scheduled, meeting_decision).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { meetings, timeline } from '../../src/db/schema';
import { startBot } from '../helpers/runtime';

describe('应急会议', () => {
  it('orange calls it with the warning; reminders before and at the start @mention the invited', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    const meeting = bot.core.db.select().from(meetings).get()!;
    // orange: within 30 minutes, 指挥中心会议室, 总指挥 副总指挥 部门负责人.
    expect(meeting).toMatchObject({ title: '应急会议', startsAt: bot.clock.now() + 30 * 60_000, place: '指挥中心会议室' });
    expect(meeting.attendees).toHaveLength(6);
    expect((await bot.card('橙色预警 · YQ-20261121-001')).text).toContain('应急会议：09:30（还有 30 分钟） · 指挥中心会议室 · 参会 6 人');
    const scheduled = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'meeting_scheduled')).get()!;
    expect(scheduled.data).toMatchObject({ meetingId: meeting.id, startsAt: meeting.startsAt, place: '指挥中心会议室' });

    bot.clock.advance(20 * 60_000); // 09:20, ten minutes before
    await bot.clockLoop.tick();
    const soon = await bot.card('即将开始 · 应急会议');
    expect(soon.text).toContain('时间：09:30（还有 10 分钟）');
    expect(soon.card.mentions.map((m: any) => m.name)).toEqual(['赵总', '钱副总', '孙宣传', '李网信', '周法务', '吴业务']);
    bot.clock.advance(10 * 60_000);
    await bot.clockLoop.tick();
    expect((await bot.card('现在开始 · 应急会议')).text).toContain('地点：指挥中心会议室');
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'meeting_reminder')).all()).toHaveLength(2);
  });

  it('after downtime a meeting that has started is not announced as 即将开始; its start reminder says it was sent late', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    bot.clock.advance(60 * 60_000); // 10:00: down through 09:20 (the reminder) and 09:30 (the start)
    await bot.clockLoop.tick();
    const titles = (await bot.messages('command', 'zhao-zong')).filter((m) => m.author === 'bot').map((m) => m.card.title);
    expect(titles.filter((t) => t.includes('即将开始'))).toEqual([]);
    expect(titles).toContain('现在开始 · 应急会议 · YQ-20261121-001（系统恢复后补发，原定 09:30 提醒）');
  });

  it('会议 时间/地点 moves it (the old reminders stay quiet); 会议 决定 goes on the timeline; 会议 shows it all', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 红 某地网传停水三天');
    await bot.say('qian-fuzong', '会议 时间 10:00 地点 https://meeting.feishu.cn/123456');
    const changed = await bot.card('应急会议有变更 · YQ-20261121-001');
    expect(changed.text).toContain('时间：10:00（还有 1 小时）');
    expect(changed.text).toContain('地点：https://meeting.feishu.cn/123456');
    expect(bot.core.db.select().from(meetings).get()).toMatchObject({ place: 'https://meeting.feishu.cn/123456' });
    const rows = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'meeting_scheduled')).all();
    expect(rows.map((r) => r.text)).toEqual([
      '应急会议召开：09:15 · 指挥中心会议室 · 参会 6 人',
      '应急会议改到 10:00（钱副总）：10:00 · https://meeting.feishu.cn/123456 · 参会 6 人',
    ]);

    // 09:10 and 09:15 were the old reminders: nothing then.
    bot.clock.advance(15 * 60_000);
    await bot.clockLoop.tick();
    expect((await bot.messages()).filter((m) => m.author === 'bot' && m.card.title.includes('开始 · 应急会议'))).toEqual([]);
    bot.clock.advance(40 * 60_000); // 09:55
    await bot.clockLoop.tick();
    expect((await bot.card('即将开始 · 应急会议')).text).toContain('时间：10:00（还有 5 分钟）');

    await bot.say('zhao-zong', '会议 决定 由宣传部 11:00 前发布情况说明，法务部审核');
    const decision = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'meeting_decision')).get()!;
    expect(decision.text).toBe('应急会议决定（赵总 记录）：由宣传部 11:00 前发布情况说明，法务部审核');
    expect(decision.data).toMatchObject({ decision: '由宣传部 11:00 前发布情况说明，法务部审核' });
    expect(await bot.lastBotText()).toContain('应急会议决定：由宣传部 11:00 前发布情况说明');
    await bot.say('feng-bangong', '会议');
    const shown = await bot.lastBotText();
    expect(shown).toContain('参会：赵总、钱副总、孙宣传、李网信、周法务、吴业务');
    expect(shown).toContain('会议决定');
    expect(shown).toContain('由宣传部 11:00 前发布情况说明');

    // Who may: the playbook's permissions.meeting; a plain member is told which roles.
    await bot.say('wang-xiaoxuan', '会议 决定 我觉得不用发');
    expect(await bot.lastBotText()).toContain('安排应急会议、记录会议决定需要以下角色之一');
    await bot.say('zhao-zong', '会议 时间 25:99');
    expect(await bot.lastBotText()).toContain('「25:99」不是时间');
  });

  it('blue and yellow call none; 会议 时间 calls one by hand', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 黄 某论坛出现不实帖子');
    expect(bot.core.db.select().from(meetings).all()).toEqual([]);
    await bot.say('qian-fuzong', '会议');
    expect(await bot.lastBotText()).toContain('还没有应急会议');
    await bot.say('qian-fuzong', '会议 时间 30分钟后 地点 三楼会议室');
    expect(bot.core.db.select().from(meetings).get()).toMatchObject({ startsAt: bot.clock.now() + 30 * 60_000, place: '三楼会议室' });
    expect((await bot.card('应急会议 · YQ-20261121-001')).text).toContain('参会：赵总、钱副总、孙宣传、李网信、周法务、吴业务');
  });
});
