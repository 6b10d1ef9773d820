// 总结评估 end to end on a pinned clock: an orange incident from a lead reported before the warning
// to a signed review, every figure of the review checked against the timeline it was measured
// from; and 结案 of an orange incident refused until its review is signed.
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadYamlFile } from '../../src/config/load-yaml';
import { playbookSchema } from '../../src/core/playbook/schema';
import type { ReviewFigures } from '../../src/core/read/review-figures';
import { deadlines, incidents, leads, reviews, tasks, timeline } from '../../src/db/schema';
import { startBot, type TestBot } from '../helpers/runtime';

const MIN = 60_000;
/** 2026-11-21 hh:mm in Asia/Shanghai. */
const time = (hhmm: string, day = 21) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, day, h! - 8, m!);
};
/** Moves the clock to hh:mm and lets it beat once (reminders, ladders, the observation's end). */
async function at(bot: TestBot, hhmm: string): Promise<void> {
  bot.clock.set(time(hhmm));
  await bot.clockLoop.tick();
}
const rows = (bot: TestBot, kind: string) =>
  bot.core.db
    .select()
    .from(timeline)
    .where(and(eq(timeline.kind, kind)))
    .orderBy(asc(timeline.id))
    .all();

describe('总结评估', () => {
  it('walks an orange incident from its first lead to a signed review whose every figure matches the timeline', async () => {
    const bot = startBot({ start: time('08:50') });
    await bot.say('zheng-jiance', '上报 https://weibo.com/555 网传某地停水三天');
    await at(bot, '09:00');
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/555');
    await at(bot, '09:04');
    await bot.say('li-wangxin', '认领 T2', 'cyber');
    await at(bot, '09:07');
    await bot.say('wang-xiaoxuan', '认领 T1', 'publicity');
    await at(bot, '09:10'); // T3 and T4 pass their 10-minute claim window: rung 1
    await at(bot, '09:12');
    await bot.say('zhou-fawu', '认领 T3', 'legal');
    await at(bot, '09:15'); // T4: rung 2
    await at(bot, '09:16');
    await bot.say('wu-yewu', '认领 T4');
    await at(bot, '09:20');
    await bot.say('li-wangxin', '进展 转发量开始回落', 'cyber');
    await at(bot, '09:25');
    await bot.say('qian-fuzong', '时限 电话报告上级 完成 已电话报告区委宣传部');
    await at(bot, '09:30');
    await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明：经核实，系管道检修，今晚恢复供水。');
    await at(bot, '09:36');
    await bot.say('sun-xuanchuan', '同意 A1');
    await at(bot, '09:40');
    await bot.say('zhou-fawu', '驳回 A1 恢复时间需写明');
    await at(bot, '09:45');
    await bot.say('wang-xiaoxuan', '发布 A1 关于网传停水的情况说明：经核实，系管道检修，预计今晚 20 时恢复供水。');
    await at(bot, '09:50');
    await bot.say('sun-xuanchuan', '同意 A1');
    await at(bot, '10:00'); // 书面报告上级 missed
    await at(bot, '10:05'); // the legal step has waited 15 minutes: its approver is reminded
    await at(bot, '10:08');
    await bot.say('zhou-fawu', '同意 A1');
    await at(bot, '10:15');
    await bot.say('qian-fuzong', '同意 A1');
    await at(bot, '10:20');
    await bot.say('qian-fuzong', '时限 书面报告上级 完成');
    await at(bot, '11:00');
    await bot.say('qian-fuzong', '平息');
    expect(await bot.lastBotText()).toContain('观察期 12 小时（23:00 期满）');
    expect((await bot.card('总结评估 · YQ-20261121-001')).text).toContain('待补充、待签发');

    // During the watch 结案 is refused with the time left; at its end the command centre is told.
    await at(bot, '11:05');
    await bot.say('zhao-zong', '结案 舆情平稳');
    expect(await bot.lastBotText()).toContain('观察期 12 小时，还剩 11 小时 55 分钟（23:00 后可以结案）');
    await at(bot, '23:00');
    expect((await bot.card('观察期满 · YQ-20261121-001')).text).toContain('平息后已观察 12 小时');
    // The watch is over, the review is not signed: still not closed.
    await at(bot, '23:02');
    await bot.say('zhao-zong', '结案 舆情平稳');
    expect(await bot.lastBotText()).toContain('未结案：YQ-20261121-001 是橙色预警（重大），总结评估还没有签发');
    expect(await bot.lastBotText()).toContain('另有 4 项任务、1 个响应时限未完成，签发后结案时需要确认。');
    await bot.say('zhao-zong', '总结 签发');
    expect(await bot.lastBotText()).toContain('还没有任何经验、问题或改进措施');

    await at(bot, '23:05');
    await bot.say('wang-xiaoxuan', '总结 经验 口径统一，当天完成情况说明');
    await bot.say('zhou-fawu', '总结 问题 发布稿第一版漏写恢复时间');
    await bot.say('qian-fuzong', '总结 改进 书面报告提前准备模板，30 分钟内报出');
    await bot.say('sun-xuanchuan', '总结 签发');
    expect(await bot.lastBotText()).toContain('签发总结评估需要以下角色之一：总指挥');
    await at(bot, '23:10');
    await bot.say('zhao-zong', '总结 YQ-20261121-001 签发');
    expect(await bot.lastBotText()).toContain('已签发 YQ-20261121-001 的总结评估。现在可以发送「结案 YQ-20261121-001」结案。');
    await bot.say('wang-xiaoxuan', '总结 经验 补一条');
    expect(await bot.lastBotText()).toContain('总结评估已签发，不能再补充');
    await at(bot, '23:15');
    // Signed: what is left is issue 13's question about the work still open.
    await bot.say('zhao-zong', '结案 舆情平稳，已发布情况说明');
    expect(await bot.lastBotText()).toContain('YQ-20261121-001 还有 4 项任务、1 个响应时限未完成');
    await bot.say('zhao-zong', '结案 确认 舆情平稳，已发布情况说明');
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ status: 'closed', closedAt: time('23:15'), summary: '舆情平稳，已发布情况说明' });

    // The signed figures, each against the record it was measured from.
    const review = bot.core.db.select().from(reviews).get()!;
    expect(review).toMatchObject({ status: 'signed', signedAt: time('23:10') });
    const f = review.figures as unknown as ReviewFigures;
    const warned = rows(bot, 'warning_raised')[0]!;
    const firstLead = bot.core.db.select().from(leads).orderBy(asc(leads.createdAt)).get()!;
    expect(firstLead).toMatchObject({ incidentId: null, link: 'https://weibo.com/555', createdAt: time('08:50') });
    expect(f.firstLead).toMatchObject({ at: firstLead.createdAt, by: '郑监测', source: 'weibo.com' });
    expect(f.warning).toEqual({ at: warned.createdAt, by: '郑监测', leadToWarningMs: warned.createdAt - firstLead.createdAt });
    expect(f.warning.leadToWarningMs).toBe(10 * MIN);

    const claimed = rows(bot, 'task_claimed');
    const escalated = rows(bot, 'task_escalated');
    const taskRows = bot.core.db.select().from(tasks).orderBy(asc(tasks.id)).all();
    expect(f.claims.map((c) => c.ref)).toEqual(['T1', 'T2', 'T3', 'T4']);
    for (const c of f.claims) {
      const task = taskRows.find((t) => `T${t.id}` === c.ref)!;
      const row = claimed.find((r) => r.data?.taskId === task.id)!;
      expect(c.claimedAt).toBe(row.createdAt);
      expect(c.fromWarningMs).toBe(row.createdAt - warned.createdAt);
      expect(c.late).toBe(row.data?.late);
      expect(c.lateByMs).toBe(Math.max(0, row.createdAt - task.claimDueAt!));
      expect(c.rungs).toBe(escalated.filter((e) => e.data?.taskId === task.id).length);
    }
    expect(f.claims.map((c) => [c.by, c.fromWarningMs! / MIN, c.late, c.lateByMs / MIN, c.rungs])).toEqual([
      ['王小宣', 7, false, 0, 0],
      ['李网信', 4, false, 0, 0],
      ['周法务', 12, true, 2, 1],
      ['吴业务', 16, true, 6, 2],
    ]);

    const progress = rows(bot, 'progress');
    expect(f.firstProgress).toMatchObject({ at: progress[0]!.createdAt, by: '李网信', fromWarningMs: 20 * MIN });
    expect(f.progressCount).toBe(progress.length);

    // Each decision: its row, and how long its step waited since it opened (submission or the step before).
    const decided = [...rows(bot, 'release_approved_step'), ...rows(bot, 'release_rejected')].sort((a, b) => a.id - b.id);
    expect(f.approvals.map((a) => a.decidedAt)).toEqual(decided.map((d) => d.createdAt));
    expect(f.approvals.map((a) => [a.version, a.step, a.decider, a.decision, a.waitMs / MIN, a.rungs])).toEqual([
      [1, '宣传负责人审核', '孙宣传', 'approve', 6, 0],
      [1, '法务审核', '周法务', 'reject', 4, 0],
      [2, '宣传负责人审核', '孙宣传', 'approve', 5, 0],
      [2, '法务审核', '周法务', 'approve', 18, 1],
      [2, '副总指挥或总指挥批准', '钱副总', 'approve', 7, 0],
    ]);
    const submitted = rows(bot, 'release_submitted');
    expect(f.approvals.map((a) => a.submittedAt)).toEqual([1, 1, 2, 2, 2].map((v) => submitted.find((s) => s.data?.version === v)!.createdAt));
    expect(rows(bot, 'approval_escalated').map((r) => r.data)).toEqual([{ releaseId: 1, version: 2, step: 1, rung: 1 }]);
    expect(f.approved).toEqual([{ ref: 'A1', version: 2, at: time('10:15'), fromWarningMs: 75 * MIN }]);
    // Nothing was published or reported upward through the bot in this walk.
    expect(f.publications).toEqual([]);
    expect(f.reports).toEqual([]);

    const dl = bot.core.db.select().from(deadlines).orderBy(asc(deadlines.dueAt)).all();
    expect(f.deadlines.map((d) => [d.label, d.outcome, d.marginMs / MIN, d.by])).toEqual([
      ['电话报告上级', 'on_time', -5, '钱副总'],
      ['书面报告上级', 'late', 20, '钱副总'],
      ['发布权威信息', 'on_time', -(300 - 75), '钱副总'],
      ['召开新闻发布会', 'open', time('23:10') - dl[3]!.dueAt, null].map((v, i) => (i === 2 ? (v as number) / MIN : v)),
    ]);
    for (const d of f.deadlines) expect(d.metAt).toBe(dl.find((x) => x.label === d.label)!.metAt);
    expect(f.escalations).toEqual({
      taskRungs: escalated.length,
      approvalRungs: rows(bot, 'approval_escalated').length,
      updateRequests: rows(bot, 'update_requested').length,
      deadlineReminders: rows(bot, 'deadline_reminder').length,
    });
    expect(f.escalations.taskRungs).toBe(3);

    const people = Object.fromEntries(f.people.map((p) => [p.name, Object.fromEntries(p.actions.map((a) => [a.action, a.count]))]));
    expect(people['王小宣']).toEqual({ 认领任务: 1, 提交发布稿: 2, 总结评估意见: 1 });
    expect(people['钱副总']).toEqual({ 完成时限: 2, 审批同意: 1, 确认平息: 1, 总结评估意见: 1 });
    // Measured as signed: the signature itself is the review's header, not one of its figures.
    expect(people['赵总']).toBeUndefined();

    // The card in the command centre shows the signed review.
    const card = await bot.card('总结评估 · YQ-20261121-001');
    expect(card.text).toContain('已签发 · 赵总');
    expect(card.text).toContain('首条线索 08:50（weibo.com · 郑监测）→ 预警 09:00：10 分钟');
    expect(card.text).toContain('T4 业务部「调查核实事实」：吴业务 09:16 认领，预警后 16 分钟，超过认领时限 6 分钟（催办 2 级）');
    expect(card.text).toContain('书面报告上级（10:00 截止）：迟 20 分钟，10:20 完成（钱副总）');
    expect(card.text).toContain('1. 书面报告提前准备模板，30 分钟内报出（钱副总）');
  });

  it('结案 of an orange incident is refused without a signed review; once signed it closes', async () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    playbook.review.observeMinutes.orange = 0;
    const bot = startBot({ overrides: { playbook: { value: playbook } } });
    await bot.say('zheng-jiance', '预警 橙 某事');
    await bot.say('zhao-zong', '结案 已处理');
    expect(await bot.lastBotText()).toContain('未结案：YQ-20261121-001 是橙色预警（重大），需要先完成总结评估并由总指挥签发。已开启总结评估');
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('responding');
    expect(bot.core.db.select().from(reviews).get()).toMatchObject({ status: 'open', summary: '已处理' });
    // Asked again, nothing changes: refused, the review still waiting.
    const again = await bot.say('zhao-zong', '结案');
    expect(again.body.outcome).toBe('refused');
    expect(await bot.lastBotText()).toContain('总结评估还没有签发');
    expect(rows(bot, 'review_opened')).toHaveLength(1);
    await bot.say('zhao-zong', '总结 改进 监测关键词加上「停水」');
    await bot.say('zhao-zong', '总结 签发');
    // Signed; the tasks and deadlines the warning opened are still open, so 结案 asks to confirm.
    await bot.say('zhao-zong', '结案');
    expect(await bot.lastBotText()).toContain('确认现在结案请发送「结案 YQ-20261121-001 确认 理由」');
    await bot.say('zhao-zong', '结案 确认 已处理，其余任务不再需要');
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('closed');
    // A blue one closes at once and opens its review as it does.
    await bot.say('zheng-jiance', '预警 蓝 另一件事');
    await bot.say('qian-fuzong', '结案 YQ-20261121-002 确认 误报');
    expect(await bot.lastBotText()).toMatch(/YQ-20261121-002 已结案.*请补充总结评估：发送「总结 YQ-20261121-002」查看。/);
    expect(bot.core.db.select().from(reviews).all()).toHaveLength(2);
  });
});
