// The WeCom fakes refuse what WeCom's documents say WeCom refuses, each with its errcode: the app
// API and group robot webhook (wecom-api.ts), the intelligent robot's long connection
// (wecom-robot-ws.ts) and its callback side with the response_urls (wecom-robot-callback.ts).
// One test per rule, each sending one bad request next to a good one.
import { encrypt, getSignature } from '@wecom/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeWecomApi } from '../fakes/wecom-api';
import { FakeRobotCallback } from '../fakes/wecom-robot-callback';
import { FakeRobotServer } from '../fakes/wecom-robot-ws';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length > 0) stops.pop()!();
});

const post = async (url: string, body: unknown) =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;
const buttons = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `按钮${i}`, style: 1, key: `k${i}` }));
const buttonCard = (taskId: string, extra: Record<string, unknown> = {}) => ({
  card_type: 'button_interaction',
  main_title: { title: '标题' },
  task_id: taskId,
  button_list: buttons(2),
  ...extra,
});
const textNotice = (extra: Record<string, unknown> = {}) => ({ card_type: 'text_notice', main_title: { title: '标题' }, sub_title_text: '正文', ...extra });

async function appApi() {
  const api = await new FakeWecomApi().start();
  stops.push(() => api.stop());
  const token = (await (await fetch(`${api.url}/cgi-bin/gettoken?corpid=${api.corpId}&corpsecret=${api.secret}`)).json()) as any;
  const send = (body: Record<string, unknown>) =>
    post(`${api.url}/cgi-bin/message/send?access_token=${token.access_token}`, { touser: 'u1', agentid: 1, ...body });
  const update = (body: Record<string, unknown>) =>
    post(`${api.url}/cgi-bin/message/update_template_card?access_token=${token.access_token}`, { agentid: 1, ...body });
  const webhook = (body: Record<string, unknown>) => post(`${api.url}/cgi-bin/webhook/send?key=robot-x`, body);
  return { api, send, update, webhook };
}

describe('fake WeCom app API', () => {
  it('markdown over 2048 bytes is refused (40058); 2048 bytes pass', async () => {
    const { send } = await appApi();
    expect((await send({ msgtype: 'markdown', markdown: { content: '字'.repeat(683) } })).errcode).toBe(40058); // 2049 bytes
    expect((await send({ msgtype: 'markdown', markdown: { content: `${'字'.repeat(682)}ab` } })).errcode).toBe(0); // 2048 bytes
  });

  it('a text_notice card without card_action type 1/2 is refused (42045)', async () => {
    const { send } = await appApi();
    expect((await send({ msgtype: 'template_card', template_card: { ...textNotice(), task_id: 't-1' } })).errcode).toBe(42045);
    expect((await send({ msgtype: 'template_card', template_card: { ...textNotice({ card_action: { type: 0 } }), task_id: 't-2' } })).errcode).toBe(42045);
    expect(
      (
        await send({
          msgtype: 'template_card',
          template_card: { ...textNotice({ card_action: { type: 1, url: 'https://work.weixin.qq.com' } }), task_id: 't-3' },
        })
      ).errcode,
    ).toBe(0);
  });

  it('task_id: wrong characters, over 128 bytes, empty or used again are refused (42014)', async () => {
    const { send } = await appApi();
    for (const taskId of ['有中文', 'a b', 'x'.repeat(129), ''])
      expect((await send({ msgtype: 'template_card', template_card: buttonCard(taskId) })).errcode).toBe(42014);
    expect((await send({ msgtype: 'template_card', template_card: buttonCard(`ok_-@${'x'.repeat(123)}`) })).errcode).toBe(0); // 128 bytes
    expect((await send({ msgtype: 'template_card', template_card: buttonCard(`ok_-@${'x'.repeat(123)}`) })).errcode).toBe(42014);
  });

  it('button_interaction: more than 6 buttons, a key over 1024 bytes or repeated are refused (40058)', async () => {
    const { send } = await appApi();
    expect((await send({ msgtype: 'template_card', template_card: buttonCard('b1', { button_list: buttons(7) }) })).errcode).toBe(40058);
    expect((await send({ msgtype: 'template_card', template_card: buttonCard('b2', { button_list: [{ text: 'a', key: 'k'.repeat(1025) }] }) })).errcode).toBe(
      40058,
    );
    expect(
      (
        await send({
          msgtype: 'template_card',
          template_card: buttonCard('b3', {
            button_list: [
              { text: 'a', key: 'k' },
              { text: 'b', key: 'k' },
            ],
          }),
        })
      ).errcode,
    ).toBe(40058);
    expect((await send({ msgtype: 'template_card', template_card: buttonCard('b4', { button_list: buttons(6) }) })).errcode).toBe(0);
  });

  it('update_template_card naming no recipient is refused (81013); a response_code works once', async () => {
    const { send, update } = await appApi();
    const { response_code } = await send({ msgtype: 'template_card', template_card: buttonCard('u1') });
    expect(response_code).toBeTruthy();
    const card = buttonCard('u1');
    expect((await update({ response_code, template_card: card })).errcode).toBe(81013);
    expect((await update({ response_code, atall: 0, userids: [], template_card: card })).errcode).toBe(81013);
    expect((await update({ response_code, atall: 1, template_card: textNotice() })).errcode).toBe(42045);
    expect((await update({ response_code, atall: 1, template_card: card })).errcode).toBe(0);
    expect((await update({ response_code, userids: ['u1'], template_card: card })).errcode).toBe(40099);
  });
});

describe('fake group robot webhook', () => {
  it('markdown over 4096 bytes is refused (40058)', async () => {
    const { webhook } = await appApi();
    expect((await webhook({ msgtype: 'markdown', markdown: { content: 'a'.repeat(4097) } })).errcode).toBe(40058);
    expect((await webhook({ msgtype: 'markdown', markdown: { content: 'a'.repeat(4096) } })).errcode).toBe(0);
  });

  it('markdown_v2 with <font> or <@userid> is refused; markdown (v1) may carry both', async () => {
    const { webhook } = await appApi();
    expect((await webhook({ msgtype: 'markdown_v2', markdown_v2: { content: '<font color="warning">红</font>' } })).errcode).toBe(40058);
    expect((await webhook({ msgtype: 'markdown_v2', markdown_v2: { content: '请 <@zhangsan> 处理' } })).errcode).toBe(40058);
    expect((await webhook({ msgtype: 'markdown', markdown: { content: '<font color="warning">红</font> <@zhangsan>' } })).errcode).toBe(0);
  });

  it('text over 2048 bytes, or a mentioned_list that is not userids, is refused', async () => {
    const { webhook } = await appApi();
    expect((await webhook({ msgtype: 'text', text: { content: 'a'.repeat(2049) } })).errcode).toBe(40058);
    expect((await webhook({ msgtype: 'text', text: { content: '请处理', mentioned_list: 'zhangsan' } })).errcode).toBe(40058);
    expect((await webhook({ msgtype: 'text', text: { content: '请处理', mentioned_list: ['zhangsan'] } })).errcode).toBe(0);
  });

  it('a text_notice card without card_action is refused (42045)', async () => {
    const { webhook } = await appApi();
    expect((await webhook({ msgtype: 'template_card', template_card: textNotice() })).errcode).toBe(42045);
  });
});

/** A raw client of the fake long connection, speaking the SDK's frames. */
async function robotClient() {
  const robot = await new FakeRobotServer().start();
  stops.push(() => robot.stop());
  const socket = new WebSocket(robot.url);
  stops.push(() => socket.close());
  await new Promise((resolve) => socket.once('open', resolve));
  const waiting = new Map<string, (frame: any) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (!frame.cmd) waiting.get(frame.headers?.req_id)?.(frame); // an answer, not a pushed callback
  });
  let n = 0;
  const call = (cmd: string, body: unknown, reqId = `${cmd}_${n++}`) =>
    new Promise<any>((resolve) => {
      waiting.set(reqId, resolve);
      socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    });
  await call('aibot_subscribe', { bot_id: robot.botId, secret: robot.secret });
  await robot.authenticatedOnce();
  return { robot, call };
}

describe('fake robot long connection', () => {
  it('aibot_send_msg: markdown is markdown_v2 (no <font>, no <@userid>); text is not a send type (40008)', async () => {
    const { call } = await robotClient();
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'markdown', markdown: { content: '## <font color="info">标题</font>' } })).errcode).toBe(
      40058,
    );
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'markdown', markdown: { content: '<@zhangsan> 请处理' } })).errcode).toBe(40058);
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'text', text: { content: '你好' } })).errcode).toBe(40008);
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'markdown', markdown: { content: '## 标题\n**张三** 请处理' } })).errcode).toBe(0);
  });

  it('aibot_send_msg: the card rules hold (42045, 42014, 40058)', async () => {
    const { call } = await robotClient();
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'template_card', template_card: { ...textNotice(), task_id: 'n1' } })).errcode).toBe(42045);
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'template_card', template_card: buttonCard('有空 格') })).errcode).toBe(42014);
    expect(
      (await call('aibot_send_msg', { chatid: 'g', msgtype: 'template_card', template_card: buttonCard('b7', { button_list: buttons(7) }) })).errcode,
    ).toBe(40058);
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'template_card', template_card: buttonCard('b6') })).errcode).toBe(0);
    expect((await call('aibot_send_msg', { chatid: 'g', msgtype: 'template_card', template_card: buttonCard('b6') })).errcode).toBe(42014);
  });

  it('a click is answered with update_template_card on the clicked task_id, the card by the rules', async () => {
    const { robot, call } = await robotClient();
    const click = (taskId: string) => ({
      msgid: 'e',
      chattype: 'group',
      chatid: 'g',
      from: { userid: 'u' },
      msgtype: 'event',
      event: { eventtype: 'template_card_event', template_card_event: { event_key: 'k0', task_id: taskId } },
    });
    const a = robot.pushEvent(click('card-a'));
    expect(
      (await call('aibot_respond_update_msg', { response_type: 'update_template_card', template_card: { ...textNotice(), task_id: 'card-a' } }, a)).errcode,
    ).toBe(42045);
    expect((await call('aibot_respond_update_msg', { response_type: 'update_template_card', template_card: buttonCard('card-b') }, a)).errcode).toBe(40058);
    expect((await call('aibot_respond_update_msg', { template_card: buttonCard('card-a') }, a)).errcode).toBe(40008);
    expect((await call('aibot_respond_update_msg', { response_type: 'update_template_card', template_card: buttonCard('card-a') }, a)).errcode).toBe(0);
    expect(robot.refused.map((r) => r.errcode)).toEqual([42045, 40058, 40008]);
  });
});

describe('fake robot callback side', () => {
  const secrets = { token: 'tok', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
  async function callbackFake() {
    const fake = await new FakeRobotCallback(secrets).start();
    stops.push(() => fake.stop());
    return fake;
  }

  it('a response_url is used once, whatever the answer (40099 after)', async () => {
    const fake = await callbackFake();
    const { url } = fake.responseUrl('group');
    expect((await post(url, { msgtype: 'markdown', markdown: { content: 'ok' } })).errcode).toBe(0);
    expect((await post(url, { msgtype: 'markdown', markdown: { content: 'again' } })).errcode).toBe(40099);
    const refusedFirst = fake.responseUrl('group');
    expect((await post(refusedFirst.url, { msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40008);
    expect((await post(refusedFirst.url, { msgtype: 'markdown', markdown: { content: 'x' } })).errcode).toBe(40099);
  });

  it('a template card goes through a response_url only when the callback came from a single chat', async () => {
    const fake = await callbackFake();
    expect((await post(fake.responseUrl('group').url, { msgtype: 'template_card', template_card: buttonCard('g1') })).errcode).toBe(40008);
    expect((await post(fake.responseUrl('single').url, { msgtype: 'template_card', template_card: buttonCard('s1') })).errcode).toBe(0);
    expect((await post(fake.responseUrl('single').url, { msgtype: 'template_card', template_card: { ...textNotice(), task_id: 's2' } })).errcode).toBe(42045);
  });

  it('response_url markdown is markdown_v2 and at most 20480 bytes', async () => {
    const fake = await callbackFake();
    expect((await post(fake.responseUrl('group').url, { msgtype: 'markdown', markdown: { content: '<font color="info">x</font>' } })).errcode).toBe(40058);
    expect((await post(fake.responseUrl('group').url, { msgtype: 'markdown', markdown: { content: '<@zhangsan>' } })).errcode).toBe(40058);
    expect((await post(fake.responseUrl('group').url, { msgtype: 'markdown', markdown: { content: 'a'.repeat(20481) } })).errcode).toBe(40058);
  });

  it('a passive reply must carry the callback URL\'s nonce, be signed and sealed for "", and update the clicked task_id', async () => {
    const fake = await callbackFake();
    const click = {
      msgid: 'c1',
      chattype: 'group',
      chatid: 'g',
      from: { userid: 'u' },
      msgtype: 'event',
      event: { eventtype: 'template_card_event', template_card_event: { event_key: 'k', task_id: 'card-1' } },
    };
    const answerWith = (make: (nonce: string, timestamp: number) => unknown) => async (path: string) => {
      const query = new URL(`http://x${path}`).searchParams;
      return new Response(JSON.stringify(make(query.get('nonce')!, Number(query.get('timestamp')))));
    };
    const sealed = (reply: unknown, nonce: string, timestamp: number, receiveId = '') => {
      const enc = encrypt(secrets.aesKey, JSON.stringify(reply), receiveId);
      return { encrypt: enc, msgsignature: getSignature(secrets.token, String(timestamp), nonce, enc), timestamp, nonce };
    };
    const good = { response_type: 'update_template_card', template_card: buttonCard('card-1') };
    expect(
      (
        await fake.deliver(
          answerWith((n, t) => sealed(good, n, t)),
          click,
        )
      ).reply,
    ).toEqual(good);
    expect(
      (
        await fake.deliver(
          answerWith((_n, t) => sealed(good, 'other', t)),
          click,
        )
      ).refusedReply,
    ).toBe('nonce differs from the callback URL nonce');
    expect(
      (
        await fake.deliver(
          answerWith((n, t) => ({ ...sealed(good, n, t), msgsignature: 'f'.repeat(40) })),
          click,
        )
      ).refusedReply,
    ).toBe('bad msgsignature');
    expect(
      (
        await fake.deliver(
          answerWith((n, t) => sealed(good, n, t, 'ww_corp')),
          click,
        )
      ).refusedReply,
    ).toBe('reply not sealed for receive id ""');
    expect(
      (
        await fake.deliver(
          answerWith((n, t) => sealed({ ...good, template_card: { ...textNotice(), task_id: 'card-1' } }, n, t)),
          click,
        )
      ).refusedReply,
    ).toBe('Template_Card card_action Missing or Invalid');
    expect(
      (
        await fake.deliver(
          answerWith((n, t) => sealed({ ...good, template_card: buttonCard('card-2') }, n, t)),
          click,
        )
      ).refusedReply,
    ).toBe('task_id differs from the clicked card');
  });
});
