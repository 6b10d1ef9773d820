// 升级/降级/级别, 平息/结案, 进展 — each verb on a fresh SQLite migrated from drizzle/.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deadlines, incidents, jobs, tasks, timeline } from '../../src/db/schema';
import { changeLevel } from '../../src/core/verbs/change-level';
import { raiseWarning } from '../../src/core/verbs/raise-warning';
import { Refusal } from '../../src/core/errors';
import { startBot } from '../helpers/runtime';
import { act, calmIncident, closeIncident, postProgress } from '../helpers/verbs';

function refusalOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof Refusal) return err.reply;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('changing the level', () => {
  // Was "…notifies the new groups": groups that had the yellow card only saw it change in place —
  // no new message, no 加急, no stricter deadlines (issue 13). Now 升级 is a new warning.
  it('upgrading yellow → red adds the missing tasks and deadlines, re-times the stricter ones and posts a new red card in every group red names', async () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'yellow', description: '某视频引发讨论', isDrill: false }));
    await bot.drain.drain();
    expect((await bot.messages('all-hands')).length).toBe(0);
    const writtenDue = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'report_written')).get()!.dueAt;
    expect(writtenDue).toBe(bot.clock.now() + 120 * 60_000); // yellow: 书面报告 within 2 hours
    bot.clock.advance(20 * 60_000);

    const out = act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up', level: 'red', incidentNumber: undefined }));
    expect(out.reply).toContain('已升级为红色预警（特别重大）');
    const incident = bot.core.db.select().from(incidents).get()!;
    expect(incident).toMatchObject({ level: 'red', status: 'responding' });
    const depts = bot.core.db
      .select()
      .from(tasks)
      .all()
      .map((t) => t.departmentKey);
    expect(depts).toEqual(['cyber', 'business', 'publicity', 'legal', 'office']);
    const kinds = bot.core.db
      .select()
      .from(deadlines)
      .all()
      .map((d) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['report_written', 'reply', 'report_phone', 'statement', 'press']));
    const phone = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'report_phone')).get()!;
    expect(phone.dueAt).toBe(bot.clock.now() + 30 * 60_000);
    // Red wants the written report within an hour of now: sooner than yellow's 11:00, so re-timed.
    const written = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'report_written')).get()!;
    expect(written.dueAt).toBe(bot.clock.now() + 60 * 60_000);
    // The yellow tasks still open must now be claimed within red's 5 minutes.
    for (const t of bot.core.db.select().from(tasks).all()) expect(t.claimDueAt).toBe(bot.clock.now() + 5 * 60_000);
    // Their old reminders are gone; the new ones are planned for the new times.
    const writtenJobs = bot.core.db
      .select()
      .from(jobs)
      .all()
      .filter((j) => j.kind === 'deadline' && j.status === 'pending' && j.subject.startsWith(`deadline:${written.id}`));
    expect(writtenJobs.map((j) => j.dueAt).sort()).toEqual([0.5, 0.8, 1].map((share) => bot.clock.now() + Math.round(60 * 60_000 * share)).sort());

    await bot.drain.drain();
    const broadcast = (await bot.messages('all-hands')).filter((m) => m.author === 'bot');
    expect(broadcast).toHaveLength(1);
    expect(broadcast[0]!.card).toMatchObject({ level: 'red' });
    expect(broadcast[0]!.card.title).toContain('已升级');
    // Department groups that had no card at yellow get one now (publicity and legal have red tasks).
    for (const group of ['publicity', 'legal']) expect((await bot.messages(group)).filter((m) => m.author === 'bot')).toHaveLength(1);
    // The cyber group and the command centre had the yellow card: it is red now too, and a new red card follows it.
    for (const group of ['cyber', 'command']) {
      const cards = (await bot.messages(group)).filter((m) => m.author === 'bot' && m.card.title.includes('YQ-20261121-001'));
      expect(cards.map((m) => m.card.title)).toEqual(['红色预警 · YQ-20261121-001', '已升级 · 红色预警 · YQ-20261121-001']);
      expect(cards.every((m) => m.card.level === 'red')).toBe(true);
    }
    // Red calls the 应急会议 within 15 minutes: the new card says when and where.
    expect((await bot.card('已升级 · 红色预警')).text).toContain('应急会议：09:35（还有 15 分钟） · 指挥中心会议室');
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'level_changed')).get()!.text).toBe(
      '钱副总 将 YQ-20261121-001 从黄色预警（较大）升级为红色预警（特别重大）；按新级别提前：书面报告指挥中心 11:00 → 10:20，T1 认领 09:30 → 09:25，T2 认领 09:30 → 09:25',
    );
  });

  it('steps one level when none is given; refuses the wrong direction, the same level and the edges', () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'orange', description: '某事', isDrill: false }));
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up', level: 'blue' })))).toContain(
      '是降级，请发送「降级 YQ-20261121-001 蓝」',
    );
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'auto', level: 'orange' })))).toContain('已经是橙色预警');
    act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up' }));
    expect(bot.core.db.select().from(incidents).get()!.level).toBe('red');
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up' })))).toContain('已经是最高（红色）级别');
    act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'auto', level: 'yellow' }));
    expect(bot.core.db.select().from(incidents).get()!.level).toBe('yellow');
  });

  it('refuses a monitor: only the roles in permissions.changeLevel', () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'blue', description: '某事', isDrill: false }));
    expect(refusalOf(() => act(bot, 'zheng-jiance', (ctx) => changeLevel(ctx, { direction: 'up' })))).toContain(
      '调整预警级别需要以下角色之一：副总指挥、总指挥、领导小组',
    );
  });
});

describe('progress, calming and closing', () => {
  it('进展 goes on the timeline and to the command centre', async () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'yellow', description: '某事', isDrill: false }));
    const out = act(bot, 'li-wangxin', (ctx) => postProgress(ctx, undefined, '转发量已回落'), 'cyber');
    expect(out.reply).toBe('已记录 YQ-20261121-001 的进展，并同步到指挥中心。');
    await bot.drain.drain();
    expect(await bot.lastBotText('command')).toContain('李网信 09:00：转发量已回落');
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'progress')).get()!.text).toBe('李网信 续报：转发量已回落');
  });

  it('平息 then 结案 with a summary; open work asks for confirmation first; a closed incident refuses new work', async () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'blue', description: '某事', isDrill: false }));
    expect(refusalOf(() => act(bot, 'zheng-jiance', (ctx) => closeIncident(ctx, undefined, '')))).toContain('平息或结案需要以下角色之一');
    act(bot, 'qian-fuzong', (ctx) => calmIncident(ctx, undefined));
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('calmed');
    // One task open and the 一般性回应 deadline unmet: 结案 says what is open and how to confirm.
    const asked = refusalOf(() => act(bot, 'zhao-zong', (ctx) => closeIncident(ctx, 'yq-20261121-001', '已澄清')));
    expect(asked).toContain('还有 1 项任务、1 个响应时限未完成');
    expect(asked).toContain('T1 密切关注，研判是否升级（未认领）');
    expect(asked).toContain('确认现在结案请发送「结案 YQ-20261121-001 确认 理由」');
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('calmed');
    expect(refusalOf(() => act(bot, 'zhao-zong', (ctx) => closeIncident(ctx, 'yq-20261121-001', '', true)))).toContain('请写确认结案的理由');
    const out = act(bot, 'zhao-zong', (ctx) => closeIncident(ctx, 'yq-20261121-001', '已澄清，无需再研判', true));
    expect(out.reply).toContain('未完成的 2 项和理由已记入时间线');
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ status: 'closed', summary: '已澄清，无需再研判', closedAt: bot.clock.now() });
    const closedRow = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'incident_closed')).get()!;
    expect(closedRow.text).toContain('确认结案，理由：已澄清，无需再研判；未完成：T1');
    expect(closedRow.data).toMatchObject({ confirmed: true, reason: '已澄清，无需再研判', openTasks: [1] });
    expect(refusalOf(() => act(bot, 'zhao-zong', (ctx) => closeIncident(ctx, 'YQ-20261121-001', '')))).toContain('已经结案了');
    expect(refusalOf(() => act(bot, 'li-wangxin', (ctx) => postProgress(ctx, 'YQ-20261121-001', '又有人转发')))).toContain('已结案');
    await bot.drain.drain();
    const card = (await bot.messages('command')).find((m) => m.author === 'bot')!;
    expect(card.text).toContain('已结案：已澄清，无需再研判');
    expect(card.card).toMatchObject({ tone: 'closed', title: '【已结案】蓝色预警 · YQ-20261121-001' });
    expect(card.card.level).toBeUndefined();
    expect(card.card.blocks.some((b: any) => b.type === 'actions')).toBe(false);
  });

  it('an unknown incident number is named in the answer', () => {
    const bot = startBot();
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => calmIncident(ctx, 'YQ-20990101-001')))).toContain('没有编号为 YQ-20990101-001 的舆情事件');
  });
});
