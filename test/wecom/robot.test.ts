// WeCom's intelligent robot end to end over its long connection: WeCom's own SDK against a fake
// server speaking its frames (the HTTP callback transport: robot-callback.test.ts). Commands typed
// in a WeCom group come back into that group; a click on a card is answered within the 5 s with
// the card as it is now.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wecomBotConfigFrom } from '../../adapters/wecom/bot-config';
import { EnvError } from '../../src/config/env';
import { botMessages, incidents, outbox, tasks } from '../../src/db/schema';
import { FakeWecomApi } from '../fakes/wecom-api';
import { FakeRobotServer } from '../fakes/wecom-robot-ws';
import { startBot, type TestBot } from '../helpers/runtime';
import { AES_KEY, groupClick, groupText, organisation } from './robot-fixtures';
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length > 0) stops.pop()!();
});

async function startWithLongConnection(commandExtra?: Record<string, string>): Promise<TestBot & { robot: FakeRobotServer; api: FakeWecomApi }> {
  const robot = await new FakeRobotServer().start();
  const api = await new FakeWecomApi().start();
  stops.push(
    () => robot.stop(),
    () => api.stop(),
  );
  const bot = startBot({
    overrides: {
      organisation: { value: organisation(commandExtra) },
      platforms: { wecom: { bot: { mode: 'ws', botId: robot.botId, secret: robot.secret, wsUrl: robot.url, apiBase: api.url } } },
    },
  });
  await bot.start();
  await robot.authenticatedOnce();
  return Object.assign(bot, { robot, api });
}

/** 郑监测 raises an orange warning in the robot's group; returns its card once our side has recorded the delivery. */
async function warnInGroup(bot: TestBot & { robot: FakeRobotServer }): Promise<any> {
  const { robot } = bot;
  robot.pushMessage(groupText('zheng-jiance', '@烽火 预警 橙 某地网传停水三天'));
  await robot.until(() => robot.to('wrk-command').some((m) => m.msgtype === 'template_card'));
  const card = robot.to('wrk-command').find((m) => m.msgtype === 'template_card')!.template_card;
  await delivered(bot, card.task_id);
  return card;
}

/** The fake has the card; wait until our side has read the acknowledgement and recorded it. */
async function delivered(bot: TestBot, taskId: string): Promise<void> {
  await vi.waitFor(() =>
    expect(
      bot.core.db
        .select()
        .from(botMessages)
        .all()
        .some((m) => m.platformRef === taskId),
    ).toBe(true),
  );
}

describe('WeCom intelligent robot over its long connection', () => {
  it('a warning typed in a WeCom group comes back there as a card; 认领 on it updates the card at once', async () => {
    const bot = await startWithLongConnection();
    const { robot } = bot;
    const card = await warnInGroup(bot);
    expect(card.card_type).toBe('button_interaction');
    expect(card.main_title.title).toBe('橙色预警 · YQ-20261121-001');
    expect(card.button_list.map((b: any) => b.key)).toEqual(['claim:T1', 'claim:T2', 'claim:T3', 'claim:T4', 'refresh']);
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ originPlatform: 'wecom', originChatId: 'wrk-command' });

    // 李网信 taps 认领 T2: the card is replaced for everyone, showing who claimed it.
    robot.pushEvent(groupClick('li-wangxin', 'claim:T2', card.task_id));
    await robot.until(() => robot.updates.length === 1);
    const [update] = robot.updates;
    expect(update!.body.response_type).toBe('update_template_card');
    expect(update!.body.userids).toBeUndefined();
    expect(update!.body.template_card.task_id).toBe(card.task_id);
    expect(update!.body.template_card.sub_title_text).toMatch(/T2.*李网信/);
    expect(
      bot.core.db
        .select()
        .from(tasks)
        .all()
        .filter((t) => t.status === 'claimed')
        .map((t) => t.id),
    ).toEqual([2]);

    // 郑监测 taps the same button late: only he sees why nothing happened.
    robot.pushEvent(groupClick('zheng-jiance', 'claim:T2', card.task_id));
    await robot.until(() => robot.updates.length === 2);
    expect(robot.updates[1]!.body.userids).toEqual(['zheng-jiance']);
    expect(robot.updates[1]!.body.template_card.sub_title_text).toContain('未执行：已由李网信认领');

    // 刷新状态 shows the card as it is now, to everyone.
    robot.pushEvent(groupClick('wu-yewu', 'refresh', card.task_id));
    await robot.until(() => robot.updates.length === 3);
    expect(robot.updates[2]!.body.template_card.sub_title_text).toContain('已刷新为最新状态');

    // Opening the robot's private chat is answered with a welcome that says how to start.
    robot.pushEvent({
      msgid: 'enter-1',
      create_time: 1,
      aibotid: robot.botId,
      chattype: 'single',
      from: { userid: 'feng-bangong' },
      msgtype: 'event',
      event: { eventtype: 'enter_chat' },
    });
    await robot.until(() => robot.updates.length === 4);
    expect(robot.updates[3]).toMatchObject({ cmd: 'aibot_respond_welcome_msg', body: { msgtype: 'text' } });
    expect(robot.updates[3]!.body.text.content).toContain('发送「帮助」');
  });

  it('a command answers in the group it came from; a redelivered frame has no second effect', async () => {
    const bot = await startWithLongConnection();
    const { robot } = bot;
    const frame = groupText('zheng-jiance', '@烽火 预警 黄 某论坛出现不实帖子', 'msg-dup-1');
    robot.pushMessage(frame);
    robot.pushMessage(frame);
    robot.pushMessage(groupText('li-wangxin', '@烽火 认领T1'));
    robot.pushMessage(groupText('li-wangxin', '@烽火 认岭 T2'));
    await robot.until(() => robot.to('wrk-command').length >= 3);
    await bot.drain.drain();
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
    const texts: string[] = robot.to('wrk-command').map((m) => String(m.markdown?.content ?? m.template_card?.main_title.title));
    expect(texts.filter((t) => t.includes('李网信 已认领 T1'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('你是不是想输入「认领」'))).toHaveLength(1);
    expect(
      bot.core.db
        .select()
        .from(tasks)
        .all()
        .find((t) => t.id === 1)?.status,
    ).toBe('claimed');
  });

  it("a click in the SDK's flat shape works; a redelivered click changes nothing; a click on a card we no longer know still acts and says where the state is", async () => {
    const bot = await startWithLongConnection();
    const { robot } = bot;
    const card = await warnInGroup(bot);
    // T3 is 法务部's, T4 业务部's: each claimed by its own lead.
    const flat = {
      ...groupClick('zhou-fawu', 'claim:T3', card.task_id, 'evt-flat-1'),
      event: { eventtype: 'template_card_event', event_key: 'claim:T3', task_id: card.task_id },
    };
    robot.pushEvent(flat);
    robot.pushEvent(flat);
    await robot.until(() => robot.updates.length === 1);
    robot.pushEvent(groupClick('wu-yewu', 'claim:T4', 'fenghuo-999-unknown'));
    await robot.until(() => robot.updates.length === 2);
    expect(robot.updates[0]!.body.template_card.sub_title_text).toMatch(/T3.*周法务/);
    expect(robot.updates[1]!.body).toMatchObject({ userids: ['wu-yewu'], template_card: { main_title: { title: '已认领 T4' } } });
    expect(robot.updates[1]!.body.template_card.sub_title_text).toContain('这张卡片已过期');
    expect(
      bot.core.db
        .select()
        .from(tasks)
        .all()
        .filter((t) => t.status === 'claimed')
        .map((t) => t.id),
    ).toEqual([3, 4]);
  });

  it('while the long connection is down a message waits (not a failed attempt) and goes once it is back', async () => {
    const bot = await startWithLongConnection();
    bot.robot.dropClients();
    await vi.waitFor(() => expect(bot.platforms.wecom!.connected()).toBe(false));
    await bot.say('zheng-jiance', '预警 黄 某论坛出现不实帖子');
    await bot.drain.drain();
    const waiting = bot.core.db
      .select()
      .from(outbox)
      .all()
      .find((r) => r.chatId === 'wrk-command')!;
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(waiting.lastError).toContain('长连接未连接');
    // The SDK reconnects by itself (1 s back-off); the row goes at its next turn.
    await vi.waitFor(() => expect(bot.platforms.wecom!.connected()).toBe(true), { timeout: 5000 });
    bot.clock.advance(10_000);
    await bot.drain.drain();
    await bot.robot.until(() => bot.robot.to('wrk-command').length === 1);
  });

  it("replies in the robot's group are markdown_v2: no <font>, no <@userid>; names stay readable", async () => {
    const bot = await startWithLongConnection();
    const { robot } = bot;
    await warnInGroup(bot);
    robot.pushMessage(groupText('li-wangxin', '@烽火 认领 T2'));
    robot.pushMessage(groupText('li-wangxin', '@烽火 值班'));
    await robot.until(() => robot.to('wrk-command').filter((m) => m.msgtype === 'markdown').length >= 2);
    const markdown = robot
      .to('wrk-command')
      .filter((m) => m.msgtype === 'markdown')
      .map((m) => String(m.markdown.content));
    expect(markdown.some((t) => t.includes('李网信 已认领 T2'))).toBe(true);
    expect(markdown.join('\n')).not.toMatch(/<font|<@/);
    expect(robot.refused).toEqual([]);
  });

  it("mentions in the robot's group go out through its 消息推送 key (mentionKey) as text with mentioned_list, which notifies them", async () => {
    const bot = await startWithLongConnection({ mentionKey: 'robot-command-at' });
    await warnInGroup(bot);
    await vi.waitFor(() => expect(bot.api.robot.get('robot-command-at')).toHaveLength(1));
    const [at] = bot.api.robot.get('robot-command-at')!;
    expect(at.msgtype).toBe('text');
    expect(at.text.content).toContain('橙色预警 · YQ-20261121-001');
    expect(at.text.mentioned_list).toContain('sun-xuanchuan');
    // The card itself carries no mention syntax (a template card has none).
    expect(JSON.stringify(bot.robot.to('wrk-command'))).not.toContain('<@');
    expect(bot.api.refused).toEqual([]);
  });

  it("if WeCom lets the robot post only where someone has talked to it, a warning still reaches its group through the group's mentionKey group robot", async () => {
    const bot = await startWithLongConnection({ mentionKey: 'robot-command-at' });
    bot.robot.onlyChatsSpokenIn = true;
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.drain.drain();
    await vi.waitFor(() => expect(bot.api.robot.get('robot-command-at')).toHaveLength(1));
    const [posted] = bot.api.robot.get('robot-command-at')!;
    expect(posted.msgtype).toBe('markdown');
    expect(posted.markdown.content).toContain('橙色预警 · YQ-20261121-001');
    expect(posted.markdown.content).toContain('<@sun-xuanchuan>');
    expect(bot.robot.to('wrk-command')).toEqual([]);
    expect(
      bot.core.db
        .select()
        .from(outbox)
        .all()
        .filter((r) => r.chatId === 'wrk-command')
        .map((r) => r.status),
    ).toEqual(['sent']);
  });

  it("an orange warning from the console reaches the robot's group as a card and a robot-only group as markdown", async () => {
    const bot = await startWithLongConnection();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.drain.drain();
    await bot.robot.until(() => bot.robot.to('wrk-command').length === 1);
    expect(bot.robot.to('wrk-command')[0].template_card.main_title.title).toBe('橙色预警 · YQ-20261121-001');
    const [markdown] = bot.api.robot.get('robot-all')!;
    expect(markdown.markdown.content).toMatch(/^## <font color="warning">橙色预警/);
  });
});

describe('WECOM_BOT_* variables', () => {
  it('none set: off; the mode follows the credentials given; half-set names what is missing', () => {
    expect(wecomBotConfigFrom({})).toBeUndefined();
    expect(wecomBotConfigFrom({ WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's' })).toEqual({
      mode: 'ws',
      botId: 'b',
      secret: 's',
      wsUrl: undefined,
      apiBase: 'https://qyapi.weixin.qq.com',
    });
    expect(wecomBotConfigFrom({ WECOM_BOT_TOKEN: 't', WECOM_BOT_AES_KEY: AES_KEY })).toMatchObject({ mode: 'callback', token: 't' });
    expect(() => wecomBotConfigFrom({ WECOM_BOT_ID: 'b' })).toThrow(/缺少 WECOM_BOT_SECRET/);
    expect(() => wecomBotConfigFrom({ WECOM_BOT_MODE: 'callback', WECOM_BOT_TOKEN: 't' })).toThrow(/缺少 WECOM_BOT_AES_KEY/);
    expect(() => wecomBotConfigFrom({ WECOM_BOT_MODE: 'http' })).toThrow(EnvError);
    expect(() => wecomBotConfigFrom({ WECOM_BOT_TOKEN: 't', WECOM_BOT_AES_KEY: 'short' })).toThrow(/43 个字符/);
  });
});
