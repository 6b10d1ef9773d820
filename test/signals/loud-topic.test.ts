// A topic that is loud from its first batch gets at least what a quiet one gets: the automatic
// level is raised and broadcast at once, and the higher level is proposed as an upgrade of that
// incident. A proposal only stands while the score stays in its level's band.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadYamlFile } from '../../src/config/load-yaml';
import { playbookSchema } from '../../src/core/playbook/schema';
import { incidents, proposals, topics } from '../../src/db/schema';
import { buttonsOf, type TestBot } from '../helpers/runtime';
import { items, push, startSignalsBot } from './helpers';

/** 400 loud, angry posts in the first minute: about 78 points, the red band. */
const loud = () => items('化工', 1, 400, { reads: 300, reposts: 10, mentionsLastHour: 9, sentiment: -0.8 });
const quiet = (from: number) => items('化工', from, 3, { reads: 1, sentiment: -0.1 });

const allIncidents = (bot: TestBot) => bot.core.db.select().from(incidents).all();
const proposal = (bot: TestBot, id: number) => bot.core.db.select().from(proposals).where(eq(proposals.id, id)).get()!;
const topic = (bot: TestBot) => bot.core.db.select().from(topics).get()!;

describe('a loud new topic', () => {
  it('raises yellow by itself and proposes red as an upgrade of that incident; confirming upgrades the same incident', async () => {
    const bot = startSignalsBot();
    const res = await push(bot, { items: loud() });
    expect(res.body.actions).toEqual([
      { kind: 'raised', topic: 1, incident: 'YQ-20261121-001', level: 'yellow' },
      { kind: 'proposed', topic: 1, proposal: 'P1', incident: 'YQ-20261121-001', level: 'red' },
    ]);
    expect(allIncidents(bot)).toEqual([expect.objectContaining({ level: 'yellow', raisedBy: 'signals' })]);
    // The yellow warning went out along the playbook's routing, as for a quiet topic.
    expect((await bot.card('黄色预警 · YQ-20261121-001', 'cyber')).text).toContain('自动预警');
    const card = await bot.card('预警建议 · P1');
    expect(card.text).toContain('YQ-20261121-001（现为黄色预警），确认后升级');

    const confirmed = await bot.tap('zhao-zong', card.id, 'confirmWarning', 'P1');
    expect(confirmed.body).toMatchObject({ outcome: 'done', toast: '已确认：YQ-20261121-001 红色预警' });
    expect(allIncidents(bot)).toEqual([expect.objectContaining({ number: 'YQ-20261121-001', level: 'red' })]);
    expect(proposal(bot, 1)).toMatchObject({ status: 'confirmed', incidentId: 1 });
  });

  it('a proposal nobody decided is withdrawn once the score leaves its band, and only what was done holds', async () => {
    const bot = startSignalsBot();
    await push(bot, { items: loud() });
    const card = await bot.card('预警建议 · P1');

    // An hour later the topic has cooled into the orange band: red no longer stands.
    bot.clock.advance(60 * 60_000);
    const cooled = await push(bot, { items: quiet(1001) });
    expect(topic(bot).level).toBe('orange');
    expect(proposal(bot, 1)).toMatchObject({ status: 'superseded' });
    const withdrawn = await bot.card('预警建议 · P1');
    expect(buttonsOf(withdrawn)).toEqual([]);
    expect(withdrawn.text).toContain('评分已回落');
    // Nothing was done at orange (red was only proposed): orange is a level of its own to propose.
    expect(cooled.body.actions).toEqual([{ kind: 'proposed', topic: 1, proposal: 'P2', incident: 'YQ-20261121-001', level: 'orange' }]);

    // A late tap on the withdrawn card is answered and changes nothing.
    const late = await bot.tap('zhao-zong', card.id, 'confirmWarning', 'P1');
    expect(late.body).toMatchObject({ outcome: 'refused', toast: '建议已作废：评分已回落到橙色预警区间' });
    expect(allIncidents(bot)).toEqual([expect.objectContaining({ level: 'yellow' })]);

    // Quieter still (the blue band): the orange proposal goes too; the yellow incident stands, and
    // what the engine remembers as done is yellow — what it raised — not the band the score is in.
    bot.clock.advance(60 * 60_000);
    const quieter = await push(bot, { items: quiet(2001) });
    expect(quieter.body.actions).toEqual([]);
    expect(topic(bot)).toMatchObject({ level: 'blue', actedLevel: 'yellow' });
    expect(proposal(bot, 2).status).toBe('superseded');
    expect(bot.core.db.select().from(proposals).where(eq(proposals.status, 'pending')).all()).toEqual([]);
    expect(allIncidents(bot)).toEqual([expect.objectContaining({ level: 'yellow' })]);
  });

  it('a proposal made before its topic had an incident asks to upgrade the one the topic joins, and confirming upgrades it', async () => {
    // Nothing automatic: the first batch can only propose.
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const bot = startSignalsBot({ overrides: { playbook: { value: { ...playbook, indicators: { ...playbook.indicators, automatic: [] } } } } });
    expect((await push(bot, { items: loud() })).body.actions).toEqual([{ kind: 'proposed', topic: 1, proposal: 'P1', incident: null, level: 'red' }]);
    // A person raises yellow with a link the tools report next: the topic joins that incident.
    await bot.say('zheng-jiance', '预警 黄 化工厂异味 https://bbs.example.cn/化工/401');
    bot.clock.advance(60_000);
    await push(bot, { items: items('化工', 401, 1, { reads: 300, reposts: 10, mentionsLastHour: 9, sentiment: -0.8 }) });
    expect(topic(bot).incidentId).toBe(1);
    expect(proposal(bot, 1)).toMatchObject({ status: 'pending', incidentId: 1 });
    const card = await bot.card('预警建议 · P1');
    expect(card.text).toContain('YQ-20261121-001（现为黄色预警），确认后升级');

    const confirmed = await bot.tap('zhao-zong', card.id, 'confirmWarning', 'P1');
    expect(confirmed.body).toMatchObject({ outcome: 'done', toast: '已确认：YQ-20261121-001 红色预警' });
    expect(allIncidents(bot)).toEqual([expect.objectContaining({ number: 'YQ-20261121-001', level: 'red' })]);
  });
});
