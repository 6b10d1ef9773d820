// The WeCom self-built app end to end: encrypted, signed callbacks into /webhook/wecom/app; cards
// out through the fake WeCom API; a click answered with an encrypted passive reply.
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';
import { approvalDecisions, inbox, incidents, outbox } from '../../src/db/schema';
import { FakeWecomApi } from '../fakes/wecom-api';
import type { Logger } from '../../src/logger';
import { startBot, type TestBot } from '../helpers/runtime';

const TOKEN = 'wecom-token';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const fakes: FakeWecomApi[] = [];
afterEach(() => {
  while (fakes.length > 0) fakes.pop()!.stop();
});

async function startWecomBot(wallNow?: () => number, logger?: Logger): Promise<TestBot & { api: FakeWecomApi }> {
  const api = await new FakeWecomApi(wallNow).start();
  fakes.push(api);
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  for (const m of org.members) m.ids.wecom = m.key;
  // Three WeCom groups reached only through their group robots.
  org.groups.push(
    { key: 'wc-all', name: '企业微信全员群', platform: 'wecom', chatId: 'wc-all', purpose: 'broadcast', extra: { webhookKey: 'robot-all' } },
    {
      key: 'wc-pub',
      name: '企业微信宣传群',
      platform: 'wecom',
      chatId: 'wc-pub',
      purpose: 'department',
      department: 'publicity',
      extra: { webhookKey: 'robot-pub' },
    },
    {
      key: 'wc-cyber',
      name: '企业微信网信群',
      platform: 'wecom',
      chatId: 'wc-cyber',
      purpose: 'department',
      department: 'cyber',
      extra: { webhookKey: 'robot-cyber' },
    },
  );
  const bot = startBot({
    overrides: {
      organisation: { value: org },
      platforms: { wecom: { app: { corpId: api.corpId, agentId: 1000002, secret: api.secret, token: TOKEN, encodingAESKey: AES_KEY, apiBase: api.url } } },
      ...(logger ? { logger } : {}),
    },
  });
  return Object.assign(bot, { api });
}

/** Seals and signs a callback like WeCom does, and posts it; `timestamp` (seconds) defaults to now. */
async function callback(bot: TestBot, xml: string, opts: { corpId?: string; signature?: string; timestamp?: number } = {}) {
  const encrypted = encrypt(AES_KEY, xml, opts.corpId ?? 'ww_fake_corp');
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  const signature = opts.signature ?? getSignature(TOKEN, timestamp, nonce, encrypted);
  const res = await bot.app.request(`/webhook/wecom/app?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
    method: 'POST',
    body: `<xml><ToUserName><![CDATA[ww_fake_corp]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
  });
  return { status: res.status, text: await res.text() };
}

/** 郑监测 warns and 王小宣 submits a release through the app: 孙宣传's approval card for A1. */
async function approvalCard(bot: TestBot & { api: FakeWecomApi }): Promise<any> {
  await callback(bot, text('zheng-jiance', '预警 橙 某地网传停水'));
  await callback(bot, text('wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修。'));
  await bot.drain.drain();
  return bot.api.to('sun-xuanchuan').find((m) => m.template_card?.main_title.title === '信息发布审批 · A1')!.template_card;
}

const DAY_S = 24 * 60 * 60;
const nowS = () => Math.floor(Date.now() / 1000);
const text = (from: string, content: string, id = randomBytes(6).toString('hex')) =>
  `<xml><ToUserName><![CDATA[ww_fake_corp]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${id}</MsgId><AgentID>1000002</AgentID></xml>`;
const click = (from: string, key: string, createTime: number, taskId = 't1') =>
  `<xml><ToUserName><![CDATA[ww_fake_corp]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${key}]]></EventKey><TaskId><![CDATA[${taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[rc]]></ResponseCode><AgentID>1000002</AgentID></xml>`;

describe('WeCom self-built app', () => {
  it('answers the URL check with the decrypted echostr, exactly; a bad or stale signature is refused', async () => {
    const bot = await startWecomBot();
    const echostr = encrypt(AES_KEY, '8812345678', 'ww_fake_corp');
    const check = (timestamp: number, signature = getSignature(TOKEN, String(timestamp), '2', echostr)) =>
      bot.app.request(`/webhook/wecom/app?msg_signature=${signature}&timestamp=${timestamp}&nonce=2&echostr=${encodeURIComponent(echostr)}`);
    const res = await check(nowS());
    expect([res.status, await res.text()]).toEqual([200, '8812345678']);
    expect((await check(nowS(), '0'.repeat(40))).status).toBe(401);
    expect((await check(nowS() - 8 * DAY_S)).status).toBe(401);
  });

  it('a command sent to the app warns; the approver gets a button card; the click is answered with the outcome', async () => {
    const bot = await startWecomBot();
    expect((await callback(bot, text('zheng-jiance', '预警 橙 某地网传停水'))).status).toBe(200);
    await bot.drain.drain();
    const warning = bot.api.to('zheng-jiance')[0];
    expect(warning.msgtype).toBe('template_card');
    // The last button is WeCom's own: a card changes only when clicked, so 刷新状态 is how to see it now.
    expect(warning.template_card.button_list.map((b: any) => b.key)).toEqual(['claim:T1', 'claim:T2', 'claim:T3', 'claim:T4', 'refresh']);
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ originPlatform: 'wecom', originChatId: 'user:zheng-jiance' });

    await callback(bot, text('wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修。'));
    await bot.drain.drain();
    const approval = bot.api.to('sun-xuanchuan').find((m) => m.template_card?.main_title.title === '信息发布审批 · A1')!;
    expect(approval.template_card.button_list.map((b: any) => [b.text, b.key])).toEqual([
      ['同意', 'approve:A1'],
      ['驳回', 'reject:A1'],
      ['刷新状态', 'refresh'],
    ]);

    const t = Math.floor(Date.now() / 1000);
    const answer = await callback(bot, click('sun-xuanchuan', 'approve:A1', t));
    expect(answer.status).toBe(200);
    const sealed = /<Encrypt><!\[CDATA\[(.+?)\]\]><\/Encrypt>/.exec(answer.text)![1]!;
    const signature = /<MsgSignature><!\[CDATA\[(.+?)\]\]>/.exec(answer.text)![1]!;
    const stamp = /<TimeStamp>(\d+)<\/TimeStamp>/.exec(answer.text)![1]!;
    const nonce = /<Nonce><!\[CDATA\[(.+?)\]\]>/.exec(answer.text)![1]!;
    expect(getSignature(TOKEN, stamp, nonce, sealed)).toBe(signature);
    const inner = decrypt(AES_KEY, sealed);
    expect(inner.id).toBe('ww_fake_corp');
    expect(inner.message).toContain('<MsgType><![CDATA[update_button]]></MsgType>');
    expect(inner.message).toContain('<ReplaceName><![CDATA[已同意 A1]]></ReplaceName>');
    expect(bot.core.db.select().from(approvalDecisions).all()).toHaveLength(1);

    // WeCom retries the same click (same sender and CreateTime): no second decision, empty answer.
    expect(await callback(bot, click('sun-xuanchuan', 'approve:A1', t))).toEqual({ status: 200, text: '' });
    expect(bot.core.db.select().from(approvalDecisions).all()).toHaveLength(1);
    // Someone else's click is answered with who may decide.
    const refused = decrypt(AES_KEY, /<Encrypt><!\[CDATA\[(.+?)\]\]>/.exec((await callback(bot, click('wang-xiaoxuan', 'approve:A1', t + 1))).text)![1]!);
    expect(refused.message).toContain('你不是审批人，请 周法务 审批');

    // The approver's card changed once (its button now reads 已同意 A1). 刷新状态 on it sends the
    // card as it is now, as a new message; a retried refresh click sends nothing more.
    const before = bot.api.to('sun-xuanchuan').length;
    const refresh = decrypt(
      AES_KEY,
      /<Encrypt><!\[CDATA\[(.+?)\]\]>/.exec((await callback(bot, click('sun-xuanchuan', 'refresh', t + 2, approval.template_card.task_id))).text)![1]!,
    );
    expect(refresh.message).toContain('<ReplaceName><![CDATA[已发送最新状态]]></ReplaceName>');
    expect(await callback(bot, click('sun-xuanchuan', 'refresh', t + 2, approval.template_card.task_id))).toEqual({ status: 200, text: '' });
    await bot.drain.drain();
    const fresh = bot.api.to('sun-xuanchuan').slice(before);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].template_card?.sub_title_text ?? fresh[0].markdown?.content).toContain('孙宣传');
    expect(fresh[0].template_card?.task_id).not.toBe(approval.template_card.task_id);
  });

  it("an approver's card is replaced once with the outcome; WeCom refuses a second replacement and nothing is lost", async () => {
    const bot = await startWecomBot();
    const card = await approvalCard(bot);

    // 孙宣传 approves on the card: the button answers at once, then the whole card is replaced
    // (update_template_card with its send's response_code) and shows who decided, without buttons.
    await callback(bot, click('sun-xuanchuan', 'approve:A1', Math.floor(Date.now() / 1000), card.task_id));
    await bot.drain.drain();
    const updatesOfCard = () => bot.api.cardUpdates.filter((u) => u.template_card.task_id === card.task_id);
    expect(updatesOfCard()).toHaveLength(1);
    const update = updatesOfCard()[0];
    // Everyone who received the card sees the new one (WWD 94888: atall "更新整个任务接收人员").
    expect(update.atall).toBe(1);
    const replaced = update.template_card;
    expect(replaced.task_id).toBe(card.task_id);
    expect(replaced.sub_title_text).toContain('孙宣传');
    // Decided: no approve/reject button is left, only 刷新状态 (a text_notice would need a card_action).
    expect(replaced.button_list.map((b: any) => b.key)).toEqual(['refresh']);
    expect(bot.api.refused).toEqual([]);

    // The next step's approver decides: 孙宣传's card would change again, WeCom refuses (its code is
    // spent), and that is the end of it: no retry, no dead letter; 刷新状态 and 状态 still work.
    await callback(bot, text('zhou-fawu', '同意 A1'));
    await bot.drain.drain();
    expect(bot.api.cardUpdatesRefused).toBeGreaterThanOrEqual(1);
    expect(updatesOfCard()).toHaveLength(1);
    const rows = bot.core.db.select().from(outbox).all();
    expect(rows.filter((r) => r.status === 'dead')).toEqual([]);
    expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
  });

  it('WeCom refusing a card update for any reason but a spent response_code is not swallowed: the row is dead with the reason', async () => {
    const bot = await startWecomBot();
    const card = await approvalCard(bot);
    bot.api.refuseNextUpdate = { errcode: 42045, errmsg: 'Template_Card card_action Missing or Invalid' };
    await callback(bot, click('sun-xuanchuan', 'approve:A1', nowS(), card.task_id));
    await bot.drain.drain();
    const dead = bot.core.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.status === 'dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.lastError).toContain('42045');
  });

  it("a reply longer than the app's 2048 bytes is cut on a character boundary, with a note saying so", async () => {
    const bot = await startWecomBot();
    await callback(bot, text('li-wangxin', '帮助'));
    await bot.drain.drain();
    const [help] = bot.api.to('li-wangxin');
    expect(help.msgtype).toBe('markdown');
    const content: string = help.markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(Buffer.byteLength(content)).toBeGreaterThan(1900);
    expect(content).toMatch(/…（内容过长，已截断；.+）$/);
    expect(content).not.toContain('\uFFFD');
    expect(bot.api.refused).toEqual([]);
  });

  it('a signed callback older or newer than the window is refused and logged; a redelivery inside it is deduplicated', async () => {
    const logged: { msg: string; reason?: string }[] = [];
    const bot = await startWecomBot(undefined, pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) }));
    const warning = text('zheng-jiance', '预警 红 某地网传停水', 'msg-replayed');
    // WeCom retries within seconds: the same signed request again is accepted and changes nothing.
    const sent = nowS();
    expect((await callback(bot, warning, { timestamp: sent })).status).toBe(200);
    expect((await callback(bot, warning, { timestamp: sent })).status).toBe(200);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
    // The same message replayed after the inbox has forgotten it (kept 7 days) is refused by its
    // signed timestamp, as is one from the future.
    const { pruneInbox } = await import('../../src/core/inbound/prune');
    expect(pruneInbox(bot.core.db, bot.clock.now() + 8 * DAY_S * 1000)).toBeGreaterThan(0);
    expect((await callback(bot, warning, { timestamp: sent - 8 * DAY_S })).status).toBe(401);
    expect((await callback(bot, warning, { timestamp: sent + 60 * 60 })).status).toBe(401);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
    const refusals = logged.filter((l) => l.msg === 'wecom: callback refused');
    expect(refusals.map((l) => l.reason)).toEqual([expect.stringContaining('stale or replayed'), expect.stringContaining('stale or replayed')]);
  });

  it('the accepted window is shorter than the inbox keeps its dedupe rows', async () => {
    const { CALLBACK_WINDOW_MS } = await import('../../adapters/wecom/verify');
    const { INBOX_RETENTION_MS } = await import('../../src/core/inbound/prune');
    expect(CALLBACK_WINDOW_MS).toBeGreaterThanOrEqual(60_000);
    expect(2 * CALLBACK_WINDOW_MS).toBeLessThan(INBOX_RETENTION_MS);
  });

  it("an orange warning reaches three robot-only groups as coloured markdown with mentions, within the robots' limit", async () => {
    const bot = await startWecomBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.drain.drain();
    for (const key of ['robot-all', 'robot-pub', 'robot-cyber']) {
      const [msg] = bot.api.robot.get(key)!;
      expect(msg.msgtype).toBe('markdown');
      expect(msg.markdown.content).toMatch(/^## <font color="warning">橙色预警 · YQ-20261121-001<\/font>/);
      // The broadcast group (wc-all) gets the summary: what to do, whom to contact; no tasks, no @.
      if (key === 'robot-all') {
        expect(msg.markdown.content).toContain('请大家');
        expect(msg.markdown.content).not.toMatch(/认领|<@/);
        continue;
      }
      expect(msg.markdown.content).toContain('回复「认领 T1」认领');
      expect(msg.markdown.content).toContain('<@sun-xuanchuan>');
    }
    // 25 more for the broadcast robot: 20 a minute go (the first card counted), the rest wait their turn.
    const { enqueueCard, PRIORITY } = await import('../../src/core/write/outbox');
    const { textCard } = await import('../../src/core/cards/card');
    bot.core.db.transaction((tx) => {
      for (let i = 0; i < 25; i++)
        enqueueCard(tx, { platform: 'wecom', chatId: 'wc-all' }, textCard(`通报 ${i}`, 'x'), { now: bot.clock.now(), priority: PRIORITY.reply });
    });
    await bot.drain.drain();
    expect(bot.api.robot.get('robot-all')).toHaveLength(20);
    expect(bot.api.robotThrottled).toBe(0);
    const waiting = bot.core.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.chatId === 'wc-all' && r.status === 'pending');
    expect(waiting).toHaveLength(6);
  });

  // WWD 99110 gives the group robot's limit (20 a minute) but not the errcode of a throttled post:
  // 45009 is the code WeCom uses for frequency limits elsewhere; any other is an ordinary failure.
  // Either way the message waits and goes later, and is not lost.
  it.each([45009, 45033, 49999])('a group robot throttled by someone else sharing its key (answered %i) waits and goes later', async (errcode) => {
    let wall = Date.now();
    const bot = await startWecomBot(() => wall);
    bot.api.robotThrottleErrcode = errcode;
    bot.api.robotBusy('robot-all', 20);
    const { enqueueCard, PRIORITY } = await import('../../src/core/write/outbox');
    const { textCard } = await import('../../src/core/cards/card');
    bot.core.db.transaction((tx) =>
      enqueueCard(tx, { platform: 'wecom', chatId: 'wc-all' }, textCard('通报', '某地网传停水，已核实为管道检修'), {
        now: bot.clock.now(),
        priority: PRIORITY.reply,
      }),
    );
    await bot.drain.drain();
    const row = () =>
      bot.core.db
        .select()
        .from(outbox)
        .all()
        .find((r) => r.chatId === 'wc-all')!;
    expect(row()).toMatchObject({ status: 'pending' });
    expect(row().lastError).toContain(String(errcode));
    wall += 61_000;
    bot.clock.advance(10 * 60_000);
    await bot.drain.drain();
    expect(row().status).toBe('sent');
    expect(bot.api.robot.get('robot-all')).toHaveLength(1);
  });

  it('bad signature, wrong corp id and malformed XML → 4xx and nothing stored', async () => {
    const bot = await startWecomBot();
    expect((await callback(bot, text('zheng-jiance', '预警 红 伪造'), { signature: 'f'.repeat(40) })).status).toBe(401);
    expect((await callback(bot, text('zheng-jiance', '预警 红 伪造'), { corpId: 'ww_other' })).status).toBe(401);
    expect((await callback(bot, '<xml><MsgType>text</MsgType>')).status).toBe(400);
    const garbage = await bot.app.request('/webhook/wecom/app?msg_signature=a&timestamp=1&nonce=2', { method: 'POST', body: 'not xml' });
    expect(garbage.status).toBe(400);
    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
  });

  it('a token WeCom invalidated early (40014) is fetched again and the message still goes', async () => {
    const bot = await startWecomBot();
    await callback(bot, text('li-wangxin', '值班'));
    await bot.drain.drain();
    bot.api.invalidateToken();
    await callback(bot, text('li-wangxin', '帮助'));
    await bot.drain.drain();
    expect(bot.api.to('li-wangxin')).toHaveLength(2);
    expect(bot.api.tokenFetches).toBe(2);
  });
});
