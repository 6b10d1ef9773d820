// The warning engine end to end, through POST /api/signals and the console: a burst raises one
// incident and one broadcast; an automatic yellow follows the routing of a typed 预警 黄; an
// accelerating topic gets an upgrade proposal that only the commander or deputy can confirm.
import { eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadYamlFile } from '../../src/config/load-yaml';
import { fireDueJobs } from '../../src/core/jobs/fire';
import { playbookSchema } from '../../src/core/playbook/schema';
import { incidents, jobs, leads, proposals, tasks, timeline, topics } from '../../src/db/schema';
import { buttonsOf, type TestBot } from '../helpers/runtime';
import { items, push, startSignalsBot } from './helpers';

const warningCards = async (bot: TestBot, group = 'command') =>
  (await bot.messages(group)).filter((m) => m.author === 'bot' && /预警 · YQ-/.test(m.card?.title ?? ''));

/** Yellow-band items: 300 of them score about 52 (see config/playbook.yaml's indicators). */
const yellowBatch = (from = 1) => items('水厂', from, 300, { reads: 40, reposts: 1, mentionsLastHour: 2, sentiment: -0.5 });
/** An hour later, louder, faster and angrier: the topic crosses orange (about 65). */
const orangeBatch = () => items('水厂', 1001, 400, { reads: 100, reposts: 5, mentionsLastHour: 9, sentiment: -0.7 });

describe('automatic warnings from signals', () => {
  it('a burst of 1,000 signals about one topic raises one incident and one broadcast', async () => {
    const bot = startSignalsBot();
    // Ten pushes of 100 at once, as a monitoring tool catching up would send them.
    const results = await Promise.all(Array.from({ length: 10 }, (_, b) => push(bot, { items: items('停水', b * 100, 100) })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await bot.drain.drain();

    expect(bot.core.db.select().from(topics).all()).toHaveLength(1);
    const all = bot.core.db.select().from(incidents).all();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ level: 'blue', raisedBy: 'signals', createdBy: null, status: 'monitoring' });
    const cards = await warningCards(bot);
    expect(cards).toHaveLength(1);
    // Every signal is a lead of the incident; the card counts them instead of listing a thousand links.
    expect(bot.core.db.select().from(leads).where(eq(leads.incidentId, all[0]!.id)).all()).toHaveLength(1000);
    expect(cards[0]!.text).toContain('自动预警');
    // Within the minute the card is refreshed once; the minute's later batches leave one job for its end.
    expect(bot.core.db.select().from(jobs).where(eq(jobs.kind, 'signals_refresh')).all()).toHaveLength(1);
    bot.clock.advance(60_000);
    expect(fireDueJobs(bot.core, bot.clock.now()).failed).toEqual([]);
    await bot.drain.drain();
    const refreshed = (await warningCards(bot))[0]!;
    expect(refreshed.text).toContain('等 1000 条');
    expect(refreshed.text).toContain('信号 1000 条');
    // Blue stays in the command centre, as a typed 预警 蓝 does.
    expect((await bot.messages('publicity')).length).toBe(0);
    const rows = bot.core.db.select().from(timeline).where(eq(timeline.incidentId, all[0]!.id)).all();
    expect(rows.filter((r) => r.kind === 'warning_raised')).toHaveLength(1);
    expect(rows.find((r) => r.kind === 'warning_raised')!.text).toMatch(/^监测信号自动发布蓝色预警（一般）：/);
  });

  it('an automatic yellow warning follows the playbook routing of 预警 黄 and says where it came from', async () => {
    const bot = startSignalsBot();
    const res = await push(bot, { items: yellowBatch() });
    expect(res.body.actions).toEqual([{ kind: 'raised', topic: 1, incident: 'YQ-20261121-001', level: 'yellow' }]);
    const incident = bot.core.db.select().from(incidents).get()!;
    expect(incident).toMatchObject({ level: 'yellow', status: 'monitoring', originChatId: 'command' });
    expect(
      bot.core.db
        .select()
        .from(tasks)
        .all()
        .map((t) => t.departmentKey),
    ).toEqual(['cyber', 'business']);
    const card = (await warningCards(bot))[0]!;
    expect(card.card.title).toBe('黄色预警 · YQ-20261121-001');
    expect(card.text).toMatch(/自动预警：由监测信号触发，信号 300 条，当前评分 5\d/);
    expect(card.card.mentions.map((m: any) => m.name)).toEqual(expect.arrayContaining(['赵总', '王小宣', '李网信', '吴业务']));
    expect(await warningCards(bot, 'cyber')).toHaveLength(1);
    expect((await bot.messages('all-hands')).length).toBe(0);
  });

  it('an accelerating topic gets one upgrade proposal; the commander confirms by button; one broadcast at orange', async () => {
    const bot = startSignalsBot();
    await push(bot, { items: yellowBatch() });
    bot.clock.advance(61 * 60_000);
    const res = await push(bot, { items: orangeBatch() });
    expect(res.body.actions).toEqual([{ kind: 'proposed', topic: 1, proposal: 'P1', incident: 'YQ-20261121-001', level: 'orange' }]);
    // Proposed, not raised: still yellow, nothing new in the broadcast group.
    expect(bot.core.db.select().from(incidents).all()).toEqual([expect.objectContaining({ level: 'yellow' })]);
    expect((await bot.messages('all-hands')).length).toBe(0);

    const proposal = await bot.card('预警建议 · P1');
    expect(buttonsOf(proposal).map((b) => `${b.label}:${b.action}:${b.value}`)).toEqual([
      '确认:confirmWarning:P1',
      '调整级别:adjustWarning:P1',
      '忽略:ignoreWarning:P1',
    ]);
    expect(proposal.text).toContain('YQ-20261121-001（现为黄色预警），确认后升级');
    expect(proposal.card.mentions.map((m: any) => m.name)).toEqual(['赵总', '钱副总']);

    // More of the same a minute later: the level is already proposed, so nothing new.
    bot.clock.advance(60_000);
    const more = await push(bot, { items: items('水厂', 2001, 50, { reads: 100, reposts: 5, mentionsLastHour: 9, sentiment: -0.7 }) });
    expect(more.body.actions).toEqual([]);
    expect(bot.core.db.select().from(proposals).all()).toHaveLength(1);

    // A department lead may not decide, whatever the button says: the roster decides.
    const refused = await bot.tap('li-wangxin', proposal.id, 'confirmWarning', 'P1');
    expect(refused.body).toMatchObject({ outcome: 'refused', toast: expect.stringContaining('需要角色：总指挥、副总指挥') });
    expect(bot.core.db.select().from(proposals).get()!.status).toBe('pending');

    const confirmed = await bot.tap('zhao-zong', proposal.id, 'confirmWarning', 'P1');
    expect(confirmed.body).toMatchObject({ outcome: 'done', toast: '已确认：YQ-20261121-001 橙色预警' });
    expect(bot.core.db.select().from(incidents).all()).toEqual([expect.objectContaining({ level: 'orange', status: 'responding' })]);
    // One broadcast at the new level: every group it names gets one new card (was: the groups that had
    // the yellow card only saw it change in place, issue 13); the yellow card turned orange too.
    for (const group of ['publicity', 'legal', 'all-hands']) expect(await warningCards(bot, group)).toHaveLength(1);
    for (const group of ['cyber', 'command'])
      expect((await warningCards(bot, group)).map((m) => [m.card.title, m.card.level])).toEqual([
        ['橙色预警 · YQ-20261121-001', 'orange'],
        ['已升级 · 橙色预警 · YQ-20261121-001', 'orange'],
      ]);
    expect((await bot.card('已升级 · 橙色预警', 'all-hands')).card.level).toBe('orange');
    // The proposal card now shows the outcome instead of buttons.
    const decided = await bot.card('预警建议 · P1');
    expect(buttonsOf(decided)).toEqual([]);
    expect(decided.text).toContain('已确认 · 赵总');
    // A second tap is answered, and changes nothing.
    expect((await bot.tap('qian-fuzong', proposal.id, 'confirmWarning', 'P1')).body).toMatchObject({ outcome: 'refused', toast: '已处理' });
    const levelRows = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'level_changed')).all();
    expect(levelRows.map((r) => r.text)).toEqual([expect.stringMatching(/^赵总 确认预警建议 P1，YQ-20261121-001 升级为橙色预警（重大）/)]);
  });

  it('调整级别 offers the other levels; ignoring a proposal is recorded and not proposed again within the band', async () => {
    const bot = startSignalsBot();
    await push(bot, { items: yellowBatch() });
    bot.clock.advance(61 * 60_000);
    await push(bot, { items: orangeBatch() });
    const proposal = await bot.card('预警建议 · P1');

    await bot.tap('qian-fuzong', proposal.id, 'adjustWarning', 'P1');
    const choice = await bot.card('调整级别 · P1');
    expect(buttonsOf(choice).map((b) => `${b.label}:${b.value}`)).toEqual(['改为红色预警:P1 红']);
    await bot.say('qian-fuzong', '忽略预警 P1 已核实为谣言，正在辟谣');
    expect(bot.core.db.select().from(proposals).get()).toMatchObject({ status: 'ignored', reason: '已核实为谣言，正在辟谣' });
    expect(bot.core.db.select().from(incidents).get()!.level).toBe('yellow');
    expect((await bot.card('预警建议 · P1')).text).toContain('已忽略 · 钱副总');
    // The choice card's button, tapped late, is answered: the proposal is decided.
    expect((await bot.tap('qian-fuzong', choice.id, 'adjustWarning', 'P1 红')).body.toast).toBe('已处理');

    // Still in the orange band an hour later: no second proposal for the same level.
    bot.clock.advance(10 * 60_000);
    await push(bot, { items: items('水厂', 3001, 100, { reads: 100, reposts: 5, mentionsLastHour: 9, sentiment: -0.7 }) });
    expect(bot.core.db.select().from(topics).get()!.level).toBe('orange');
    expect(bot.core.db.select().from(proposals).all()).toHaveLength(1);
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(ne(timeline.kind, 'signals_received'))
        .all()
        .map((r) => r.kind),
    ).toEqual(expect.arrayContaining(['warning_raised', 'warning_proposed', 'proposal_ignored']));
  });

  it('a loud new topic: yellow at once, and the proposal the deputy adjusts upgrades that same incident', async () => {
    const bot = startSignalsBot();
    // Loud from the first minute: straight into the red band with no incident yet.
    const res = await push(bot, { items: items('化工', 1, 400, { reads: 300, reposts: 10, mentionsLastHour: 9, sentiment: -0.8 }) });
    expect(res.body.actions).toEqual([
      { kind: 'raised', topic: 1, incident: 'YQ-20261121-001', level: 'yellow' },
      { kind: 'proposed', topic: 1, proposal: 'P1', incident: 'YQ-20261121-001', level: 'red' },
    ]);
    const reply = await bot.say('qian-fuzong', '调整预警 P1 橙');
    expect(reply.body).toMatchObject({ outcome: 'done' });
    expect(await bot.lastBotText()).toContain('已确认 P1：YQ-20261121-001 橙色预警（重大）（由建议的红色预警调整）');
    const all = bot.core.db.select().from(incidents).all();
    expect(all).toEqual([expect.objectContaining({ level: 'orange', raisedBy: 'signals' })]);
    expect(bot.core.db.select().from(leads).where(eq(leads.incidentId, all[0]!.id)).all()).toHaveLength(400);
    // The yellow card the cyber group got at once now shows orange.
    expect((await bot.card('橙色预警 · YQ-20261121-001', 'cyber')).text).toContain('自动预警');
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'level_changed')).get()!.text).toMatch(
      /^钱副总 确认预警建议 P1，YQ-20261121-001 升级为橙色预警/,
    );
    // Red was decided on by a person (adjusted to orange): not proposed again while the topic stays red.
    expect(bot.core.db.select().from(topics).get()!.actedLevel).toBe('red');
  });

  it('with no automatic levels in the playbook, the proposal opens the incident at the level the deputy chooses', async () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const bot = startSignalsBot({ overrides: { playbook: { value: { ...playbook, indicators: { ...playbook.indicators, automatic: [] } } } } });
    const res = await push(bot, { items: items('化工', 1, 400, { reads: 300, reposts: 10, mentionsLastHour: 9, sentiment: -0.8 }) });
    expect(res.body.actions).toEqual([{ kind: 'proposed', topic: 1, proposal: 'P1', incident: null, level: 'red' }]);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
    const reply = await bot.say('qian-fuzong', '调整预警 P1 黄');
    expect(reply.body).toMatchObject({ outcome: 'done' });
    const incident = bot.core.db.select().from(incidents).get()!;
    expect(incident).toMatchObject({ level: 'yellow', raisedBy: 'signals' });
    expect(bot.core.db.select().from(leads).where(eq(leads.incidentId, incident.id)).all()).toHaveLength(400);
    expect((await bot.card('黄色预警 · YQ-20261121-001', 'cyber')).text).toContain('自动预警');
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'warning_raised')).get()!.text).toMatch(/^钱副总 确认预警建议 P1，发布黄色预警/);
  });
});
