// The clock on a pinned clock: reminders as deadlines approach, the late-report ledger, the task
// and approval escalation ladders, and jobs that fell due while the process was down.
import { eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fireDueJobs } from '../../src/core/jobs/fire';
import { jobs, lateReports, members, timeline } from '../../src/db/schema';
import { startBot, type TestBot } from '../helpers/runtime';

const MIN = 60_000;
/** Moves the pinned clock to hh:mm on 2026-11-21 (Asia/Shanghai) and lets the clock beat once. */
async function at(bot: TestBot, hhmm: string): Promise<number> {
  const [h, m] = hhmm.split(':').map(Number);
  bot.clock.set(Date.UTC(2026, 10, 21, h! - 8, m!));
  return bot.clockLoop.tick();
}
const texts = async (bot: TestBot, group = 'command') => (await bot.messages(group)).filter((m) => m.author === 'bot').map((m) => m.text);

describe('response deadlines', () => {
  it('reminds half-way and at 80%, stays quiet once met, and records a miss in the ledger', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    // 电话报告上级 is due 09:30: reminders at 09:15 and 09:24.
    await at(bot, '09:15');
    expect((await texts(bot)).at(-1)).toContain('「电话报告上级」09:30 截止，还剩 15 分钟');
    await bot.clock.set(Date.UTC(2026, 10, 21, 1, 20));
    await bot.say('qian-fuzong', '时限 电话报告上级 完成 已电话报告区委宣传部');
    expect(await bot.lastBotText()).toContain('「电话报告上级」完成，在时限内');
    await at(bot, '09:24');
    await at(bot, '09:30');
    expect((await texts(bot)).filter((t) => t.includes('「电话报告上级」') && t.includes('时限提醒'))).toHaveLength(1);
    expect((await texts(bot)).some((t) => t.includes('已超时'))).toBe(false);

    // 书面报告上级 is due 10:00 and missed.
    await at(bot, '10:00');
    expect((await texts(bot)).at(-1)).toContain('「书面报告上级」已超过时限（10:00 截止），已记入迟报台账');
    expect(bot.core.db.select().from(lateReports).all()).toMatchObject([{ label: '书面报告上级', metAt: null }]);
    bot.clock.set(Date.UTC(2026, 10, 21, 2, 20));
    await bot.say('qian-fuzong', '时限 书面报告上级 完成');
    expect(await bot.lastBotText()).toContain('超过时限 20 分钟，已记入迟报台账');
    expect(bot.core.db.select().from(lateReports).get()).toMatchObject({ metAt: bot.clock.now() });
    await bot.say('qian-fuzong', '时限');
    expect(await bot.lastBotText()).toMatch(/✅ 书面报告上级：10:00 截止 · 10:20 完成（迟 20 分钟）/);
  });

  it('an approved statement meets its deadline; unknown names are answered with the list', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 某事');
    await bot.say('qian-fuzong', '时限 新闻发布会 完成');
    expect(await bot.lastBotText()).toContain('没有叫「新闻发布会」的时限。现有：一般性回应');
    await bot.say('qian-fuzong', '时限 一般性 完成');
    expect(await bot.lastBotText()).toContain('「一般性回应」完成');
  });
});

describe('escalation ladders', () => {
  it('an unclaimed task climbs: department group → department lead → commander; a claim stops it', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水'); // claim within 10 minutes
    await at(bot, '09:10');
    const publicity = await bot.messages('publicity');
    const nudge = publicity.filter((m) => m.author === 'bot').at(-1)!;
    expect(nudge.text).toContain('T1 宣传部 · 起草回应口径');
    expect(nudge.card.blocks.find((b: any) => b.type === 'actions').buttons[0]).toMatchObject({ action: 'claim', value: 'T1' });
    // 业务部 has no group of its own: its nudge goes to the command centre.
    expect((await texts(bot)).some((t) => t.includes('任务未认领 · T4'))).toBe(true);

    bot.clock.set(Date.UTC(2026, 10, 21, 1, 12));
    await bot.say('li-wangxin', '认领 T2');
    await at(bot, '09:15');
    expect(
      (await bot.messages('publicity'))
        .filter((m) => m.author === 'bot')
        .at(-1)!
        .card.mentions.map((m: any) => m.name),
    ).toEqual(['孙宣传']);
    await at(bot, '09:20');
    const top = (await bot.messages('command')).filter((m) => m.author === 'bot' && m.text.includes('任务未认领 · T1')).at(-1)!;
    expect(top.card.mentions.map((m: any) => m.name)).toEqual(['赵总']);

    const rungs = bot.core.db
      .select()
      .from(timeline)
      .where(eq(timeline.kind, 'task_escalated'))
      .all()
      .map((t) => t.text);
    // T2's first rung went out at 09:10; claimed at 09:12, it climbs no further.
    expect(rungs.filter((t) => t.startsWith('T2'))).toHaveLength(1);
    expect(rungs.filter((t) => t.startsWith('T1')).map((t) => t.replace(/.*催办/, ''))).toEqual([
      '第 1 级：宣传部群',
      '第 2 级：宣传部负责人（孙宣传）',
      '第 3 级：总指挥（赵总）',
    ]);
  });

  it('an approval waiting too long reminds its approvers, then the deputies; a decision stops it', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某事');
    await bot.say('wang-xiaoxuan', '发布 关于某事的情况说明：已核实。');
    await at(bot, '09:15');
    const reminder = (await bot.messages('command')).filter((m) => m.author === 'bot' && m.text.includes('审批等待 · A1')).at(-1)!;
    expect(reminder.text).toContain('「宣传负责人审核」已等待 15 分钟');
    expect(reminder.card.mentions.map((m: any) => m.name)).toEqual(['孙宣传']);
    bot.clock.set(Date.UTC(2026, 10, 21, 1, 20));
    await bot.say('sun-xuanchuan', '同意 A1');
    await at(bot, '09:30'); // the step-1 ladder's second rung: no longer needed
    const escalations = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'approval_escalated')).all();
    expect(escalations).toHaveLength(1);
    await at(bot, '09:50'); // step 2 opened at 09:20: its approvers at 09:35, deputies at 09:50
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(eq(timeline.kind, 'approval_escalated'))
        .all()
        .map((t) => t.text.replace(/.*提醒/, '')),
    ).toEqual(['审批人：孙宣传', '审批人：周法务', '副总指挥：钱副总']);
  });
});

describe('restart safety', () => {
  it('what fell due while the clock was down fires once on the next beat, marked late; a second process fires nothing again', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 某事');
    // Down from 09:00 to 11:30: the 60-minute claim deadline and its rungs all passed meanwhile.
    bot.clock.set(Date.UTC(2026, 10, 21, 3, 30));
    const { openDatabase } = await import('../../src/db/open');
    const other = openDatabase(bot.dbFile);
    const otherCore = { ...bot.core, db: other.db };
    const fired = await bot.clockLoop.tick();
    const again = fireDueJobs(otherCore, bot.clock.now()).fired;
    other.close();
    expect(fired).toBeGreaterThan(0);
    expect(again).toBe(0);
    const firedJobs = bot.core.db.select().from(jobs).where(eq(jobs.status, 'fired')).all();
    expect(firedJobs.every((j) => j.late)).toBe(true);
    expect((await texts(bot, 'cyber')).some((t) => t.includes('系统恢复后补发，原定 10:00 提醒'))).toBe(true);
    expect((await texts(bot)).some((t) => t.includes('系统恢复后补发，原定 10:10 提醒'))).toBe(true);
    expect(
      bot.core.db
        .select()
        .from(jobs)
        .where(ne(jobs.status, 'fired'))
        .all()
        .every((j) => j.dueAt > bot.clock.now()),
    ).toBe(true);
  });
});

describe('续报 cadence and the statement deadline', () => {
  it("asks for a progress update at the level's cadence unless one was posted, and follows level changes", async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某事'); // orange: every 120 minutes
    await at(bot, '11:00');
    expect((await texts(bot)).some((t) => t.startsWith('请续报') && t.includes('每 2 小时续报一次'))).toBe(true);
    bot.clock.set(Date.UTC(2026, 10, 21, 4, 0)); // 12:00
    await bot.say('li-wangxin', '进展 转发量回落');
    await at(bot, '13:00'); // 13:00 beat: an update was posted at 12:00 → no request
    const requests = () => bot.core.db.select().from(timeline).where(eq(timeline.kind, 'update_requested')).all().length;
    expect(requests()).toBe(1);
    bot.clock.set(Date.UTC(2026, 10, 21, 5, 10)); // 13:10
    await bot.say('qian-fuzong', '升级 红'); // red: every 60 minutes, from now
    await at(bot, '14:10');
    await at(bot, '15:00'); // the old orange chain's beat: ended, no second request
    expect(requests()).toBe(2);
  });

  it('a statement deadline missed goes on the ledger and is closed by the approval, with who and how late', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 某事');
    await bot.say('qian-fuzong', '升级 橙'); // adds 发布权威信息 due 14:00 (300 minutes from 09:00)
    await at(bot, '14:00');
    expect(
      bot.core.db
        .select()
        .from(lateReports)
        .all()
        .map((r) => r.label),
    ).toContain('发布权威信息');
    bot.clock.set(Date.UTC(2026, 10, 21, 6, 30)); // 14:30
    await bot.say('wang-xiaoxuan', '发布 关于某事的情况说明：已核实。');
    await bot.say('sun-xuanchuan', '同意 A1');
    await bot.say('zhou-fawu', '同意 A1');
    await bot.say('qian-fuzong', '同意 A1');
    const line = bot.core.db
      .select()
      .from(lateReports)
      .all()
      .find((r) => r.label === '发布权威信息')!;
    expect(line.metAt! - line.dueAt).toBe(30 * MIN);
    const qian = bot.core.db.select().from(members).where(eq(members.key, 'qian-fuzong')).get()!;
    expect(line.metBy).toBe(qian.id); // the last approver closed it
  });
});

describe('clock robustness', () => {
  it('a job that cannot run is marked failed and does not hold up the jobs behind it', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某事');
    // A rung for a task that does not exist, due before everything else.
    bot.core.db
      .insert(jobs)
      .values({ kind: 'task_ladder', subject: 'task:999', step: 0, dueAt: bot.clock.now(), status: 'pending', createdAt: bot.clock.now() })
      .run();
    await at(bot, '09:15');
    expect(bot.core.db.select().from(jobs).where(eq(jobs.subject, 'task:999')).get()!.status).toBe('failed');
    expect((await texts(bot)).some((t) => t.includes('时限提醒'))).toBe(true);
  });

  it('two processes claiming the same due job: exactly one fires it', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 某事');
    const { claimAndFire } = await import('../../src/core/jobs/fire');
    const { openDatabase } = await import('../../src/db/open');
    const other = openDatabase(bot.dbFile);
    bot.clock.set(Date.UTC(2026, 10, 21, 2, 0)); // 10:00: the claim deadline's first rung is due
    const job = bot.core.db.select().from(jobs).where(eq(jobs.kind, 'task_ladder')).get()!;
    // Both processes selected it as due; both try to claim it.
    const results = [claimAndFire(bot.core, job.id, bot.clock.now()), claimAndFire({ ...bot.core, db: other.db }, job.id, bot.clock.now())];
    other.close();
    expect(results).toEqual([true, false]);
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'task_escalated')).all()).toHaveLength(1);
  });

  it('升级 then 降级 back to the same level leaves one 续报 chain, not two', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某事');
    bot.clock.set(Date.UTC(2026, 10, 21, 1, 10));
    await bot.say('qian-fuzong', '升级 红');
    bot.clock.set(Date.UTC(2026, 10, 21, 1, 20));
    await bot.say('qian-fuzong', '降级 橙');
    for (const t of ['11:00', '11:10', '11:20', '13:20', '15:20']) await at(bot, t);
    // Chains: orange from 09:00 (ended), red from 09:10 (ended), orange from 09:20 — requests at 11:20, 13:20, 15:20.
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'update_requested')).all()).toHaveLength(3);
  });
});
