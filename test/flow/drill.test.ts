// A drill played from a playbook scenario on a pinned clock, with Feishu groups at the fake Open
// API: a red scenario (red is urgent in the playbook) whose every message says 【演练】 in its title
// and its text, with zero urgent calls and nothing in the broadcast groups, scored at its end.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadYamlFile } from '../../src/config/load-yaml';
import { playbookSchema, type Playbook } from '../../src/core/playbook/schema';
import type { DrillScore } from '../../src/core/read/drill-score';
import { botMessages, drills, incidents, leads, meetings, outbox, reviews, timeline, urgentPushes } from '../../src/db/schema';
import { DOCX_MIME } from '../../src/documents/index';
import { cardActionEvent, groupTextEvent } from '../fakes/feishu-events';
import { docxParagraphs } from '../helpers/docx';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import type { FakeMessage } from '../fakes/feishu-api';
import type { TestBot } from '../helpers/runtime';
import { startBot } from '../helpers/runtime';

const MIN = 60_000;
const time = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, 21, h! - 8, m!);
};
async function at(bot: TestBot, hhmm: string): Promise<void> {
  bot.clock.set(time(hhmm));
  await bot.clockLoop.tick();
  await bot.drain.drain();
}

/**
 * Delivers everything queued. The drain keeps to Feishu's 5 messages a second per chat on the wall
 * clock (the pinned clock does not move it), so a busy command group takes a few real seconds.
 */
async function deliverAll(bot: TestBot): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await bot.drain.drain();
    if (bot.core.db.select().from(outbox).where(eq(outbox.status, 'pending')).all().length === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the outbox did not empty');
}

function withScenario(extra: Partial<Playbook['drills'][number]> = {}): Playbook {
  const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
  playbook.drills.push({
    key: 'chem-leak',
    name: '网传化工厂泄漏（红色演练）',
    level: 'red',
    title: '网传某化工厂发生泄漏，附近居民撤离',
    links: ['https://weibo.com/drill/77'],
    broadcast: false,
    endAfterMinutes: 90,
    injects: [
      { afterMinutes: 5, kind: 'lead', text: '短视频平台出现「居民连夜撤离」视频', link: 'https://v.example.cn/drill/5' },
      { afterMinutes: 15, kind: 'figures', text: '相关话题一小时阅读 300 万，转发 2 万' },
      { afterMinutes: 40, kind: 'call', from: '某晚报记者', text: '询问泄漏是否属实、是否有人员伤亡' },
    ],
    ...extra,
  });
  return playbook;
}

/** The header title and the body text of a card as the fake Open API stored it. */
function feishuTexts(card: any): { title: string; body: string } {
  return { title: card.header?.title?.content ?? '', body: JSON.stringify(card.body ?? {}) };
}

describe('drills', () => {
  it('a scenario runs by the clock: every message says 【演练】, none urgent, none in broadcast groups, scored at the end', async () => {
    const bot = await startFeishuBot();
    bot.core.playbook.drills.push(...withScenario().drills.filter((d) => d.key === 'chem-leak'));
    await at(bot, '09:00');
    await bot.say('qian-fuzong', '演练 chem-leak');
    expect(await bot.lastBotText()).toContain('演练「网传化工厂泄漏（红色演练）」已开始（YQ-20261121-001）');
    const incident = bot.core.db.select().from(incidents).get()!;
    expect(incident).toMatchObject({ isDrill: true, level: 'red', status: 'responding' });
    expect(bot.core.db.select().from(drills).get()).toMatchObject({ scenarioKey: 'chem-leak', broadcast: false, endsAt: time('10:30') });
    await bot.drain.drain();

    // The warning: at the command centre and the cyber group on Feishu, not at the all-hands group.
    const warning = bot.api.inChat(FEISHU_CHATS.command)[0]!;
    expect(feishuTexts(warning.card).title).toBe('【演练】红色预警 · YQ-20261121-001');

    // People play it: a tap on Feishu, typed commands on the console.
    await at(bot, '09:03');
    const tap = await bot.post(
      cardActionEvent({
        token: VERIFICATION_TOKEN,
        operatorOpenId: 'ou_li-wangxin',
        messageId: warning.messageId,
        chatId: FEISHU_CHATS.command,
        value: { action: 'claim', value: 'T2' },
      }),
    );
    expect(tap.body.toast.content).toBe('已认领 T2');
    await bot.say('wang-xiaoxuan', '认领 T1', 'publicity');
    await at(bot, '09:05'); // inject 1: a lead; claim window (5 min) passes for T3–T5
    await at(bot, '09:10');
    await bot.say('zhou-fawu', '认领 T3', 'legal');
    await at(bot, '09:15'); // inject 2: figures
    await bot.say('li-wangxin', '进展 已锁定首发账号', 'cyber');
    await bot.say('qian-fuzong', '时限 电话报告上级 完成');
    await bot.say('wang-xiaoxuan', '发布 关于网传化工厂泄漏的情况说明：经核实，系例行消防演练。');
    await at(bot, '09:20');
    await bot.say('sun-xuanchuan', '同意 A1');
    await at(bot, '09:40'); // inject 3: the journalist calls
    await at(bot, '10:00'); // 书面报告上级 missed
    await at(bot, '10:30'); // the end: scored
    await deliverAll(bot);

    const drill = bot.core.db.select().from(drills).get()!;
    expect(drill.endedAt).toBe(time('10:30'));
    // The end is said where the warning went, like a 结案, and the warning cards turn grey.
    for (const chat of [FEISHU_CHATS.command, FEISHU_CHATS.cyber]) {
      expect(bot.api.inChat(chat).map((m) => feishuTexts(m.card).title)).toContain('【演练】演练结束 · YQ-20261121-001');
      expect(bot.api.inChat(chat)[0]!.card.header.template).toBe('grey');
    }
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ status: 'closed', closedAt: time('10:30') });
    expect(
      bot.core.db
        .select()
        .from(leads)
        .where(eq(leads.incidentId, incident.id))
        .all()
        .map((l) => l.link),
    ).toEqual(['https://weibo.com/drill/77', 'https://v.example.cn/drill/5']);
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(eq(timeline.kind, 'drill_inject'))
        .orderBy(asc(timeline.id))
        .all()
        .map((t) => [t.createdAt, t.data?.kind]),
    ).toEqual([
      [time('09:05'), 'lead'],
      [time('09:15'), 'figures'],
      [time('09:40'), 'call'],
    ]);

    // At the fake Open API: every message and every update of one says 【演练】 in title and text.
    const seen: FakeMessage[] = bot.api.messages.filter((m) => m.sender === 'app');
    expect(seen.length).toBeGreaterThan(15);
    for (const m of seen) {
      for (const card of [m.card, ...m.updates]) {
        const { title, body } = feishuTexts(card);
        expect(title, `message in ${m.chatId}`).toContain('【演练】');
        expect(body, `message "${title}" in ${m.chatId}`).toContain('【演练】');
      }
    }
    expect(bot.api.urgent).toEqual([]);
    expect(bot.api.inChat(FEISHU_CHATS.all)).toEqual([]);
    // The console's broadcast group got nothing either, and no stored message waits for one.
    expect((await bot.messages('all-hands')).filter((m) => m.author === 'bot')).toEqual([]);
    expect(
      bot.core.db
        .select()
        .from(botMessages)
        .all()
        .filter((m) => m.chatId === 'all-hands' || m.chatId === FEISHU_CHATS.all),
    ).toEqual([]);
    // Nothing waits to buzz anyone, and no private 加急 copy was stored.
    expect(bot.core.db.select().from(urgentPushes).all()).toEqual([]);
    expect(
      bot.core.db
        .select()
        .from(botMessages)
        .all()
        .filter((m) => (m.card as { title: string }).title.includes('加急')),
    ).toEqual([]);
    // Every console message of the bot says it too.
    for (const group of ['command', 'publicity', 'cyber', 'legal'])
      for (const m of (await bot.messages(group)).filter((x) => x.author === 'bot' && x.text.includes('YQ-20261121-001')))
        expect(m.text.split('\n')[0]).toContain('【演练】');

    // Scored against the playbook's deadlines with the review's figures.
    const review = bot.core.db.select().from(reviews).get()!;
    const score = review.score as unknown as DrillScore;
    expect(score.items.map((i) => [i.what, i.outcome])).toEqual([
      ['时限「电话报告上级」', 'on_time'],
      ['时限「书面报告上级」', 'missed'],
      ['认领 T1 宣传部', 'on_time'],
      ['认领 T2 网信部', 'on_time'],
      ['认领 T3 法务部', 'late'],
      ['认领 T4 业务部', 'missed'],
      ['认领 T5 指挥中心办公室', 'missed'],
      ['首次续报（每 1 小时）', 'on_time'],
      ['审批 A1「宣传负责人审核」', 'on_time'],
    ]);
    // (1 + 0 + 1 + 1 + ½ + 0 + 0 + 1 + 1) / 9 = 61%
    expect(score).toMatchObject({ score: 61, onTime: 5, late: 1, missed: 3 });
    const evaluation = (await bot.messages('command')).filter((m) => m.author === 'bot' && m.card?.title === '【演练】演练评估 · YQ-20261121-001').pop()!;
    expect(evaluation.text).toContain('演练得分 61（共 9 项：按时 5、迟 1、未完成 3）');
    const onFeishu = bot.api.inChat(FEISHU_CHATS.command).find((m) => feishuTexts(m.card).title.includes('演练评估'))!;
    expect(JSON.stringify(onFeishu.updates.at(-1) ?? onFeishu.card)).toContain('演练得分 61');
  });

  it('escalated to red on Feishu, with urgent alerts, meetings and summary cards in the code: zero urgent calls, no private copies, no broadcast group reached', async () => {
    // Five more broadcast groups beside the fake's all-hands group: a red warning names them all.
    const bot = await startFeishuBot({
      extend: (org) => {
        for (let i = 0; i < 5; i++) org.groups.push({ key: `fs-b${i}`, name: `通报群${i}`, platform: 'feishu', chatId: `oc_b${i}`, purpose: 'broadcast' });
      },
    });
    const say = (from: string, text: string) =>
      bot.post(groupTextEvent({ token: VERIFICATION_TOKEN, chatId: FEISHU_CHATS.command, senderOpenId: from, botOpenId: bot.api.botOpenId, text }));
    await at(bot, '09:00');
    await say('ou_qian-fuzong', '演练 water-rumour'); // the shipped orange scenario
    await bot.deliverAll();
    await at(bot, '09:05');
    await say('ou_qian-fuzong', '升级 红'); // a new warning: new cards everywhere the red level names, everyone it names alerted
    await bot.deliverAll();
    await at(bot, '09:16'); // the meeting, brought forward to red's 15 minutes: its reminder and its start
    await at(bot, '09:20');
    await at(bot, '09:40'); // claim windows pass: the ladder escalates
    await bot.deliverAll();

    const sent = bot.api.messages.filter((m) => m.sender === 'app');
    const titles = sent.map((m) => feishuTexts(m.card).title);
    // Nobody buzzed, nothing waiting to buzz, no private 加急 copy sent or stored.
    expect(bot.api.urgent).toEqual([]);
    expect(bot.core.db.select().from(urgentPushes).all()).toEqual([]);
    expect(sent.filter((m) => !m.chatId.startsWith('oc_')).map((m) => [m.chatId, feishuTexts(m.card).title])).toEqual([]);
    expect(titles.filter((t) => t.includes('加急'))).toEqual([]);
    // It did escalate, and the meeting was called and reminded: the code that alerts ran.
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ isDrill: true, level: 'red' });
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'level_changed')).all()).toHaveLength(1);
    // The orange cards, turned red in place, and the new red ones (their titles as last updated).
    expect(titles.filter((t) => t === '【演练】红色预警 · YQ-20261121-001')).toHaveLength(4);
    expect(titles.some((t) => t.startsWith('【演练】即将开始 · 应急会议'))).toBe(true);
    expect(bot.core.db.select().from(meetings).all()).toHaveLength(1);
    // No broadcast group got its summary card or any notice, and none is stored to send later.
    const broadcastChats = [FEISHU_CHATS.all, ...[0, 1, 2, 3, 4].map((i) => `oc_b${i}`)];
    for (const chat of broadcastChats) expect(bot.api.inChat(chat), chat).toEqual([]);
    expect(
      bot.core.db
        .select()
        .from(botMessages)
        .all()
        .filter((m) => broadcastChats.includes(m.chatId) || m.chatId === 'all-hands' || m.chatId.startsWith('user:')),
    ).toEqual([]);
    // And whatever did go out says 【演练】, updates included.
    expect(sent.length).toBeGreaterThan(5);
    for (const m of sent) for (const card of [m.card, ...m.updates]) expect(JSON.stringify(card), feishuTexts(card).title).toContain('【演练】');
  }, 60_000);

  it('a scenario that allows broadcast reaches the broadcast group, still marked and never urgent; 结案 and a second start are refused', async () => {
    const bot = startBot({ overrides: { playbook: { value: withScenario({ broadcast: true }) } } });
    await bot.say('zhao-zong', '演练');
    expect(await bot.lastBotText()).toContain('chem-leak：网传化工厂泄漏（红色演练）（红色预警，3 条情景，1 小时 30 分钟）');
    await bot.say('zheng-jiance', '演练 chem-leak');
    expect(await bot.lastBotText()).toContain('开始或结束演练需要以下角色之一');
    await bot.say('zhao-zong', '演练 chem-leak');
    await bot.say('zhao-zong', '演练 chem-leak');
    expect(await bot.lastBotText()).toContain('正在进行');
    const broadcast = (await bot.messages('all-hands')).filter((m) => m.author === 'bot');
    expect(broadcast).toHaveLength(1);
    expect(broadcast[0]!.card).toMatchObject({ title: '【演练】红色预警 · YQ-20261121-001' });
    expect(bot.core.db.select().from(urgentPushes).all()).toEqual([]);
    await bot.say('zhao-zong', '结案');
    expect(await bot.lastBotText()).toContain('是按剧本进行的演练：请发送「演练 结束 YQ-20261121-001」');
    bot.clock.advance(6 * MIN);
    await bot.clockLoop.tick(); // the first inject
    bot.clock.advance(14 * MIN);
    await bot.say('zhao-zong', '演练 结束');
    expect(await bot.lastBotText()).toMatch(/演练 YQ-20261121-001 已结束，得分 \d+/);
    expect(bot.core.db.select().from(drills).get()).toMatchObject({ endedAt: bot.clock.now() });
    // The evaluation (000 6.3) exports as a Word document marked 演练, with its score.
    const doc = await bot.request('zhao-zong', '/workspace/api/incidents/YQ-20261121-001/review.docx');
    expect(doc.headers.get('content-type')).toBe(DOCX_MIME);
    const paragraphs = docxParagraphs(new Uint8Array(await doc.arrayBuffer())).filter(Boolean);
    expect(paragraphs.slice(0, 2)).toEqual(['演练', '关于“网传某化工厂发生泄漏，附近居民撤离”演练的评估报告']);
    expect(paragraphs).toContain('二、演练得分');
    expect(paragraphs.find((p) => p.startsWith('得分 '))).toMatch(/^得分 \d+（共 \d+ 项：按时 \d+、迟 \d+、未完成 \d+），按预案时限逐项评定。$/);
    // The end job that was planned finds it ended; the injects after it do nothing.
    bot.clock.advance(2 * 60 * MIN);
    await bot.clockLoop.tick();
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'drill_ended')).all()).toHaveLength(1);
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'drill_inject')).all()).toHaveLength(1);
  });

  it('an ad hoc 预警 … 演练 is contained too: no broadcast group, not urgent, reminders say 【演练】', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 红 某地网传化工厂泄漏 演练');
    expect((await bot.messages('all-hands')).filter((m) => m.author === 'bot')).toEqual([]);
    const card = await bot.card('红色预警 · YQ-20261121-001');
    expect(card.card.title).toBe('【演练】红色预警 · YQ-20261121-001');
    expect(bot.core.db.select().from(urgentPushes).all()).toEqual([]);
    bot.clock.advance(15 * MIN);
    await bot.clockLoop.tick();
    const reminder = await bot.card('时限提醒');
    expect(reminder.card.title).toBe('【演练】⏰ 时限提醒 · YQ-20261121-001');
    expect(reminder.text).toContain('【演练】本条为演练消息，不是真实舆情。');
    // A real lead with no number never lands in the drill.
    await bot.say('zheng-jiance', '上报 https://weibo.com/real 真实线索');
    expect(
      bot.core.db
        .select()
        .from(leads)
        .all()
        .find((l) => l.link === 'https://weibo.com/real')!.incidentId,
    ).toBeNull();
  });
});
