// Escalation that alerts (issue 13): 升级 is a new warning — a new card of the new level in every
// group it names, 加急 once per person per incident level however many chats it reaches, the
// stricter deadlines brought forward. Feishu end to end: signed webhook in, the real SDK out to
// the fake Open API, which records every urgent_app call.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deadlines, urgentPushes } from '../../src/db/schema';
import { groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN, type FeishuTestBot } from '../fakes/feishu-bot';
import { raiseWarning } from '../../src/core/verbs/raise-warning';
import { closeAtOnce } from '../helpers/playbooks';
import { act, closeIncident } from '../helpers/verbs';

/** 199 more broadcast groups: with the three of startFeishuBot, a warning reaches 202 Feishu chats. */
const MORE_GROUPS = 199;
/** Who a red warning names today (on duty 赵总 and 王小宣, the leads of the red tasks' departments, the leaders). */
const RED_AUDIENCE = ['ou_li-wangxin', 'ou_qian-fuzong', 'ou_sun-xuanchuan', 'ou_wang-xiaoxuan', 'ou_wu-yewu', 'ou_zhao-zong', 'ou_zhou-fawu'];

function manyGroups(more = MORE_GROUPS) {
  return startFeishuBot({
    encryptKey: 'test-encrypt-key',
    extend: (org) => {
      for (let i = 0; i < more; i++) org.groups.push({ key: `fs-b${i}`, name: `通报群${i}`, platform: 'feishu', chatId: `oc_b${i}`, purpose: 'broadcast' });
    },
  });
}

const say = (bot: FeishuTestBot, from: string, text: string) =>
  bot.post(groupTextEvent({ token: VERIFICATION_TOKEN, chatId: FEISHU_CHATS.command, senderOpenId: from, botOpenId: bot.api.botOpenId, text }));

/** How often each person was buzzed. */
function buzzes(bot: FeishuTestBot): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of bot.api.urgent) for (const id of call.userIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('escalation that alerts', () => {
  it('one red warning to 202 chats buzzes each of the 7 people it names once, not once per chat', async () => {
    const bot = await manyGroups();
    await say(bot, 'ou_zheng-jiance', '预警 红 某地网传停水三天，多家媒体转载');
    await bot.deliverAll();
    const chats = new Set(bot.api.messages.filter((m) => m.chatId.startsWith('oc_')).map((m) => m.chatId));
    expect(chats.size).toBe(3 + MORE_GROUPS);
    // One call per person (was one per chat: 202 here).
    expect(bot.api.urgent).toHaveLength(RED_AUDIENCE.length);
    expect([...buzzes(bot).keys()].sort()).toEqual(RED_AUDIENCE);
    expect([...buzzes(bot).values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it('升级 to red posts a new red card in every group that had the orange one, buzzes each person once, and re-times the stricter deadlines', async () => {
    // 23 chats: enough to see each get its card, few enough to go through the rounds below quickly.
    const more = 20;
    const bot = await manyGroups(more);
    await say(bot, 'ou_zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.deliverAll();
    expect(bot.api.urgent).toEqual([]); // orange: no 加急
    const orangeCards = bot.api.messages.length;
    const statementDue = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'statement')).get()!.dueAt;
    bot.clock.advance(20 * 60_000);

    await say(bot, 'ou_qian-fuzong', '升级 红');
    await bot.deliverAll();
    // Every group gets a new message — the groups that had the orange card too — of the new level.
    for (const chat of [FEISHU_CHATS.command, FEISHU_CHATS.cyber, FEISHU_CHATS.all, 'oc_b0', `oc_b${more - 1}`]) {
      const titles = bot.api.inChat(chat).map((m) => [m.card.header.title.content, m.card.header.template]);
      expect(titles).toContainEqual(['已升级 · 红色预警 · YQ-20261121-001', 'red']);
      // The orange card itself turned red in place.
      expect(bot.api.inChat(chat)[0]!.card.header.template).toBe('red');
    }
    expect(bot.api.messages.length).toBeGreaterThanOrEqual(orangeCards + 3 + more + RED_AUDIENCE.length);
    expect([...buzzes(bot).keys()].sort()).toEqual(RED_AUDIENCE);
    expect([...buzzes(bot).values()].every((n) => n === 1)).toBe(true);
    // 发布权威信息: orange gave 5 hours from 09:00; red gives 4 from 09:20 — sooner, so re-timed.
    const statement = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'statement')).get()!;
    expect(statement.dueAt).toBe(bot.clock.now() + 240 * 60_000);
    expect(statement.dueAt).toBeLessThan(statementDue);

    // Down to orange and back up to red: red was alerted already for this incident — nobody is buzzed again.
    await say(bot, 'ou_qian-fuzong', '降级 橙');
    await say(bot, 'ou_qian-fuzong', '升级 红');
    await bot.deliverAll();
    expect(bot.api.urgent).toHaveLength(RED_AUDIENCE.length);
    expect(
      bot.core.db
        .select()
        .from(urgentPushes)
        .all()
        .map((p) => p.status),
    ).toEqual(Array(RED_AUDIENCE.length).fill('done'));
  }, 60_000);

  it('an incident closed before its 加急 went out buzzes nobody: the pushes are given up, the cards arrive grey', async () => {
    const bot = await startFeishuBot({ playbook: closeAtOnce() });
    // Raised and closed in one turn of the event loop: no delivery ran between the two.
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'red', description: '某地网传停水三天', isDrill: false }));
    act(bot, 'zhao-zong', (ctx) => closeIncident(ctx, undefined, '误报，已核实', true));
    await bot.deliverAll();
    const own = bot.api.messages.filter((m) => m.chatId.startsWith('ou_'));
    expect(own.length).toBe(RED_AUDIENCE.length);
    for (const m of own) expect(m.card.header.template).toBe('grey');
    expect(bot.api.urgent).toEqual([]);
    const settled = bot.core.db.select().from(urgentPushes).all();
    expect(settled.map((p) => [p.status, p.lastError])).toEqual(Array(RED_AUDIENCE.length).fill(['failed', '事件已结案，不再加急']));
  });

  it('a person Feishu will not let the bot reach: their card is a dead letter and their push is given up, not left waiting', async () => {
    const bot = await startFeishuBot();
    bot.api.unreachable.set('ou_zhou-fawu', 230013);
    await say(bot, 'ou_zheng-jiance', '预警 红 某地网传停水三天');
    await bot.deliverAll();
    expect([...buzzes(bot).keys()].sort()).toEqual(RED_AUDIENCE.filter((id) => id !== 'ou_zhou-fawu'));
    const theirs = bot.core.db.select().from(urgentPushes).where(eq(urgentPushes.platformUserId, 'ou_zhou-fawu')).get()!;
    expect(theirs).toMatchObject({ status: 'failed', lastError: expect.stringContaining('加急卡片没有送达') });
  });
});
