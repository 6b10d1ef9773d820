// 责任追究: 迟报 lists late deadlines, overdue claims and missed reports per person and department
// over a period; a leader's 认定 records 说明 / 责任认定 / 处理结果 on the timeline; nothing is deleted.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readAccountability } from '../../src/core/read/accountability';
import { parsePeriod } from '../../src/core/read/periods';
import { deadlines, findings, timeline } from '../../src/db/schema';
import { startBot, type TestBot } from '../helpers/runtime';

const time = (hhmm: string, day = 21) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, day, h! - 8, m!);
};
async function at(bot: TestBot, hhmm: string): Promise<void> {
  bot.clock.set(time(hhmm));
  await bot.clockLoop.tick();
}

async function lateMorning(): Promise<TestBot> {
  const bot = startBot();
  await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
  await at(bot, '09:05');
  await bot.say('li-wangxin', '认领 T2', 'cyber');
  await at(bot, '09:12');
  await bot.say('wang-xiaoxuan', '认领 T1', 'publicity');
  await at(bot, '09:20');
  await bot.say('qian-fuzong', '时限 电话报告上级 完成');
  await at(bot, '10:00'); // 书面报告上级 missed
  await at(bot, '10:20');
  await bot.say('qian-fuzong', '时限 书面报告上级 完成');
  await at(bot, '11:00'); // no 进展 for two hours: the clock asks for one
  return bot;
}

describe('迟报 and 认定', () => {
  it('lists the late and missed items per person and department, with refs to record findings against', async () => {
    const bot = await lateMorning();
    // A drill's lateness is not accountability.
    await bot.say('zhao-zong', '预警 蓝 演练用 演练');
    await at(bot, '12:00');
    const a = readAccountability(bot.core.db, parsePeriod([], bot.clock.now(), 'Asia/Shanghai')!, bot.clock.now());
    const written = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'report_written')).get()!;
    const asked = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'update_requested')).get()!;
    expect(a.items.map((i) => [i.ref, i.kind, i.person, i.department, i.lateByMs / 60_000])).toEqual([
      ['T1', 'late_claim', '王小宣', '宣传部', 2],
      ['T3', 'unclaimed', null, '法务部', 170],
      ['T4', 'unclaimed', null, '业务部', 170],
      [`D${written.id}`, 'late_deadline', '钱副总', '指挥中心办公室', 20],
      [`U${asked.id}`, 'missed_update', null, null, 0],
    ]);
    expect(a.byPerson.map((t) => [t.name, t.total])).toEqual([
      ['（未指定）', 3],
      ['钱副总', 1],
      ['王小宣', 1],
    ]);
    expect(a.byDepartment.map((t) => [t.name, t.total])).toEqual([
      ['（未指定）', 1],
      ['法务部', 1],
      ['宣传部', 1],
      ['业务部', 1],
      ['指挥中心办公室', 1],
    ]);

    await bot.say('zhao-zong', '迟报');
    const text = await bot.lastBotText();
    expect(text).toContain('迟报与责任追究 · 近 30 天');
    expect(text).toContain('王小宣（宣传部）：超时认领 1');
    expect(text).toContain('钱副总（指挥中心办公室）：迟报 1');
    expect(text).toContain(`D${written.id} 迟报 · YQ-20261121-001 书面报告上级：10:00 到期，10:20 完成，迟 20 分钟（钱副总 · 指挥中心办公室）`);
    // Another period has none.
    await bot.say('zhao-zong', '迟报 11-20');
    expect(await bot.lastBotText()).toContain('这段时间没有迟报');
    await bot.say('zhao-zong', '迟报 下下周');
    expect(await bot.lastBotText()).toContain('「下下周」不是时段');
  });

  it('认定 records 说明, 责任认定 and 处理结果 beside each other on the timeline; only leaders may, and only on an item', async () => {
    const bot = await lateMorning();
    const written = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'report_written')).get()!;
    const ref = `D${written.id}`;
    await bot.say('wang-xiaoxuan', '迟报');
    expect(await bot.lastBotText()).toContain('查看迟报与责任追究台账需要以下角色之一');
    await bot.say('sun-xuanchuan', `认定 ${ref} 责任 某某`);
    expect(await bot.lastBotText()).toContain('记录责任认定需要以下角色之一：总指挥、副总指挥、领导小组');
    await bot.say('zhao-zong', `认定 ${ref} 说明 书面报告模板缺失，临时起草`);
    await bot.say('zhao-zong', `认定 ${ref} 责任 值班员未提前准备，负主要责任`);
    await bot.say('zhao-zong', `认定 ${ref} 处理 批评教育，责令作出书面检查`);
    await bot.say('qian-fuzong', `认定 ${ref} 处理 已完成书面检查`);
    expect(await bot.lastBotText()).toContain(`已记录 ${ref}（YQ-20261121-001 书面报告上级）的处理结果，记入时间线。`);
    await bot.say('zhao-zong', '认定 T2 责任 某某');
    expect(await bot.lastBotText()).toContain('「T2」不是迟报、漏报、超时认领或未按时续报的事项');
    await bot.say('zhao-zong', '认定 X9 责任 某某');
    expect(await bot.lastBotText()).toContain('「X9」不是事项编号');
    await bot.say('zhao-zong', `认定 ${ref} 表扬 很好`);
    expect(await bot.lastBotText()).toContain('第二个词写「说明」「责任」或「处理」');

    expect(
      bot.core.db
        .select()
        .from(findings)
        .orderBy(asc(findings.id))
        .all()
        .map((f) => [f.kind, f.text]),
    ).toEqual([
      ['explanation', '书面报告模板缺失，临时起草'],
      ['responsibility', '值班员未提前准备，负主要责任'],
      ['outcome', '批评教育，责令作出书面检查'],
      ['outcome', '已完成书面检查'],
    ]);
    const rows = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'finding_recorded')).all();
    expect(rows.map((r) => r.text)).toEqual([
      `赵总 就 ${ref}（迟报：书面报告上级）记录说明：书面报告模板缺失，临时起草`,
      `赵总 就 ${ref}（迟报：书面报告上级）记录责任认定：值班员未提前准备，负主要责任`,
      `赵总 就 ${ref}（迟报：书面报告上级）记录处理结果：批评教育，责令作出书面检查`,
      `钱副总 就 ${ref}（迟报：书面报告上级）记录处理结果：已完成书面检查`,
    ]);
    expect(rows.every((r) => r.incidentId === written.incidentId)).toBe(true);
    await bot.say('qian-fuzong', '迟报 今天');
    const text = await bot.lastBotText();
    expect(text).toContain('　责任认定：值班员未提前准备，负主要责任（赵总）');
    expect(text).toContain('　处理结果：批评教育，责令作出书面检查（赵总）');
    expect(text).toContain('　处理结果：已完成书面检查（钱副总）');
  });
});
