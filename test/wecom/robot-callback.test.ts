// WeCom's intelligent robot over its HTTP callback (WECOM_BOT_MODE=callback), against a fake of
// WeCom's side that signs callbacks, checks the passive replies and serves the one-time
// response_urls by the documents (test/fakes/wecom-robot-callback.ts). In a group the robot can
// only answer, once per response_url, and only with markdown; cards go to single chats.
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseUrls } from '../../adapters/wecom/bot-transport';
import { inbox, incidents, outbox } from '../../src/db/schema';
import { FakeWecomApi } from '../fakes/wecom-api';
import { FakeRobotCallback, type Delivered, type DeliverOptions } from '../fakes/wecom-robot-callback';
import { startBot, type TestBot } from '../helpers/runtime';
import { AES_KEY, TOKEN, groupClick, groupText, organisation, singleText } from './robot-fixtures';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length > 0) stops.pop()!();
});

const DAY_S = 24 * 60 * 60;

type CallbackBot = TestBot & { api: FakeWecomApi; wecom: FakeRobotCallback; deliver(payload: unknown, opts?: DeliverOptions): Promise<Delivered> };

async function startWithCallback(commandExtra?: Record<string, string>): Promise<CallbackBot> {
  const api = await new FakeWecomApi().start();
  const wecom = await new FakeRobotCallback({ token: TOKEN, aesKey: AES_KEY }).start();
  stops.push(
    () => api.stop(),
    () => wecom.stop(),
  );
  const bot = startBot({
    overrides: {
      organisation: { value: organisation(commandExtra) },
      platforms: { wecom: { bot: { mode: 'callback', token: TOKEN, encodingAESKey: AES_KEY, apiBase: api.url } } },
    },
  });
  const request = (path: string, init: RequestInit) => bot.app.request(path, init);
  return Object.assign(bot, { api, wecom, deliver: (payload: unknown, opts?: DeliverOptions) => wecom.deliver(request, payload, opts) });
}

const rows = (bot: TestBot) => bot.core.db.select().from(outbox).all();

/** The callback transport's url keeper on its own, against the fake response_url endpoint. */
async function urlsAgainstFake(): Promise<{ urls: ResponseUrls; wecom: FakeRobotCallback }> {
  const wecom = await new FakeRobotCallback({ token: TOKEN, aesKey: AES_KEY }).start();
  stops.push(() => wecom.stop());
  return { urls: new ResponseUrls(), wecom };
}

/** 郑监测 @mentions the robot in its group with an orange warning; returns what the reply went through. */
async function warnInGroup(bot: CallbackBot): Promise<{ code: string; url: string }> {
  const reply = bot.wecom.responseUrl('group');
  await bot.deliver(groupText('zheng-jiance', '@烽火 预警 橙 某地网传停水三天', 'm1', { response_url: reply.url }));
  await bot.drain.drain();
  return reply;
}

describe('WeCom intelligent robot over its HTTP callback', () => {
  it('answers the URL check; a group warning goes back through its response_url as markdown with the reply commands, never as a card', async () => {
    const bot = await startWithCallback();
    const request = (path: string, init: RequestInit) => bot.app.request(path, init);
    const check = await bot.wecom.urlCheck(request, '5927311842');
    expect([check.status, await check.text()]).toEqual([200, '5927311842']);

    const reply = bot.wecom.responseUrl('group');
    expect(await bot.deliver(groupText('zheng-jiance', '@烽火 预警 橙 某地网传停水三天', 'm1', { response_url: reply.url }))).toMatchObject({
      status: 200,
      reply: undefined,
    });
    await bot.drain.drain();
    const warning = bot.wecom.responses.get(reply.code);
    expect(warning.msgtype).toBe('markdown');
    expect(warning.markdown.content).toContain('橙色预警 · YQ-20261121-001');
    expect(warning.markdown.content).toContain('认领 T1');
    // Nothing was sent that WeCom refuses, so no response_url was spent for nothing.
    expect(bot.wecom.refused).toEqual([]);

    // No one has @mentioned the robot since its one reply: a broadcast to that group cannot go,
    // and says why (a dead letter names the fix) instead of waiting forever.
    await bot.say('zheng-jiance', '进展 已联系当事人核实');
    await bot.drain.drain();
    expect(bot.wecom.responses.size).toBe(1);
    const dead = rows(bot).filter((r) => r.chatId === 'wrk-command' && r.status === 'dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.lastError).toContain('WECOM_BOT_MODE=ws');
  });

  it('with no reply chance left, a group that also has a group robot (mentionKey) gets the message through it', async () => {
    const bot = await startWithCallback({ mentionKey: 'robot-command-at' });
    const reply = await warnInGroup(bot);
    expect(bot.wecom.responses.get(reply.code).msgtype).toBe('markdown');
    // The robot's markdown cannot @ anyone: the group robot does, by mentioned_list.
    expect(bot.api.robot.get('robot-command-at')![0].text.mentioned_list).toContain('sun-xuanchuan');
    await bot.say('zheng-jiance', '进展 已联系当事人核实');
    await bot.drain.drain();
    const posted = bot.api.robot.get('robot-command-at')!;
    expect(posted.at(-1).msgtype).toBe('markdown');
    expect(posted.at(-1).markdown.content).toContain('已联系当事人核实');
    expect(rows(bot).filter((r) => r.chatId === 'wrk-command' && r.status !== 'sent')).toEqual([]);
  });

  it("in the robot's single chat a warning comes as a card; a click on it is answered sealed with the callback URL's own nonce", async () => {
    const bot = await startWithCallback();
    const reply = bot.wecom.responseUrl('single');
    await bot.deliver(singleText('zheng-jiance', '预警 橙 某地网传停水三天', 's1', { response_url: reply.url }));
    await bot.drain.drain();
    const sent = bot.wecom.responses.get(reply.code);
    expect(sent.msgtype).toBe('template_card');
    expect(sent.template_card.button_list.map((b: any) => b.key)).toContain('claim:T1');

    // T2 is 网信部's, 郑监测's department.
    const click = { ...groupClick('zheng-jiance', 'claim:T2', sent.template_card.task_id), chatid: undefined, chattype: 'single' };
    const answer = await bot.deliver(click);
    expect(answer.refusedReply).toBeUndefined();
    expect(answer.reply.response_type).toBe('update_template_card');
    expect(answer.reply.template_card.sub_title_text).toMatch(/T2.*郑监测/);
    expect(bot.wecom.refused).toEqual([]);
  });

  it('two people @ the robot at once: each reply goes through its own response_url; a private chat is answered there', async () => {
    const bot = await startWithCallback();
    const [a, b, c] = [bot.wecom.responseUrl('group'), bot.wecom.responseUrl('group'), bot.wecom.responseUrl('single')];
    await bot.deliver(groupText('zheng-jiance', '@烽火 值班', 'm-a', { response_url: a.url }));
    await bot.deliver(groupText('li-wangxin', '@烽火 列表', 'm-b', { response_url: b.url }));
    await bot.deliver(singleText('feng-bangong', '帮助', 'm-c', { response_url: c.url }));
    await bot.drain.drain();
    expect([a, b, c].map((u) => bot.wecom.responses.has(u.code))).toEqual([true, true, true]);
    expect(bot.wecom.responses.get(c.code).markdown.content).toContain('帮助');
    expect(rows(bot).filter((r) => r.status !== 'sent')).toEqual([]);
    expect(bot.wecom.refused).toEqual([]);
  });

  it('a redelivered message does not bring back its spent response_url: the next reply takes the next one', async () => {
    const bot = await startWithCallback();
    const [first, second] = [bot.wecom.responseUrl('single'), bot.wecom.responseUrl('single')];
    const message = singleText('zheng-jiance', '预警 橙 某地网传停水三天', 'm-again', { response_url: first.url });
    await bot.deliver(message);
    await bot.drain.drain();
    expect(bot.wecom.responses.get(first.code)?.msgtype).toBe('template_card');
    // WeCom delivers the same message again (same msgid, same response_url) …
    expect((await bot.deliver(message)).status).toBe(200);
    // … and the next message's reply goes through that message's own URL at once.
    await bot.deliver(singleText('zheng-jiance', '预警 黄 某论坛出现不实帖子', 'm-next', { response_url: second.url }));
    await bot.drain.drain();
    expect(bot.wecom.responses.get(second.code)?.template_card.main_title.title).toMatch(/^黄色预警/);
    expect(bot.wecom.refused).toEqual([]);
    expect(rows(bot).filter((r) => r.chatId === 'robot:zheng-jiance' && r.status !== 'sent')).toEqual([]);
  });

  it("a card click's own response_url is one more reply into its chat (WWD 101027: the click carries one)", async () => {
    const bot = await startWithCallback();
    await warnInGroup(bot);
    // A click on a card of that group (sent before, e.g. over the long connection) carries a URL.
    const clickUrl = bot.wecom.responseUrl('group');
    expect((await bot.deliver(groupClick('li-wangxin', 'claim:T2', 'fenghuo-card-from-before', 'c1', { response_url: clickUrl.url }))).status).toBe(200);
    await bot.drain.drain();
    await bot.say('zheng-jiance', '进展 已联系当事人核实');
    await bot.drain.drain();
    expect(bot.wecom.responses.has(clickUrl.code)).toBe(true);
    expect(bot.wecom.refused).toEqual([]);
  });

  it('a message without chattype, or a group message without chatid, is malformed: 400 and nothing stored', async () => {
    const bot = await startWithCallback();
    const { chattype: _, ...noType } = groupText('zheng-jiance', '@烽火 预警 红 某地网传停水', 'm-x');
    expect((await bot.deliver(noType)).status).toBe(400);
    const { chatid: __, ...noChat } = groupText('zheng-jiance', '@烽火 预警 红 某地网传停水', 'm-y');
    expect((await bot.deliver(noChat)).status).toBe(400);
    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
    // The documented enter_chat sample has neither: it is the robot's private chat by definition.
    const welcome = await bot.deliver({
      msgid: 'enter-1',
      create_time: 1,
      aibotid: 'aib-fake-bot',
      from: { userid: 'feng-bangong' },
      msgtype: 'event',
      event: { eventtype: 'enter_chat' },
    });
    expect(welcome.reply).toMatchObject({ msgtype: 'text' });
  });

  it('a signed callback outside the time window is refused and nothing stored', async () => {
    const bot = await startWithCallback();
    const now = Math.floor(Date.now() / 1000);
    expect((await bot.deliver(groupText('zheng-jiance', '@烽火 预警 红 某地网传停水'), { timestamp: now - 8 * DAY_S })).status).toBe(401);
    expect((await bot.deliver(groupText('zheng-jiance', '@烽火 预警 红 某地网传停水'), { timestamp: now + 60 * 60 })).status).toBe(401);
    const request = (path: string, init: RequestInit) => bot.app.request(path, init);
    expect((await bot.wecom.urlCheck(request, '1', { timestamp: now - 8 * DAY_S })).status).toBe(401);
    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
  });

  it('a response_url whose call never reached WeCom is kept for the retry; one WeCom answered is spent', async () => {
    const { urls, wecom } = await urlsAgainstFake();
    const good = wecom.responseUrl('group');
    urls.remember('wrk-command', 'http://127.0.0.1:9/unreachable');
    urls.remember('wrk-command', good.url);
    const body = { msgtype: 'markdown' as const, markdown: { content: 'x' } };
    await expect(urls.send('wrk-command', 'wrk-command', body)).rejects.toThrow();
    await expect(urls.send('wrk-command', 'wrk-command', body)).rejects.toThrow(); // the same url again, not the next one
    expect(wecom.responses.size).toBe(0);
    // WeCom refusing a url (an errcode answer) spends it.
    const spent = wecom.responseUrl('group');
    const urls2 = new ResponseUrls();
    urls2.remember('g', `${spent.url}x`);
    urls2.remember('g', good.url);
    await expect(urls2.send('g', 'g', body)).rejects.toThrow(/企业微信返回 40099/);
    expect(await urls2.send('g', 'g', body)).toBe(true);
    expect(await urls2.send('g', 'g', body)).toBe(false);
  });

  it("a template card for a group's response_url is refused before it is sent, and the url stays for the next reply", async () => {
    const { urls, wecom } = await urlsAgainstFake();
    const url = wecom.responseUrl('group');
    urls.remember('wrk-command', url.url, 'group');
    const card = {
      msgtype: 'template_card' as const,
      template_card: { card_type: 'button_interaction', main_title: { title: '卡片' }, task_id: 't1', button_list: [{ text: '刷新状态', key: 'refresh' }] },
    };
    await expect(urls.send('wrk-command', 'wrk-command', card)).rejects.toThrow(/只能回复到单聊/);
    expect(await urls.send('wrk-command', 'wrk-command', { msgtype: 'markdown', markdown: { content: '改用 markdown' } })).toBe(true);
    expect(wecom.responses.get(url.code)).toEqual({ msgtype: 'markdown', markdown: { content: '改用 markdown' } });
    expect(wecom.refused).toEqual([]);
  });

  it('bad signature, a body sealed for another receive id, and malformed JSON → 4xx and nothing stored', async () => {
    const bot = await startWithCallback();
    expect((await bot.deliver(groupText('zheng-jiance', '@烽火 预警 红 伪造'), { signature: 'a'.repeat(40) })).status).toBe(401);
    expect((await bot.deliver(groupText('zheng-jiance', '@烽火 预警 红 伪造'), { receiveId: 'ww_some_corp' })).status).toBe(401);
    expect((await bot.deliver({}, { raw: 'not json' })).status).toBe(400);
    expect((await bot.deliver({ msgid: 'x', msgtype: 'text' })).status).toBe(400);
    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
  });
});
