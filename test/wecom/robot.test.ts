// WeCom's intelligent robot end to end, over both transports: the long connection of WeCom's own
// SDK against a fake server speaking its frames, and the HTTP callback with encrypted JSON.
// Commands typed in a WeCom group come back into that group; a click on a card is answered within
// the 5 s with the card as it is now.
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wecomBotConfigFrom } from '../../adapters/wecom/bot-config';
import { loadYamlFile } from '../../src/config/load-yaml';
import { EnvError } from '../../src/config/env';
import { organisationSchema } from '../../src/core/org/schema';
import { botMessages, inbox, incidents, outbox, tasks } from '../../src/db/schema';
import { FakeWecomApi } from '../fakes/wecom-api';
import { FakeRobotServer } from '../fakes/wecom-robot-ws';
import { startBot, type TestBot } from '../helpers/runtime';

const TOKEN = 'robot-token';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length > 0) stops.pop()!();
});

function organisation() {
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  for (const m of org.members) m.ids.wecom = m.key;
  org.groups.push(
    // The intelligent robot is in this one; the other is reached only through its group robot.
    { key: 'wc-command', name: '企业微信应急指挥群', platform: 'wecom', chatId: 'wrk-command', purpose: 'command' },
    { key: 'wc-all', name: '企业微信全员群', platform: 'wecom', chatId: 'wrk-all', purpose: 'broadcast', extra: { webhookKey: 'robot-all' } },
  );
  return org;
}

async function startWithLongConnection(): Promise<TestBot & { robot: FakeRobotServer; api: FakeWecomApi }> {
  const robot = await new FakeRobotServer().start();
  const api = await new FakeWecomApi().start();
  stops.push(() => robot.stop(), () => api.stop());
  const bot = startBot({
    overrides: {
      organisation: { value: organisation() },
      platforms: { wecom: { bot: { mode: 'ws', botId: robot.botId, secret: robot.secret, wsUrl: robot.url, apiBase: api.url } } },
    },
  });
  await bot.start();
  await robot.authenticatedOnce();
  return Object.assign(bot, { robot, api });
}

const groupText = (from: string, content: string, msgid = randomBytes(6).toString('hex'), extra: Record<string, unknown> = {}) => ({
  msgid,
  aibotid: 'aib-fake-bot',
  chatid: 'wrk-command',
  chattype: 'group',
  from: { userid: from },
  msgtype: 'text',
  text: { content },
  ...extra,
});

const groupClick = (from: string, key: string, taskId: string, msgid = randomBytes(6).toString('hex')) => ({
  msgid,
  create_time: Math.floor(Date.now() / 1000),
  aibotid: 'aib-fake-bot',
  chatid: 'wrk-command',
  chattype: 'group',
  from: { userid: from },
  msgtype: 'event',
  event: { eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: key, task_id: taskId } },
});

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
  await vi.waitFor(() => expect(bot.core.db.select().from(botMessages).all().some((m) => m.platformRef === taskId)).toBe(true));
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
    expect(bot.core.db.select().from(tasks).all().filter((t) => t.status === 'claimed').map((t) => t.id)).toEqual([2]);

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
    robot.pushEvent({ msgid: 'enter-1', create_time: 1, aibotid: robot.botId, chattype: 'single', from: { userid: 'feng-bangong' }, msgtype: 'event', event: { eventtype: 'enter_chat' } });
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
    expect(bot.core.db.select().from(tasks).all().find((t) => t.id === 1)?.status).toBe('claimed');
  });

  it('a click in the SDK\'s flat shape works; a redelivered click changes nothing; a click on a card we no longer know still acts and says where the state is', async () => {
    const bot = await startWithLongConnection();
    const { robot } = bot;
    const card = await warnInGroup(bot);
    const flat = { ...groupClick('li-wangxin', 'claim:T3', card.task_id, 'evt-flat-1'), event: { eventtype: 'template_card_event', event_key: 'claim:T3', task_id: card.task_id } };
    robot.pushEvent(flat);
    robot.pushEvent(flat);
    await robot.until(() => robot.updates.length === 1);
    robot.pushEvent(groupClick('li-wangxin', 'claim:T4', 'fenghuo-999-unknown'));
    await robot.until(() => robot.updates.length === 2);
    expect(robot.updates[0]!.body.template_card.sub_title_text).toMatch(/T3.*李网信/);
    expect(robot.updates[1]!.body).toMatchObject({ userids: ['li-wangxin'], template_card: { main_title: { title: '已认领 T4' } } });
    expect(robot.updates[1]!.body.template_card.sub_title_text).toContain('这张卡片已过期');
    expect(bot.core.db.select().from(tasks).all().filter((t) => t.status === 'claimed').map((t) => t.id)).toEqual([3, 4]);
  });

  it('while the long connection is down a message waits (not a failed attempt) and goes once it is back', async () => {
    const bot = await startWithLongConnection();
    bot.robot.dropClients();
    await vi.waitFor(() => expect(bot.platforms.wecom!.connected()).toBe(false));
    await bot.say('zheng-jiance', '预警 黄 某论坛出现不实帖子');
    await bot.drain.drain();
    const waiting = bot.core.db.select().from(outbox).all().find((r) => r.chatId === 'wrk-command')!;
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(waiting.lastError).toContain('长连接未连接');
    // The SDK reconnects by itself (1 s back-off); the row goes at its next turn.
    await vi.waitFor(() => expect(bot.platforms.wecom!.connected()).toBe(true), { timeout: 5000 });
    bot.clock.advance(10_000);
    await bot.drain.drain();
    await bot.robot.until(() => bot.robot.to('wrk-command').length === 1);
  });

  it('an orange warning from the console reaches the robot\'s group as a card and a robot-only group as markdown', async () => {
    const bot = await startWithLongConnection();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.drain.drain();
    await bot.robot.until(() => bot.robot.to('wrk-command').length === 1);
    expect(bot.robot.to('wrk-command')[0].template_card.main_title.title).toBe('橙色预警 · YQ-20261121-001');
    const [markdown] = bot.api.robot.get('robot-all')!;
    expect(markdown.markdown.content).toMatch(/^## <font color="warning">橙色预警/);
  });
});

/** Seals and signs a robot callback like WeCom does (JSON body, receive id ""), and posts it. */
async function robotCallback(bot: TestBot, payload: unknown, opts: { receiveId?: string; signature?: string; raw?: string } = {}) {
  const encrypted = encrypt(AES_KEY, JSON.stringify(payload), opts.receiveId ?? '');
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  const signature = opts.signature ?? getSignature(TOKEN, timestamp, nonce, encrypted);
  const res = await bot.app.request(`/webhook/wecom/bot?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: opts.raw ?? JSON.stringify({ encrypt: encrypted }),
  });
  return { status: res.status, text: await res.text() };
}

async function startWithCallback(): Promise<TestBot & { api: FakeWecomApi }> {
  const api = await new FakeWecomApi().start();
  stops.push(() => api.stop());
  const bot = startBot({
    overrides: { organisation: { value: organisation() }, platforms: { wecom: { bot: { mode: 'callback', token: TOKEN, encodingAESKey: AES_KEY, apiBase: api.url } } } },
  });
  return Object.assign(bot, { api });
}

describe('WeCom intelligent robot over its HTTP callback', () => {
  it('answers the URL check; a group command is answered through its response_url; a click gets the card back sealed', async () => {
    const bot = await startWithCallback();
    const echostr = encrypt(AES_KEY, '5927311842', '');
    const res = await bot.app.request(`/webhook/wecom/bot?msg_signature=${getSignature(TOKEN, '1', '2', echostr)}&timestamp=1&nonce=2&echostr=${encodeURIComponent(echostr)}`);
    expect([res.status, await res.text()]).toEqual([200, '5927311842']);

    const reply = bot.api.responseUrl();
    expect(await robotCallback(bot, groupText('zheng-jiance', '@烽火 预警 橙 某地网传停水三天', 'm1', { response_url: reply.url }))).toEqual({ status: 200, text: '' });
    await bot.drain.drain();
    const card = bot.api.responses.get(reply.code);
    expect(card.msgtype).toBe('template_card');
    expect(card.template_card.main_title.title).toBe('橙色预警 · YQ-20261121-001');

    const answer = await robotCallback(bot, groupClick('li-wangxin', 'claim:T1', card.template_card.task_id));
    expect(answer.status).toBe(200);
    const envelope = JSON.parse(answer.text);
    expect(getSignature(TOKEN, envelope.timestamp, envelope.nonce, envelope.encrypt)).toBe(envelope.msgsignature);
    const opened = decrypt(AES_KEY, envelope.encrypt);
    expect(opened.id).toBe('');
    const update = JSON.parse(opened.message);
    expect(update.response_type).toBe('update_template_card');
    expect(update.template_card.sub_title_text).toMatch(/T1.*李网信/);

    // No one has @mentioned the robot since its one reply: a broadcast to that group cannot go,
    // and says why (a dead letter names the fix) instead of waiting forever.
    await bot.say('zheng-jiance', '进展 已联系当事人核实');
    await bot.drain.drain();
    expect(bot.api.responses.size).toBe(1);
    const dead = bot.core.db.select().from(outbox).all().filter((r) => r.chatId === 'wrk-command' && r.status === 'dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.lastError).toContain('WECOM_BOT_MODE=ws');
  });

  it('two people @ the robot at once: each reply goes through its own response_url; a private chat is answered there', async () => {
    const bot = await startWithCallback();
    const [a, b, c] = [bot.api.responseUrl(), bot.api.responseUrl(), bot.api.responseUrl()];
    await robotCallback(bot, groupText('zheng-jiance', '@烽火 值班', 'm-a', { response_url: a.url }));
    await robotCallback(bot, groupText('li-wangxin', '@烽火 列表', 'm-b', { response_url: b.url }));
    await robotCallback(bot, { msgid: 'm-c', aibotid: 'aib-fake-bot', chattype: 'single', from: { userid: 'feng-bangong' }, msgtype: 'text', text: { content: '帮助' }, response_url: c.url });
    await bot.drain.drain();
    expect([a, b, c].map((u) => bot.api.responses.has(u.code))).toEqual([true, true, true]);
    expect(bot.api.responses.get(c.code).markdown.content).toContain('帮助');
    expect(bot.core.db.select().from(outbox).all().filter((r) => r.status !== 'sent')).toEqual([]);
  });

  it('a response_url whose call never reached WeCom is kept for the retry', async () => {
    const { ResponseUrls } = await import('../../adapters/wecom/bot-transport');
    const api = await new FakeWecomApi().start();
    stops.push(() => api.stop());
    const urls = new ResponseUrls();
    const good = api.responseUrl();
    urls.remember('wrk-command', 'http://127.0.0.1:9/unreachable');
    urls.remember('wrk-command', good.url);
    const body = { msgtype: 'markdown' as const, markdown: { content: 'x' } };
    await expect(urls.send('wrk-command', 'wrk-command', body)).rejects.toThrow();
    await expect(urls.send('wrk-command', 'wrk-command', body)).rejects.toThrow(); // the same url again, not the next one
    expect(api.responses.size).toBe(0);
    // WeCom refusing a url (an errcode answer) spends it.
    const spent = api.responseUrl();
    const urls2 = new ResponseUrls();
    urls2.remember('g', `${spent.url}x`);
    urls2.remember('g', good.url);
    await expect(urls2.send('g', 'g', body)).rejects.toThrow(/企业微信返回 40099/);
    expect(await urls2.send('g', 'g', body)).toBe(true);
    expect(await urls2.send('g', 'g', body)).toBe(false);
  });

  it('bad signature, a body sealed for another receive id, and malformed JSON → 4xx and nothing stored', async () => {
    const bot = await startWithCallback();
    expect((await robotCallback(bot, groupText('zheng-jiance', '@烽火 预警 红 伪造'), { signature: 'a'.repeat(40) })).status).toBe(401);
    expect((await robotCallback(bot, groupText('zheng-jiance', '@烽火 预警 红 伪造'), { receiveId: 'ww_some_corp' })).status).toBe(401);
    expect((await robotCallback(bot, {}, { raw: 'not json' })).status).toBe(400);
    expect((await robotCallback(bot, { msgid: 'x', msgtype: 'text' })).status).toBe(400);
    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
  });
});

describe('WECOM_BOT_* variables', () => {
  it('none set: off; the mode follows the credentials given; half-set names what is missing', () => {
    expect(wecomBotConfigFrom({})).toBeUndefined();
    expect(wecomBotConfigFrom({ WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's' })).toEqual({ mode: 'ws', botId: 'b', secret: 's', wsUrl: undefined, apiBase: 'https://qyapi.weixin.qq.com' });
    expect(wecomBotConfigFrom({ WECOM_BOT_TOKEN: 't', WECOM_BOT_AES_KEY: AES_KEY })).toMatchObject({ mode: 'callback', token: 't' });
    expect(() => wecomBotConfigFrom({ WECOM_BOT_ID: 'b' })).toThrow(/缺少 WECOM_BOT_SECRET/);
    expect(() => wecomBotConfigFrom({ WECOM_BOT_MODE: 'callback', WECOM_BOT_TOKEN: 't' })).toThrow(/缺少 WECOM_BOT_AES_KEY/);
    expect(() => wecomBotConfigFrom({ WECOM_BOT_MODE: 'http' })).toThrow(EnvError);
    expect(() => wecomBotConfigFrom({ WECOM_BOT_TOKEN: 't', WECOM_BOT_AES_KEY: 'short' })).toThrow(/43 个字符/);
  });
});
