// A person's 降级 stands: the engine does not raise the level again while the topic stays in the
// band the person lowered it from. Only once the score has left that band and crosses back is it a
// new crossing the engine acts on (hysteresis, as for everything else it does).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents, timeline, topics } from '../../src/db/schema';
import type { TestBot } from '../helpers/runtime';
import { items, push, startSignalsBot } from './helpers';

const YELLOW = { reads: 40, reposts: 1, mentionsLastHour: 2, sentiment: -0.5 };
const QUIET = { reads: 1, sentiment: -0.1 };

const incident = (bot: TestBot) => bot.core.db.select().from(incidents).get()!;
const topic = (bot: TestBot) => bot.core.db.select().from(topics).get()!;
const engineLevelChanges = (bot: TestBot) =>
  bot.core.db
    .select()
    .from(timeline)
    .where(and(eq(timeline.kind, 'level_changed'), eq(timeline.platform, 'signals')))
    .all();

describe('a level lowered by hand', () => {
  it("is not undone by the engine for a topic that joined the person's incident through a shared link", async () => {
    const bot = startSignalsBot();
    await bot.say('zheng-jiance', '预警 黄 网传水厂污染 https://bbs.example.cn/水厂/5');
    // Item 5 carries the person's link: the topic joins YQ-…-001, already yellow, so nothing is raised.
    const first = await push(bot, { items: items('水厂', 1, 300, YELLOW) });
    expect(first.body.actions).toEqual([]);
    expect(topic(bot)).toMatchObject({ incidentId: 1, level: 'yellow' });

    await bot.say('zhao-zong', '降级 YQ-20261121-001 蓝');
    expect(incident(bot).level).toBe('blue');
    const cyberCards = (await bot.messages('cyber')).length;

    // Still in the yellow band a minute later: the person's blue stands.
    bot.clock.advance(60_000);
    const more = await push(bot, { items: items('水厂', 301, 5, YELLOW) });
    expect(topic(bot).level).toBe('yellow');
    expect(more.body.actions).toEqual([]);
    expect(incident(bot).level).toBe('blue');
    expect(engineLevelChanges(bot)).toEqual([]);
    expect((await bot.messages('cyber')).length).toBe(cyberCards);

    // An hour of quiet: the score leaves the yellow band (below 45 − 5; below blue, even). What stays
    // handled is the incident's blue.
    bot.clock.advance(60 * 60_000);
    await push(bot, { items: items('水厂', 1001, 3, QUIET) });
    expect(topic(bot)).toMatchObject({ level: null, actedLevel: 'blue' });
    expect(incident(bot).level).toBe('blue');

    // …and a burst an hour later that crosses yellow again is a new crossing: the engine upgrades by itself.
    bot.clock.advance(60 * 60_000);
    const burst = await push(bot, { items: items('水厂', 2001, 300, YELLOW) });
    expect(burst.body.actions).toEqual([{ kind: 'upgraded', topic: 1, incident: 'YQ-20261121-001', level: 'yellow' }]);
    expect(incident(bot).level).toBe('yellow');
    expect(engineLevelChanges(bot)).toHaveLength(1);
  });

  it("级别 to a lower level holds the same way, for a topic placed straight into the person's incident", async () => {
    const bot = startSignalsBot();
    await bot.say('zheng-jiance', '预警 黄 网传水厂污染 https://bbs.example.cn/水厂/1');
    // The first item carries the link: its new topic starts inside YQ-…-001.
    expect((await push(bot, { items: items('水厂', 1, 300, YELLOW) })).body.actions).toEqual([]);
    await bot.say('qian-fuzong', '级别 YQ-20261121-001 蓝');
    expect(incident(bot).level).toBe('blue');
    bot.clock.advance(60_000);
    expect((await push(bot, { items: items('水厂', 301, 5, YELLOW) })).body.actions).toEqual([]);
    expect(incident(bot).level).toBe('blue');
    expect(engineLevelChanges(bot)).toEqual([]);
  });
});
