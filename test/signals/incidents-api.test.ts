// GET /api/incidents and /api/incidents/:ref behind the admin token; and a person's 上报 of a
// link the monitoring tools already reported lands in the same incident.
import { describe, expect, it } from 'vitest';
import { startBot } from '../helpers/runtime';
import { ADMIN_TOKEN, items, push, startSignalsBot } from './helpers';

const get = async (bot: ReturnType<typeof startBot>, path: string, token: string | null = ADMIN_TOKEN) => {
  const res = await bot.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
};

describe('incidents API', () => {
  it('is refused without the token, with a wrong one, and when no token is configured', async () => {
    const bot = startSignalsBot();
    expect(await get(bot, '/api/incidents', null)).toMatchObject({ status: 401, body: { error: expect.stringContaining('API_ADMIN_TOKEN') } });
    expect(await get(bot, '/api/incidents', `${ADMIN_TOKEN}x`)).toMatchObject({ status: 401, body: { error: '管理令牌无效' } });
    const closed = startBot();
    expect(await get(closed, '/api/incidents')).toMatchObject({ status: 403, body: { error: '管理接口未启用：请设置 API_ADMIN_TOKEN' } });
  });

  it('lists incidents and shows one with its leads, signals, tasks, topics and timeline', async () => {
    const bot = startSignalsBot();
    await bot.say('zheng-jiance', '预警 蓝 论坛出现零星吐槽');
    bot.clock.advance(60_000);
    await push(bot, { items: items('水厂', 1, 300, { reads: 40, reposts: 1, mentionsLastHour: 2, sentiment: -0.5 }) });

    const list = await get(bot, '/api/incidents?status=open');
    expect(list.status).toBe(200);
    expect(list.body.incidents.map((i: any) => [i.number, i.level, i.raisedBy, i.leads])).toEqual([
      ['YQ-20261121-002', 'yellow', 'signals', 300],
      ['YQ-20261121-001', 'blue', 'person', 0],
    ]);
    expect(list.body.incidents[0]).toMatchObject({ levelName: '黄色预警（较大）', statusName: '监测中', openTasks: 2, createdAt: '2026-11-21T01:01:00.000Z' });

    const one = await get(bot, '/api/incidents/YQ-20261121-002?leads=2');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      number: 'YQ-20261121-002',
      leadTotal: 300,
      tasks: [
        { department: 'cyber', status: 'open' },
        { department: 'business', status: 'open' },
      ],
    });
    expect(one.body.leads).toHaveLength(2);
    expect(one.body.leads[0]).toMatchObject({
      source: 'forum',
      link: 'https://bbs.example.cn/水厂/1',
      signal: { metrics: { reads: 40, reposts: 1 }, sentiment: -0.5, keywords: ['水厂', '停水', '自来水', '帖1'], topic: 1 },
    });
    expect(one.body.topics[0]).toMatchObject({ id: 1, level: 'yellow', score: expect.any(Number) });
    // The topic's spread before the warning is on the incident's timeline, in order.
    expect(one.body.timeline.map((e: any) => e.kind)).toEqual(['signals_received', 'warning_raised']);
    expect(one.body.timeline[1]).toMatchObject({ actor: null, platform: 'signals', text: expect.stringContaining('监测信号自动发布黄色预警') });
    expect((await get(bot, '/api/incidents/1')).body.number).toBe('YQ-20261121-001');
  });

  it('says what is wrong with a bad query or an unknown incident', async () => {
    const bot = startSignalsBot();
    expect(await get(bot, '/api/incidents?status=maybe')).toMatchObject({ status: 400, body: { error: 'status：只能是 open、closed、all' } });
    expect(await get(bot, '/api/incidents?limit=0')).toMatchObject({ status: 400, body: { error: expect.stringContaining('limit') } });
    expect(await get(bot, '/api/incidents/YQ-20990101-009')).toMatchObject({ status: 404 });
  });
});

describe('上报 by a person next to the monitoring tools', () => {
  it('a link the tools already reported joins its incident, even with several incidents open', async () => {
    const bot = startSignalsBot();
    await push(bot, { items: items('水厂', 1, 300, { reads: 40, reposts: 1, mentionsLastHour: 2, sentiment: -0.5 }) });
    await bot.say('zheng-jiance', '预警 蓝 另一件事');
    const res = await bot.say('wang-xiaoxuan', '上报 https://bbs.example.cn/水厂/7 这个帖子下面评论很多');
    expect(res.body).toMatchObject({ outcome: 'done' });
    expect(await bot.lastBotText()).toContain('已归入 YQ-20261121-001');
    // Without a known link and with two incidents open, it asks which one.
    await bot.say('wang-xiaoxuan', '上报 https://weibo.com/1 新的线索');
    expect(await bot.lastBotText()).toContain('未归入事件。如属某个事件，请发送「上报 YQ-20261121-002 链接 摘要」');
    await bot.say('wang-xiaoxuan', '上报 YQ-20261121-002 https://weibo.com/2 归入第二件');
    expect(await bot.lastBotText()).toContain('已归入 YQ-20261121-002');
  });

  it("a signal with a link a person reported joins that person's incident instead of starting another", async () => {
    const bot = startSignalsBot();
    await bot.say('zheng-jiance', '预警 黄 网传水厂污染 https://bbs.example.cn/水厂/5');
    const res = await push(bot, { items: items('水厂', 1, 300, { reads: 40, reposts: 1, mentionsLastHour: 2, sentiment: -0.5 }) });
    // Item 5 carries the known link, so the whole topic is the person's incident: yellow already, nothing raised.
    expect(res.body.items[4]).toMatchObject({ status: 'created', topic: 1 });
    expect(res.body.actions).toEqual([]);
    const list = await get(bot, '/api/incidents');
    expect(list.body.incidents).toHaveLength(1);
    expect(list.body.incidents[0].leads).toBeGreaterThanOrEqual(2);
  });
});
