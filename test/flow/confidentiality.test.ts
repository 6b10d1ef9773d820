// Confidentiality (000 7.3, issue 13): a guest reports and reads only what they reported; the
// broadcast group gets a summary without tasks, deadlines or buttons; a department's task is its
// own members' to claim (转交 across departments is recorded); answers that concern only the sender
// are shown to them alone — Feishu's 仅特定人可见 card in a group, a private line in the console.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { playbookSchema } from '../../src/core/playbook/schema';
import { loadYamlFile } from '../../src/config/load-yaml';
import { leads, members, tasks, timeline } from '../../src/db/schema';
import { cardActionEvent, groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN, type FeishuTestBot } from '../fakes/feishu-bot';
import { buttonsOf, startBot } from '../helpers/runtime';

const say = (bot: FeishuTestBot, from: string, text: string, chatId: string = FEISHU_CHATS.command) =>
  bot.post(groupTextEvent({ token: VERIFICATION_TOKEN, chatId, senderOpenId: from, botOpenId: bot.api.botOpenId, text }));

describe('confidentiality', () => {
  it('a guest reports a lead and reads back only what they reported: no incident, task, release, timeline or roster', async () => {
    const bot = await startFeishuBot();
    bot.api.addMembers(FEISHU_CHATS.command, ['ou_stranger']);
    await say(bot, 'ou_zheng-jiance', '预警 橙 某地网传停水三天 https://weibo.com/123');
    await say(bot, 'ou_wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修。');
    await bot.deliverAll();
    const before = bot.api.messages.length;

    for (const text of ['上报 https://weibo.com/456 又有人转发停水的帖子', '状态', '状态 YQ-20261121-001', '列表', '列表 全部', '时限', '值班', '会议'])
      await say(bot, 'ou_stranger', text);
    await bot.deliverAll();
    const toGuest = bot.api.ephemeral.filter((e) => e.openId === 'ou_stranger').map((e) => JSON.stringify(e.card));
    expect(toGuest).toHaveLength(8);
    // What they reported, back to them…
    expect(toGuest[0]).toContain('已记录线索 L2，已转交指挥中心');
    expect(toGuest[1]).toContain('我上报的线索');
    expect(toGuest[1]).toContain('又有人转发停水的帖子');
    // …and nothing else: not the incident, its tasks, the release, the timeline, the roster.
    for (const card of toGuest) expect(card).not.toMatch(/YQ-20261121|停水三天|T1|A1|管道检修|郑监测|赵总|王小宣/);
    expect(toGuest.slice(5).join()).toContain('只能「上报」线索');
    // The group itself saw none of the answers; the lead went into the incident for those who may see it.
    expect(bot.api.messages.slice(before)).toEqual([]);
    expect(bot.core.db.select().from(leads).where(eq(leads.id, 2)).get()).toMatchObject({ incidentId: 1, summary: '又有人转发停水的帖子' });
  });

  it('a guest learns no task owner, approver or incident number from a refusal: only 帮助, 上报, 状态, 列表, 我是谁 and 登录 are theirs', async () => {
    const bot = await startFeishuBot();
    bot.api.addMembers(FEISHU_CHATS.command, ['ou_stranger']);
    await say(bot, 'ou_zheng-jiance', '预警 橙 某地网传停水三天');
    await say(bot, 'ou_zheng-jiance', '预警 黄 某论坛出现不实帖子');
    await say(bot, 'ou_wang-xiaoxuan', '认领 T1');
    await say(bot, 'ou_wang-xiaoxuan', '发布 YQ-20261121-001 关于网传停水的情况说明：系管道检修。');
    await bot.deliverAll();
    const before = bot.api.ephemeral.length;
    const tries = ['完成 T1 好了', '转交 T1 王小宣', '同意 A1', '驳回 A1 不行', '结案', '平息', '换班 郑监测 王小宣'];
    for (const text of tries) await say(bot, 'ou_stranger', text);
    await bot.deliverAll();
    const answers = bot.api.ephemeral.slice(before).map((e) => JSON.stringify(e.card));
    expect(answers).toHaveLength(tries.length);
    for (const answer of answers) {
      expect(answer).toContain('你还没有登记在组织名册里');
      expect(answer).not.toMatch(/YQ-20261121|王小宣负责|孙宣传|宣传负责人审核|郑监测、王小宣本人/);
    }
    // A tapped button says no more.
    const releaseCard = bot.api.messages.find((m) => JSON.stringify(m.card).includes('"value":"A1"'))!;
    const tap = await bot.post(
      cardActionEvent({
        token: VERIFICATION_TOKEN,
        operatorOpenId: 'ou_stranger',
        messageId: releaseCard.messageId,
        chatId: releaseCard.chatId,
        value: { action: 'approve', value: 'A1' },
      }),
    );
    expect(tap.body.toast.content).toBe('未登记成员，请联系管理员');
  });

  it('the broadcast group gets a summary card: the level, what to do, who to contact — no tasks, deadlines, buttons or @', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 红 某地网传停水三天');
    const [summary, ...more] = (await bot.messages('all-hands')).filter((m) => m.author === 'bot');
    expect(more).toEqual([]);
    expect(summary!.card).toMatchObject({ title: '红色预警 · YQ-20261121-001', level: 'red' });
    expect(buttonsOf(summary!)).toEqual([]);
    expect(summary!.card.mentions ?? []).toEqual([]);
    expect(summary!.text).toContain('请大家：请勿在个人账号转发、评论相关信息，一律不接受媒体采访');
    expect(summary!.text).toContain('联系人：值班 赵总、王小宣');
    expect(summary!.text).not.toMatch(/T\d|认领|电话报告|书面报告|时限：/);
    // A claim changes the internal cards, not the summary.
    await bot.say('sun-xuanchuan', '认领 T1');
    expect((await bot.messages('all-hands')).filter((m) => m.author === 'bot')[0]!.text).toBe(summary!.text);
  });

  it('a warning typed in the broadcast group leaves it the summary only: its deadlines, 续报 and meeting reminders go to the command centre', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天', 'all-hands');
    for (let i = 0; i < 8; i++) {
      bot.clock.advance(10 * 60_000);
      await bot.clockLoop.tick();
    }
    const there = (await bot.messages('all-hands', 'zhao-zong')).filter((m) => m.author === 'bot');
    expect(there.map((m) => m.card.title)).toEqual(['橙色预警 · YQ-20261121-001']);
    // They were not lost: the command centre had them.
    const titles = (await bot.messages('command', 'zhao-zong')).filter((m) => m.author === 'bot').map((m) => m.card.title);
    expect(titles).toContain('⏰ 时限提醒 · YQ-20261121-001');
    expect(titles).toContain('即将开始 · 应急会议 · YQ-20261121-001');
  });

  it("a department's task is claimed by that department; a lead hands it across, and the timeline says so", async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    const card = await bot.card('橙色预警 · YQ-20261121-001');
    // T1 is 宣传部's: 李网信 of 网信部 may not claim it, by command or by button.
    await bot.say('li-wangxin', '认领 T1');
    expect(await bot.lastBotText()).toContain('T1 是宣传部的任务，由宣传部的成员认领（你在网信部）');
    expect((await bot.tap('li-wangxin', card.id, 'claim', 'T1')).body).toMatchObject({ outcome: 'refused', toast: '只限宣传部认领' });
    // Nor may its owner hand it to another department…
    await bot.say('wang-xiaoxuan', '认领 T1');
    await bot.say('wang-xiaoxuan', '转交 T1 李网信');
    expect(await bot.lastBotText()).toContain('跨部门转交请部门负责人、副总指挥、总指挥操作');
    // …but a lead may, and it is on the record.
    await bot.say('sun-xuanchuan', '转交 T1 李网信');
    const liWangxin = bot.core.db.select().from(members).where(eq(members.name, '李网信')).get()!;
    expect(bot.core.db.select().from(tasks).where(eq(tasks.id, 1)).get()!.ownerId).toBe(liWangxin.id);
    const handoff = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'task_handoff')).get()!;
    expect(handoff.text).toBe('孙宣传 把 T1「起草回应口径」转交给 李网信（跨部门：宣传部 → 网信部）');
    expect(handoff.data).toMatchObject({ crossDepartment: true, taskDepartment: 'publicity', toDepartment: 'cyber' });
  });

  it('the playbook may let anyone claim any task (tasks.claimScope: anyone)', async () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const bot = startBot({ overrides: { playbook: { value: { ...playbook, tasks: { claimScope: 'anyone' } } } } });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('li-wangxin', '认领 T1');
    expect(await bot.lastBotText()).toContain('李网信 已认领 T1');
  });

  it('a mistake or refusal is shown to the sender alone: a 仅特定人可见 card on Feishu, a private line in the console', async () => {
    const bot = await startFeishuBot();
    await say(bot, 'ou_wang-xiaoxuan', '预警 红 有人说我们不好');
    await say(bot, 'ou_wang-xiaoxuan', '认零 T1');
    await bot.deliverAll();
    expect(bot.api.messages.filter((m) => m.chatId === FEISHU_CHATS.command)).toEqual([]);
    const hers = bot.api.ephemeral.filter((e) => e.chatId === FEISHU_CHATS.command && e.openId === 'ou_wang-xiaoxuan').map((e) => JSON.stringify(e.card));
    expect(hers).toHaveLength(2);
    expect(hers[0]).toContain('发布预警需要以下角色之一');
    expect(hers[1]).toContain('你是不是想输入「认领」');

    // Where Feishu cannot show a card to one person (a 话题 group), it comes to her privately.
    bot.api.topicChats.add(FEISHU_CHATS.cyber);
    await say(bot, 'ou_wang-xiaoxuan', '认领 T99', FEISHU_CHATS.cyber);
    await bot.deliverAll();
    expect(bot.api.inChat(FEISHU_CHATS.cyber)).toEqual([]);
    expect(JSON.stringify(bot.api.inChat('ou_wang-xiaoxuan').map((m) => m.card))).toContain('没有任务 T99');

    const web = startBot();
    await web.say('wang-xiaoxuan', '预警 红 有人说我们不好');
    expect(await web.lastBotText('command', 'wang-xiaoxuan')).toContain('发布预警需要以下角色之一');
    expect((await web.messages('command', 'zhao-zong')).filter((m) => m.author === 'bot')).toEqual([]);
  });
});
