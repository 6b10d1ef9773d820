// After 结案: renewed attention (舆情反复) is seen rather than absorbed by the closed incident, and a
// proposal that was waiting on the incident is withdrawn with it.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents, leads, proposals, signals } from '../../src/db/schema';
import { buttonsOf } from '../helpers/runtime';
import { items, push, startSignalsBot } from './helpers';

const YELLOW = { reads: 40, reposts: 1, mentionsLastHour: 2, sentiment: -0.5 };

describe('after an incident is closed', () => {
  it('updated observations of its items start a new topic, and a new incident when they cross a threshold', async () => {
    const bot = startSignalsBot();
    await push(bot, { items: items('水厂', 1, 300, YELLOW) });
    await bot.say('zhao-zong', '结案 YQ-20261121-001 确认 已发布情况说明');

    // Three hours later the same posts flare up again: the tools report them with new metrics.
    bot.clock.advance(3 * 3_600_000);
    const again = await push(bot, { items: items('水厂', 1, 300, { ...YELLOW, reads: 80 }) });
    expect(again.body).toMatchObject({ created: 0, updated: 300, duplicates: 0 });
    expect(again.body.items.every((i: any) => i.topic === 2)).toBe(true);
    expect(again.body.actions).toEqual([{ kind: 'raised', topic: 2, incident: 'YQ-20261121-002', level: 'yellow' }]);

    const [closed, reopened] = bot.core.db.select().from(incidents).all();
    expect(closed).toMatchObject({ status: 'closed' });
    // The closed incident keeps its record for the review; the new one has leads of its own.
    expect(bot.core.db.select().from(leads).where(eq(leads.incidentId, closed!.id)).all()).toHaveLength(300);
    expect(bot.core.db.select().from(leads).where(eq(leads.incidentId, reopened!.id)).all()).toHaveLength(300);
    expect(
      bot.core.db
        .select()
        .from(signals)
        .all()
        .every((s) => s.topicId === 2 && s.observations === 2),
    ).toBe(true);
  });

  it('a pending proposal of the incident is withdrawn when it closes; a late tap is answered and opens nothing', async () => {
    const bot = startSignalsBot();
    await push(bot, { items: items('水厂', 1, 300, YELLOW) });
    bot.clock.advance(61 * 60_000);
    await push(bot, { items: items('水厂', 1001, 400, { reads: 100, reposts: 5, mentionsLastHour: 9, sentiment: -0.7 }) });
    const card = await bot.card('预警建议 · P1');
    expect(buttonsOf(card).length).toBeGreaterThan(0);

    await bot.say('zhao-zong', '结案 YQ-20261121-001 确认 已辟谣');
    expect(bot.core.db.select().from(proposals).get()).toMatchObject({ status: 'superseded' });
    const withdrawn = await bot.card('预警建议 · P1');
    expect(buttonsOf(withdrawn)).toEqual([]);
    expect(withdrawn.text).toContain('YQ-20261121-001 已结案');

    const late = await bot.tap('qian-fuzong', card.id, 'confirmWarning', 'P1');
    expect(late.body).toMatchObject({ outcome: 'refused', toast: '建议已作废：YQ-20261121-001 已结案' });
    // Typed, the answer says the same in full.
    expect((await bot.say('qian-fuzong', '确认预警 P1')).body.outcome).toBe('refused');
    expect(await bot.lastBotText()).toContain('P1 已作废：YQ-20261121-001 已结案');
    expect(bot.core.db.select().from(incidents).all()).toEqual([expect.objectContaining({ number: 'YQ-20261121-001', status: 'closed' })]);
  });
});
