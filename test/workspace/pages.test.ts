// The workspace's data and its buttons: the board, an incident's page, 我的任务, 待我审批 and the
// roster forms. Every change goes through the same receive() as a chat, as the signed-in person,
// under the same permissions; the cards in the chats follow.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dutyOverrides, timeline } from '../../src/db/schema';
import { startBot, type TestBot } from '../helpers/runtime';

const HOUR = 60 * 60 * 1000;

async function get(bot: TestBot, member: string, path: string): Promise<any> {
  const res = await bot.request(member, `/workspace/api${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
}
async function post(bot: TestBot, member: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await bot.request(member, `/workspace/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('the board', () => {
  it('shows each open incident with its next deadline, unclaimed tasks by department, the release step waiting and on whom, the latest 进展; duty now and next; the late-report ledger', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天 https://weibo.com/123');
    await bot.say('li-wangxin', '认领 T2');
    await bot.say('li-wangxin', '进展 已联系属地水务部门核实');
    await bot.say('sun-xuanchuan', '发布 关于网传停水的情况说明：经核实为计划检修。');
    bot.clock.advance(HOUR);
    await bot.clockLoop.tick();

    const board = await get(bot, 'zhao-zong', '/board');
    expect(board.guest).toBe(false);
    const [incident] = board.incidents;
    expect(incident).toMatchObject({
      number: 'YQ-20261121-001',
      level: 'orange',
      status: '处置中',
      nextDeadline: { label: '电话报告上级' },
      waiting: [{ ref: 'A1', version: 1, step: '宣传负责人审核', who: '孙宣传' }],
      latestProgress: { text: expect.stringContaining('已联系属地水务部门核实') },
    });
    expect(incident.unclaimed.map((d: any) => d.department)).toEqual(['宣传部', '法务部', '业务部']);
    expect(incident.nextDeadline.dueAt).toBeLessThan(board.now); // overdue: the page draws it red
    expect(board.duty.now).toMatchObject({
      shiftName: '白班',
      people: [
        { role: '带班领导', name: '赵总' },
        { role: '值班员', name: '王小宣' },
      ],
    });
    expect(board.duty.next).toMatchObject({ shiftName: '夜班' });
    expect(board.ledger.map((l: any) => l.label)).toContain('电话报告上级');
  });

  it('an incident’s page has the full timeline, tasks and owners, every release version and decision, and deadlines met or late', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天 https://weibo.com/123');
    await bot.say('li-wangxin', '认领 T2');
    await bot.say('sun-xuanchuan', '发布 关于网传停水的情况说明（初稿）');
    await bot.say('sun-xuanchuan', '驳回 A1 口径要再核');
    const { incident } = await get(bot, 'zhao-zong', '/incidents/YQ-20261121-001');
    expect(incident.tasks.find((t: any) => t.id === 'T2')).toMatchObject({ owner: '李网信', status: 'claimed', departmentName: '网信部' });
    expect(incident.releases[0]).toMatchObject({
      ref: 'A1',
      status: 'rejected',
      versions: [{ version: 1, content: '关于网传停水的情况说明（初稿）' }],
      decisions: [{ decider: '孙宣传', decision: 'reject', reason: '口径要再核' }],
    });
    expect(incident.timeline.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['warning_raised', 'task_claimed', 'release_submitted']));
    expect(incident.deadlines.length).toBeGreaterThan(0);
    expect(incident.leads[0]).toMatchObject({ link: 'https://weibo.com/123', reportedBy: '郑监测' });
    expect((await bot.request('zhao-zong', '/workspace/api/incidents/YQ-20991231-001')).status).toBe(404);
  });
});

describe('the same buttons as the cards', () => {
  it('我的任务: claim my department’s task through receive; the chat card shows it', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    const { tasks } = await get(bot, 'li-wangxin', '/tasks');
    expect(tasks.map((t: any) => `${t.ref}${t.mine ? '*' : ''}`)).toEqual(['T2']);
    const claimed = await post(bot, 'li-wangxin', '/actions', { action: 'claim', value: 'T2' });
    expect(claimed).toEqual({ status: 200, body: { outcome: 'done', toast: '已认领 T2' } });
    expect((await get(bot, 'li-wangxin', '/tasks')).tasks).toMatchObject([{ ref: 'T2', mine: true, status: 'claimed' }]);
    expect((await bot.card('橙色预警')).text).toContain('李网信 已认领');
    // Someone else pressing the same button is told who has it.
    expect((await post(bot, 'li-wangxin', '/actions', { action: 'claim', value: 'T2' })).body.toast).toBe('你已认领');
    const done = await post(bot, 'li-wangxin', '/commands', { command: '完成', ref: 'T2', note: '已完成监测研判' });
    expect(done.body).toMatchObject({ outcome: 'done' });
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'task_done')).get()?.text).toContain('已完成监测研判');
  });

  it('待我审批: only the step’s approvers see a release; 同意 moves it on, 驳回 needs a reason', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('sun-xuanchuan', '发布 关于网传停水的情况说明');
    expect((await get(bot, 'zhou-fawu', '/approvals')).approvals).toEqual([]);
    const [waiting] = (await get(bot, 'sun-xuanchuan', '/approvals')).approvals;
    expect(waiting).toMatchObject({ ref: 'A1', step: '宣传负责人审核', stepOf: '1/3', content: '关于网传停水的情况说明', author: '孙宣传' });
    // Not theirs to decide: refused by the verb, as in a chat.
    expect((await post(bot, 'zhou-fawu', '/actions', { action: 'approve', value: 'A1' })).body.outcome).toBe('refused');
    expect((await post(bot, 'sun-xuanchuan', '/actions', { action: 'approve', value: 'A1' })).body).toMatchObject({ outcome: 'done' });
    const [next] = (await get(bot, 'zhou-fawu', '/approvals')).approvals;
    expect(next).toMatchObject({ ref: 'A1', step: '法务审核', earlier: [{ decider: '孙宣传', decision: 'approve' }] });
    expect((await post(bot, 'zhou-fawu', '/actions', { action: 'reject', value: 'A1 事实表述需再核' })).body).toMatchObject({ outcome: 'done' });
    expect((await get(bot, 'zhou-fawu', '/approvals')).approvals).toEqual([]);
    expect((await get(bot, 'zhao-zong', '/incidents/YQ-20261121-001')).incident.releases[0].decisions.map((d: any) => d.reason)).toEqual([
      null,
      '事实表述需再核',
    ]);
  });

  it('the roster forms send 排班 / 换班 / 代班 under the same permissions, and say why not', async () => {
    const bot = startBot();
    const roster = await get(bot, 'wang-xiaoxuan', '/roster');
    expect(roster).toMatchObject({ hasRoster: true, canEdit: false, from: '2026-11-21' });
    expect(roster.days).toHaveLength(7);
    expect(roster.days[0].shifts[0]).toMatchObject({
      name: '白班',
      people: [
        { role: '带班领导', name: '赵总' },
        { role: '值班员', name: '王小宣' },
      ],
    });

    const refused = await post(bot, 'wang-xiaoxuan', '/commands', { command: '排班', day: '2026-11-22', shift: '白班', role: '值班员', member: '冯办公' });
    expect(refused.body).toMatchObject({ outcome: 'refused', reply: expect.stringContaining('排班需要以下角色之一：总指挥、副总指挥、管理员') });
    expect(bot.core.db.select().from(dutyOverrides).all()).toEqual([]);

    expect(
      (await post(bot, 'chen-admin', '/commands', { command: '排班', day: '2026-11-22', shift: '白班', role: '值班员', member: '冯办公' })).body,
    ).toMatchObject({ outcome: 'done', toast: '已排班' });
    expect((await post(bot, 'wang-xiaoxuan', '/commands', { command: '代班', member: '郑监测', day: '2026-11-23' })).body).toMatchObject({ outcome: 'done' });
    const after = await get(bot, 'wang-xiaoxuan', '/roster');
    expect(after.days[1].shifts[0].people).toContainEqual({ role: '值班员', name: '冯办公', overridden: true });
    // A word with a space cannot smuggle a second command in.
    expect((await post(bot, 'chen-admin', '/commands', { command: '代班', member: '郑监测 角色', day: '明天' })).status).toBe(400);
    // Nothing the web says is queued into a chat: the answer came back to the page.
    expect(await bot.messages('workspace')).toEqual([]);
  });
});

describe('static files and the bootstrap script', () => {
  it('serves the stylesheet, the scripts, ECharts from node_modules and the favicon to anyone on our host', async () => {
    const bot = startBot();
    const echarts = await bot.app.request('/assets/echarts.min.js');
    expect(echarts.status).toBe(200);
    expect(echarts.headers.get('content-type')).toContain('javascript');
    expect((await echarts.text()).length).toBeGreaterThan(100_000);
    expect((await bot.app.request('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
    expect(await (await bot.app.request('/assets/app.css')).text()).toContain("'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif");
    expect((await bot.app.request('/assets/../routes.ts')).status).toBe(404);
    expect((await bot.app.request('/assets/nothing.js')).status).toBe(404);
  });

  it('npm run login-link prints a one-time link for a named member; an unknown name is refused', async () => {
    const bot = startBot();
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_FILE: bot.dbFile, PORT: '8787', HOST: '127.0.0.1' };
    const tsx = join('node_modules', '.bin', 'tsx');
    const { stdout } = await run(tsx, ['src/login-link.ts', '陈管理员'], { env });
    expect(stdout).toMatch(/^陈管理员 的登录链接（.+前有效，只能使用一次）：\nhttp:\/\/localhost:8787\/login\/[A-Za-z0-9_-]{43}\n$/);
    const res = await bot.app.request(new URL(stdout.trim().split('\n')[1]!).pathname, {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    await expect(run(tsx, ['src/login-link.ts', '不存在的人'], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('找不到成员「不存在的人」'),
    });
  }, 60_000);
});
