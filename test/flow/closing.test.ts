// Closing the loop (issue 13): 平息, 结案 and level changes are said in every group that got the
// warning; a closed incident's cards turn grey with their buttons gone, on every platform that can
// update cards; 结案 with open work asks first; who may close follows the level (red: 总指挥).
// The tests about what is said and asked close orange incidents with the review and the observation
// period switched off (they have tests of their own, test/flow/review.test.ts); the red one walks
// the whole way: 平息, the watch, a signed review, then 结案 确认.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents, timeline } from '../../src/db/schema';
import { groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import { closeAtOnce } from '../helpers/playbooks';
import { buttonsOf, startBot, type TestBot } from '../helpers/runtime';

/** Every console group an orange warning reaches. */
const WARNED = ['command', 'publicity', 'cyber', 'legal', 'all-hands'];

const botCards = async (bot: TestBot, group: string) => (await bot.messages(group, 'zhao-zong')).filter((m) => m.author === 'bot');

describe('closing the loop', () => {
  it('平息, 降级 and 结案 are announced in every group that got the warning; the cards turn grey without buttons', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    for (const g of WARNED) expect(await botCards(bot, g)).toHaveLength(1);

    await bot.say('zhao-zong', '降级 黄');
    await bot.say('zhao-zong', '平息');
    for (const g of WARNED) {
      const titles = (await botCards(bot, g)).map((m) => m.card.title);
      expect(titles).toContain('已降级为黄色预警（较大） · YQ-20261121-001');
      expect(titles).toContain('已平息 · YQ-20261121-001');
    }

    await bot.say('zhao-zong', '结案 确认 停水系谣言，已辟谣，剩余任务不再需要');
    for (const g of WARNED) {
      const cards = await botCards(bot, g);
      const said = cards.find((m) => m.card.title === '已结案 · YQ-20261121-001');
      expect(said, `结案 announced in ${g}`).toBeDefined();
      // The summary is for the review: the broadcast group hears only that it is over.
      if (g === 'all-hands') expect(said!.text).not.toContain('谣言');
      else expect(said!.text).toContain('停水系谣言');
      // The warning card itself (updated in place): grey, no level colour, no buttons.
      const warning = cards[0]!;
      expect(warning.card).toMatchObject({ tone: 'closed' });
      expect(warning.card.level).toBeUndefined();
      expect(warning.card.title).toMatch(/^【已结案】/);
      expect(buttonsOf(warning)).toEqual([]);
    }
  });

  it('a closed card no longer asks anyone to claim by a time: open tasks say 未认领, and 状态 lists no department as waiting', async () => {
    const bot = startBot({ overrides: { playbook: { value: closeAtOnce() } } });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('sun-xuanchuan', '认领 T1');
    await bot.say('zhao-zong', '结案 确认 停水系谣言，已辟谣');
    const warning = (await botCards(bot, 'command'))[0]!;
    expect(warning.card.title).toMatch(/^【已结案】/);
    expect(warning.text).not.toContain('待认领');
    expect(warning.text).toContain('T2 网信部 · 加强监测，研判传播态势 — 未认领（已结案）');
    expect(warning.text).toContain('T1 宣传部 · 起草回应口径 — 孙宣传 已认领');
    await bot.say('feng-bangong', '状态 YQ-20261121-001');
    const status = await bot.lastBotText();
    expect(status).not.toContain('待认领');
    expect(status).not.toContain('下一个时限');
  });

  it('the reminders to claim a task lose their 认领 button when the incident is closed', async () => {
    const bot = startBot({ overrides: { playbook: { value: closeAtOnce() } } });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    bot.clock.advance(12 * 60_000); // past the claim window: the ladder's first rung, in each department's group
    await bot.clockLoop.tick();
    const reminder = await bot.card('任务未认领 · T2', 'cyber', 'zhao-zong');
    expect(buttonsOf(reminder)).toEqual([{ label: '认领', action: 'claim', value: 'T2', style: 'primary' }]);
    await bot.say('zhao-zong', '结案 确认 停水系谣言，已辟谣');
    const after = await bot.card('任务未认领 · T2', 'cyber', 'zhao-zong');
    expect(after.id).toBe(reminder.id);
    expect(buttonsOf(after)).toEqual([]);
    expect(after.card).toMatchObject({ tone: 'closed' });
    expect(after.text).toContain('YQ-20261121-001 已结案，不用再认领');
  });

  it('a release still waiting when the incident is closed: its approvers are not reminded afterwards', async () => {
    const bot = startBot({ overrides: { playbook: { value: closeAtOnce() } } });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修。');
    await bot.say('zhao-zong', '结案 确认 停水系谣言，不再发布');
    bot.clock.advance(40 * 60_000); // past the approval wait (15 minutes) and its second reminder
    await bot.clockLoop.tick();
    const titles = (await botCards(bot, 'command')).map((m) => m.card.title);
    expect(titles.filter((t) => t.startsWith('审批等待'))).toEqual([]);
  });

  it('结案 with open tasks or deadlines asks first, says what is open, and records the reason', async () => {
    const bot = startBot({ overrides: { playbook: { value: closeAtOnce() } } });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('sun-xuanchuan', '认领 T1');
    await bot.say('zhao-zong', '结案 已处置');
    const asked = await bot.lastBotText();
    expect(asked).toContain('YQ-20261121-001 还有 4 项任务、4 个响应时限未完成');
    expect(asked).toContain('T1 起草回应口径（未完成）');
    expect(asked).toContain('T2 加强监测，研判传播态势（未认领）');
    expect(asked).toContain('时限「电话报告上级」09:30 截止');
    expect(asked).toContain('「结案 YQ-20261121-001 确认 理由」');
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('responding');
    // The question concerns only the one closing: nobody else in the group sees it.
    expect(await bot.lastBotText('command', 'sun-xuanchuan')).not.toContain('还有 4 项任务');

    await bot.say('zhao-zong', '结案 确认 经研判舆情已平息，新闻发布会取消');
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ status: 'closed', summary: '经研判舆情已平息，新闻发布会取消' });
    const row = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'incident_closed')).get()!;
    expect(row.text).toContain('确认结案，理由：经研判舆情已平息，新闻发布会取消；未完成：T1 起草回应口径（未完成）');
    expect(row.data).toMatchObject({ confirmed: true, openTasks: [1, 2, 3, 4] });
  });

  it('who may close follows the level: a red incident is closed by the 总指挥 only', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 红 重大舆情');
    await bot.say('qian-fuzong', '结案 确认 处置完毕');
    expect(await bot.lastBotText()).toContain('红色预警（特别重大）的事件由总指挥决定平息或结案（预案 levels.red.resolveBy）');
    await bot.say('qian-fuzong', '平息');
    expect(await bot.lastBotText()).toContain('由总指挥决定平息或结案');
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('responding');
    // The 总指挥 goes the whole way: 平息, a day's watch, the review signed, then 结案 with the open items confirmed.
    await bot.say('zhao-zong', '平息');
    bot.clock.advance(24 * 60 * 60_000);
    await bot.clockLoop.tick();
    await bot.say('zhao-zong', '总结 改进 红色预警的电话报告 15 分钟内完成');
    await bot.say('zhao-zong', '总结 签发');
    await bot.say('zhao-zong', '结案 处置完毕');
    expect(await bot.lastBotText()).toContain('「结案 YQ-20261121-001 确认 理由」');
    await bot.say('zhao-zong', '结案 确认 处置完毕');
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('closed');
  });

  it('on Feishu the closed cards are patched grey, their buttons gone, and every chat is told', async () => {
    const bot = await startFeishuBot({ playbook: closeAtOnce() });
    const say = (from: string, text: string) =>
      bot.post(groupTextEvent({ token: VERIFICATION_TOKEN, chatId: FEISHU_CHATS.command, senderOpenId: from, botOpenId: bot.api.botOpenId, text }));
    await say('ou_zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.drain.drain();
    await say('ou_zhao-zong', '结案 确认 已辟谣');
    await bot.drain.drain();
    for (const chat of Object.values(FEISHU_CHATS)) {
      const [warning, ...later] = bot.api.inChat(chat);
      expect(warning!.updates.length).toBeGreaterThan(0);
      expect(warning!.card.header.template).toBe('grey');
      expect(JSON.stringify(warning!.card)).not.toContain('"tag":"button"');
      expect(later.map((m) => m.card.header.title.content)).toContain('已结案 · YQ-20261121-001');
    }
  });
});
