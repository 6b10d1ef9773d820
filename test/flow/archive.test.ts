// 台账: searched by text, level, date and department; exported as .xlsx from the admin API (and
// the workspace, in test/workspace/review-pages.test.ts) and read back with the same library.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tasks } from '../../src/db/schema';
import { startBot, type TestBot } from '../helpers/runtime';

const TOKEN = 'archive-admin-token-1234567890';
const time = (hhmm: string, day = 21) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, day, h! - 8, m!);
};
async function at(bot: TestBot, hhmm: string, day = 21): Promise<void> {
  bot.clock.set(time(hhmm, day));
  await bot.clockLoop.tick();
}

/** An orange water rumour worked through to approval with a late written report; a blue one a day later; a drill. */
async function history(): Promise<TestBot> {
  const bot = startBot({ overrides: { adminToken: TOKEN } });
  await bot.say('zheng-jiance', '预警 橙 某地网传停水三天 https://weibo.com/555');
  await bot.say('wang-xiaoxuan', '认领 T1', 'publicity');
  await bot.say('zhou-fawu', '认领 T3', 'legal');
  await at(bot, '09:20');
  await bot.say('qian-fuzong', '时限 电话报告上级 完成');
  await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修。');
  await bot.say('sun-xuanchuan', '同意 A1');
  await bot.say('zhou-fawu', '同意 A1');
  await bot.say('qian-fuzong', '同意 A1');
  await at(bot, '10:00');
  await at(bot, '10:30');
  await bot.say('qian-fuzong', '时限 书面报告上级 完成');
  await at(bot, '09:00', 22);
  await bot.say('zheng-jiance', '预警 蓝 某小区业主群讨论物业收费');
  await bot.say('zhao-zong', '预警 蓝 演练用的停水传言 演练');
  return bot;
}

const admin = (bot: TestBot, path: string, token = TOKEN) => bot.app.request(path, { headers: { authorization: `Bearer ${token}` } });

describe('台账', () => {
  it('searches by text, level, date and department; drills only when asked', async () => {
    const bot = await history();
    const numbers = async (query: string) => ((await (await admin(bot, `/api/archive${query}`)).json()) as any).incidents.map((i: any) => i.number);
    expect(await numbers('')).toEqual(['YQ-20261122-001', 'YQ-20261121-001']);
    expect(await numbers('?drills=1')).toEqual(['YQ-20261122-002', 'YQ-20261122-001', 'YQ-20261121-001']);
    expect(await numbers('?q=停水')).toEqual(['YQ-20261121-001']);
    // Found by a lead's link, and by its timeline (the missed report's row).
    expect(await numbers('?q=weibo.com/555')).toEqual(['YQ-20261121-001']);
    expect(await numbers(`?q=${encodeURIComponent('记入迟报台账')}`)).toEqual(['YQ-20261121-001']);
    expect(await numbers('?q=物业')).toEqual(['YQ-20261122-001']);
    expect(await numbers('?q=%25')).toEqual([]);
    expect(await numbers(`?level=${encodeURIComponent('蓝')}`)).toEqual(['YQ-20261122-001']);
    expect(await numbers('?from=2026-11-22')).toEqual(['YQ-20261122-001']);
    expect(await numbers('?to=2026-11-21')).toEqual(['YQ-20261121-001']);
    expect(await numbers(`?department=${encodeURIComponent('法务部')}`)).toEqual(['YQ-20261121-001']);
    expect(await numbers('?department=cyber')).toEqual(['YQ-20261122-001', 'YQ-20261121-001']);

    const one = ((await (await admin(bot, '/api/archive?q=停水')).json()) as any).incidents[0];
    expect(one).toMatchObject({
      number: 'YQ-20261121-001',
      levelName: '橙色预警（重大）',
      raisedBy: '郑监测',
      leads: 1,
      tasks: 4,
      releases: 1,
      approved: 1,
      departments: ['宣传部', '网信部', '法务部', '业务部'],
      review: { status: '未开启' },
      figures: { leadToWarningMs: 0, firstClaimMs: 0, deadlinesLate: 1, deadlinesOnTime: 2, unclaimed: 2 },
    });
    expect(one.full).toBeUndefined();

    const bad = await admin(bot, '/api/archive?level=紫&from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toContain('「紫」不是级别');
    expect((await admin(bot, '/api/archive', 'wrong-token-wrong-token')).status).toBe(401);
    expect((await bot.app.request('/api/archive')).status).toBe(401);
  });

  it('exports an .xlsx with one row per incident and sheets for tasks, releases, reports and late items', async () => {
    const bot = await history();
    const res = await admin(bot, '/api/archive/export.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['事件', '任务', '发布稿', '上报', '迟报']);
    const values = (name: string) =>
      workbook
        .getWorksheet(name)!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
    const incidentsSheet = values('事件');
    expect(incidentsSheet[0]!.slice(0, 4)).toEqual(['事件编号', '标题', '级别', '状态']);
    expect(incidentsSheet.slice(1).map((r) => r[0])).toEqual(['YQ-20261122-001', 'YQ-20261121-001']);
    const header = incidentsSheet[0]!;
    const orange = incidentsSheet[2]!;
    expect(orange[header.indexOf('线索到预警(分钟)')]).toBe(0);
    expect(orange[header.indexOf('时限迟报')]).toBe(1);
    expect(orange[header.indexOf('发布时间')]).toBe('2026-11-21 09:00');

    const taskSheet = values('任务');
    expect(taskSheet.length - 1).toBe(
      bot.core.db
        .select()
        .from(tasks)
        .all()
        .filter((t) => t.incidentId !== 3).length,
    );
    expect(taskSheet[1]!.slice(0, 6)).toEqual(['YQ-20261121-001', 'T1', '宣传部', '起草回应口径', '已认领', '王小宣']);
    const releaseSheet = values('发布稿');
    expect(releaseSheet.slice(1).map((r) => r.slice(0, 5))).toEqual([['YQ-20261121-001', 'A1', 1, '王小宣', '可发布']]);
    expect(releaseSheet[1]![6]).toBe('2026-11-21 09:20');
    const reports = values('上报');
    expect(reports.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['YQ-20261121-001', '电话报告上级', '2026-11-21 09:20', '2026-11-21 09:30'],
      ['YQ-20261121-001', '书面报告上级', '2026-11-21 10:30', '2026-11-21 10:00'],
    ]);
    const late = values('迟报');
    expect(late[0]!.slice(0, 4)).toEqual(['事件编号', '事项编号', '类别', '事项']);
    expect(late.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['YQ-20261121-001', '未认领', '认领任务「加强监测，研判传播态势」'],
      ['YQ-20261121-001', '未认领', '认领任务「调查核实事实」'],
      ['YQ-20261121-001', '迟报', '书面报告上级'],
      ['YQ-20261121-001', '未按时续报', '按时续报进展'],
    ]);
  });
});
