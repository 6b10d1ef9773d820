// A warning raised in the console, through app.request(): incident, tasks, cards in every group
// the playbook names, @mentions, and the timeline row beside it.
import { and, eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents, outbox, tasks, timeline } from '../../src/db/schema';
import { buttonsOf, startBot } from '../helpers/runtime';

describe('预警 through the console', () => {
  it('raises an orange warning: one incident, playbook tasks, cards in the named groups', async () => {
    const bot = startBot();
    const res = await bot.say('zheng-jiance', '@烽火 预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/123');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'done', command: '预警' });

    const [incident] = bot.core.db.select().from(incidents).all();
    expect(incident).toMatchObject({ number: 'YQ-20261121-001', level: 'orange', status: 'responding', title: '某地网传停水三天，已有上千转发' });
    const created = bot.core.db.select().from(tasks).where(eq(tasks.incidentId, incident!.id)).all();
    expect(created.map((t) => t.departmentKey)).toEqual(['publicity', 'cyber', 'legal', 'business']);
    expect(created.every((t) => t.status === 'open' && t.claimDueAt === bot.clock.now() + 10 * 60_000)).toBe(true);

    const card = await bot.card('橙色预警 · YQ-20261121-001');
    expect(card.card.level).toBe('orange');
    expect(buttonsOf(card).map((b) => `${b.action}:${b.value}`)).toEqual(created.map((t) => `claim:T${t.id}`));
    // On duty per the roster (2026-11-21 day shift: 赵总 leads, 王小宣 on watch), plus the department leads.
    expect(card.card.mentions.map((m: any) => m.name)).toEqual(expect.arrayContaining(['赵总', '王小宣', '孙宣传', '李网信', '周法务']));
    expect(card.text).toContain('时限：电话报告上级 09:30 前');

    // Orange notifies command, the departments with tasks, and the broadcast group.
    for (const group of ['publicity', 'cyber', 'legal', 'all-hands']) {
      expect((await bot.card('YQ-20261121-001', group)).card.level).toBe('orange');
    }
    const rows = bot.core.db.select().from(timeline).where(eq(timeline.incidentId, incident!.id)).all();
    // Orange calls the 应急会议 (001 三(三)4): on the timeline beside the warning.
    expect(rows.map((r) => r.kind)).toEqual(['warning_raised', 'meeting_scheduled']);
    expect(rows[0]!.text).toContain('郑监测 发布橙色预警');
    expect(bot.core.db.select().from(outbox).where(eq(outbox.status, 'pending')).all()).toEqual([]);
  });

  it('numbers incidents per day in Asia/Shanghai', async () => {
    const bot = startBot({ start: Date.UTC(2026, 10, 21, 15, 59) }); // 23:59 in Shanghai
    await bot.say('zheng-jiance', '预警 蓝 第一件');
    bot.clock.advance(2 * 60_000); // 00:01 the next day
    await bot.say('zheng-jiance', '预警 蓝 第二件');
    await bot.say('zheng-jiance', '预警 蓝 第三件');
    expect(
      bot.core.db
        .select({ n: incidents.number })
        .from(incidents)
        .all()
        .map((r) => r.n),
    ).toEqual(['YQ-20261121-001', 'YQ-20261122-001', 'YQ-20261122-002']);
  });

  it('a blue warning stays in the command centre and starts as 监测中', async () => {
    const bot = startBot();
    await bot.say('li-wangxin', '预警 蓝 论坛出现零星吐槽');
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ level: 'blue', status: 'monitoring' });
    expect((await bot.messages('publicity')).length).toBe(0);
    expect((await bot.messages('all-hands')).length).toBe(0);
  });

  it('marks a drill and shows it on the card', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 黄 演练 模拟网传食品安全问题');
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ isDrill: true, title: '模拟网传食品安全问题' });
    expect((await bot.card('YQ-')).card.title).toContain('【演练】');
  });

  it('refuses a plain member and says which role is needed; nothing is written but the answer', async () => {
    const bot = startBot();
    const res = await bot.say('wang-xiaoxuan', '预警 红 有人说我们不好');
    expect(res.body).toMatchObject({ outcome: 'refused' });
    expect(await bot.lastBotText()).toContain('发布预警需要以下角色之一：监测员、部门负责人');
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
    expect(bot.core.db.select().from(tasks).all()).toEqual([]);
    // Only the sign-in to the console (platform web) is on the record.
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(and(ne(timeline.platform, 'system'), ne(timeline.platform, 'web')))
        .all(),
    ).toEqual([]);
  });

  it('explains a wrong level with the usage line', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 紫 某事');
    const text = await bot.lastBotText();
    expect(text).toContain('「紫」不是预警级别');
    expect(text).toContain('用法：预警 <级别> <描述>');
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
  });
});
