// The fake Feishu Open API refuses what Feishu documents it refuses, with the documented code: one
// test per rule, each sending a bad request through the real SDK Client. (The rules and their
// documents are cited in test/fakes/feishu-api.ts and feishu-card-rules.ts.)
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeFeishuApi } from '../fakes/feishu-api';

let api: FakeFeishuApi;
let client: lark.Client;
beforeEach(async () => {
  api = await new FakeFeishuApi().start();
  api.chats.add('oc_in');
  api.addMembers('oc_in', ['ou_a', 'ou_b']);
  client = new lark.Client({
    appId: api.appId,
    appSecret: api.appSecret,
    domain: api.url,
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.fatal,
  });
});
afterEach(() => api.stop());

const good = (elements: unknown[] = [{ tag: 'markdown', content: 'x' }]) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: '标题' }, template: 'blue' },
  body: { elements },
});
const button = (value: unknown) => ({ tag: 'button', text: { tag: 'plain_text', content: '认领' }, type: 'primary', behaviors: [{ type: 'callback', value }] });

function send(content: unknown, opts: { to?: string; type?: 'chat_id' | 'open_id'; msgType?: string; uuid?: string } = {}) {
  return client.im.v1.message.create({
    params: { receive_id_type: opts.type ?? 'chat_id' },
    data: {
      receive_id: opts.to ?? 'oc_in',
      msg_type: opts.msgType ?? 'interactive',
      content: typeof content === 'string' ? content : JSON.stringify(content),
      ...(opts.uuid ? { uuid: opts.uuid } : {}),
    },
  });
}

/** The platform's answer code, whether the SDK resolved (code 0) or rejected (HTTP 4xx). */
async function codeOf(call: Promise<unknown>): Promise<number> {
  try {
    return ((await call) as { code: number }).code;
  } catch (err) {
    const code = (err as { response?: { data?: { code?: number } } }).response?.data?.code;
    if (code === undefined) throw err;
    return code;
  }
}

async function sent(content: unknown = good()): Promise<string> {
  const res = await send(content);
  return res.data!.message_id!;
}

describe('fake Open API: card JSON 2.0 (230099)', () => {
  it('accepts the documented basics', async () => {
    expect(
      await codeOf(
        send(
          good([
            { tag: 'div', text: { tag: 'plain_text', content: 'x' } },
            { tag: 'hr' },
            { tag: 'column_set', columns: [{ tag: 'column', elements: [button({ a: 1 })] }] },
          ]),
        ),
      ),
    ).toBe(0);
  });
  it('refuses a card without schema "2.0"', async () => {
    expect(await codeOf(send({ ...good(), schema: undefined }))).toBe(230099);
  });
  it('refuses elements outside body', async () => {
    expect(await codeOf(send({ schema: '2.0', header: good().header, elements: [{ tag: 'markdown', content: 'x' }] }))).toBe(230099);
  });
  it('refuses the 1.0 note and action modules, and unknown tags', async () => {
    expect(await codeOf(send(good([{ tag: 'note', elements: [{ tag: 'plain_text', content: 'x' }] }])))).toBe(230099);
    expect(await codeOf(send(good([{ tag: 'action', actions: [button({ a: 1 })] }])))).toBe(230099);
    expect(await codeOf(send(good([{ tag: 'blink', content: 'x' }])))).toBe(230099);
  });
  it('refuses an unknown header template and a title that is not a text element', async () => {
    expect(await codeOf(send({ ...good(), header: { title: { tag: 'plain_text', content: 'x' }, template: 'pink' } }))).toBe(230099);
    expect(await codeOf(send({ ...good(), header: { title: 'x', template: 'blue' } }))).toBe(230099);
  });
  it('refuses update_multi other than true', async () => {
    expect(await codeOf(send({ ...good(), config: { update_multi: false } }))).toBe(230099);
  });
  it('refuses a button whose callback value is not an object', async () => {
    expect(await codeOf(send(good([button('claim:T3')])))).toBe(230099);
  });
  it('counts nested components and text elements: 200 pass, 201 do not', async () => {
    // header title (1) + n × (column_set + column + button + its plain_text) = 1 + 4n; + markdowns to reach the total.
    const rows = (n: number) => Array.from({ length: n }, () => ({ tag: 'column_set', columns: [{ tag: 'column', elements: [button({ a: 1 })] }] }));
    const md = (n: number) => Array.from({ length: n }, () => ({ tag: 'markdown', content: 'x' }));
    expect(await codeOf(send(good([...rows(49), ...md(3)])))).toBe(0); // 1 + 196 + 3 = 200
    const refused = await send(good([...rows(49), ...md(4)])).catch((e) => e.response.data); // 201
    expect(refused).toMatchObject({ code: 230099, msg: expect.stringContaining('element exceeds the limit') });
  });
});

describe('fake Open API: sizes (230025)', () => {
  it('measures the whole request against 30 KB for a card, escaping included', async () => {
    // 29 000 bytes of card JSON; inside the request's content string every quote is escaped again.
    const base = JSON.stringify(good([{ tag: 'markdown', content: '' }])).length;
    const card = good([{ tag: 'markdown', content: '"'.repeat(3000) + 'x'.repeat(29_000 - base - 6000) }]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(30_000);
    expect(Buffer.byteLength(JSON.stringify(JSON.stringify(card)))).toBeGreaterThan(30_000);
    expect(await codeOf(send(card))).toBe(230025);
    expect(await codeOf(send(good([{ tag: 'markdown', content: 'x'.repeat(25_000) }])))).toBe(0);
  });
  it('allows a text message up to 150 KB, not more', async () => {
    expect(await codeOf(send({ text: 'x'.repeat(100_000) }, { msgType: 'text' }))).toBe(0);
    expect(await codeOf(send({ text: 'x'.repeat(150_001) }, { msgType: 'text' }))).toBe(230025);
  });
  it('refuses text content that is not {"text": …}', async () => {
    expect(await codeOf(send({ content: 'x' }, { msgType: 'text' }))).toBe(230001);
  });
});

describe('fake Open API: recipients', () => {
  it('230002 when the bot is not in the chat', async () => {
    expect(await codeOf(send(good(), { to: 'oc_elsewhere' }))).toBe(230002);
  });
  it('the documented refusals for a person: no availability, bot stopped, resigned, cross-tenant; a malformed id', async () => {
    for (const code of [230013, 230053, 230029, 230038]) {
      api.unreachable.set(`ou_${code}`, code);
      expect(await codeOf(send(good(), { to: `ou_${code}`, type: 'open_id' }))).toBe(code);
    }
    expect(await codeOf(send(good(), { to: 'not-an-open-id', type: 'open_id' }))).toBe(230034);
    expect(await codeOf(send(good(), { to: 'ou_reachable', type: 'open_id' }))).toBe(0);
  });
  it('230020 past 5 messages a second to one chat', async () => {
    const codes = await Promise.all(Array.from({ length: 6 }, () => codeOf(send(good()))));
    expect(codes.filter((c) => c === 230020)).toHaveLength(1);
  });
});

describe('fake Open API: uuid', () => {
  it('at most one message per uuid within an hour; the repeat gets the original (one reading)', async () => {
    const first = await send(good(), { uuid: 'u-1' });
    const again = await send(good(), { uuid: 'u-1' });
    expect(again.data!.message_id).toBe(first.data!.message_id);
    expect(api.messages).toHaveLength(1);
  });
  it('the other reading: the repeat is refused, and still only one message shows', async () => {
    api.duplicateUuid = { code: 230001, msg: 'uuid already used' };
    await send(good(), { uuid: 'u-2' });
    expect(await codeOf(send(good(), { uuid: 'u-2' }))).toBe(230001);
    expect(api.messages).toHaveLength(1);
  });
  it('after an hour the uuid sends again; longer than 50 characters is refused', async () => {
    await send(good(), { uuid: 'u-3' });
    api.messages[0]!.sentAt -= 61 * 60_000;
    await send(good(), { uuid: 'u-3' });
    expect(api.messages).toHaveLength(2);
    expect(await codeOf(send(good(), { uuid: 'u'.repeat(51) }))).toBe(230001);
  });
});

describe('fake Open API: PATCH a card', () => {
  const patch = (id: string, card: unknown) => client.im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card) } });

  it('updates a shared card the app sent', async () => {
    const id = await sent();
    expect(await codeOf(patch(id, good([{ tag: 'markdown', content: 'y' }])))).toBe(0);
    expect(api.messages[0]!.updates).toHaveLength(1);
  });
  it("230001 for an unknown message, a person's message, or a card that is not shared", async () => {
    expect(await codeOf(patch('om_nope', good()))).toBe(230001);
    expect(await codeOf(patch(api.userMessage('oc_in').messageId, good()))).toBe(230001);
    const unshared = await sent({ ...good(), config: {} });
    expect(await codeOf(patch(unshared, good()))).toBe(230001);
    const shared = await sent();
    expect(await codeOf(patch(shared, { ...good(), config: {} }))).toBe(230001);
  });
  it('230011 once recalled, 230031 after 14 days', async () => {
    const id = await sent();
    api.messages[0]!.recalled = true;
    expect(await codeOf(patch(id, good()))).toBe(230011);
    const old = await sent();
    api.messages[1]!.sentAt -= 15 * 24 * 3600_000;
    expect(await codeOf(patch(old, good()))).toBe(230031);
  });
  it('230020 past 5 updates a second to one message', async () => {
    const id = await sent();
    const codes = await Promise.all(Array.from({ length: 6 }, () => codeOf(patch(id, good()))));
    expect(codes.filter((c) => c === 230020)).toHaveLength(1);
  });
  it('230025 over 30 KB, 230099 for a bad card', async () => {
    const id = await sent();
    expect(await codeOf(patch(id, good([{ tag: 'markdown', content: '中'.repeat(11_000) }])))).toBe(230025);
    expect(await codeOf(patch(id, { ...good(), schema: '1.0' }))).toBe(230099);
  });
});

describe('fake Open API: urgent_app', () => {
  const buzz = (id: string, ids: string[], withIdType = true) =>
    client.im.v1.message.urgentApp({ path: { message_id: id }, params: withIdType ? { user_id_type: 'open_id' } : ({} as never), data: { user_id_list: ids } });

  it('buzzes members of the chat and names the others invalid', async () => {
    const id = await sent();
    const res = await buzz(id, ['ou_a', 'ou_stranger']);
    expect(res.data!.invalid_user_id_list).toEqual(['ou_stranger']);
    expect(api.urgent).toEqual([{ messageId: id, userIds: ['ou_a'] }]);
  });
  it('230001 without user_id_type, with an empty list, or when nobody is in the chat', async () => {
    const id = await sent();
    expect(await codeOf(buzz(id, ['ou_a'], false))).toBe(230001);
    expect(await codeOf(buzz(id, []))).toBe(230001);
    expect(await codeOf(buzz(id, ['ou_stranger']))).toBe(230001);
  });
  it('230012 for a message the bot did not send; 230002 once the bot has left the chat', async () => {
    expect(await codeOf(buzz(api.userMessage('oc_in').messageId, ['ou_a']))).toBe(230012);
    const id = await sent();
    api.chats.delete('oc_in');
    expect(await codeOf(buzz(id, ['ou_a']))).toBe(230002);
  });
  it('230023 once a person has 200 unread urgent messages', async () => {
    const id = await sent();
    api.unreadUrgent.set('ou_b', 199);
    await buzz(id, ['ou_b']);
    expect(await codeOf(buzz(id, ['ou_b']))).toBe(230023);
  });
});

describe('fake Open API: 发送仅特定人可见的消息卡片', () => {
  const ephemeral = (body: Record<string, unknown>) =>
    client.request({
      method: 'POST',
      url: '/open-apis/ephemeral/v1/send',
      data: { chat_id: 'oc_in', open_id: 'ou_a', msg_type: 'interactive', card: good(), ...body },
    });

  it('shows the card to one member of the group: a message id, but not a message of the chat', async () => {
    const res = (await ephemeral({})) as { code: number; data: { message_id: string } };
    expect(res.code).toBe(0);
    expect(api.ephemeral).toEqual([{ messageId: res.data.message_id, chatId: 'oc_in', openId: 'ou_a', card: good() }]);
    expect(api.messages).toEqual([]);
    // Not patchable and not buzzable: the document offers only deleting it.
    expect(await codeOf(client.im.v1.message.patch({ path: { message_id: res.data.message_id }, data: { content: JSON.stringify(good()) } }))).toBe(230001);
  });
  it('refuses what the document rules out: a missing chat_id or person, another msg_type, a card that is not an object', async () => {
    expect(await codeOf(ephemeral({ chat_id: undefined }))).toBe(230001);
    expect(await codeOf(ephemeral({ open_id: undefined }))).toBe(230001);
    expect(await codeOf(ephemeral({ user_id: 'u_a' }))).toBe(230001); // two ways to name one person
    expect(await codeOf(ephemeral({ msg_type: 'text' }))).toBe(230001);
    expect(await codeOf(ephemeral({ card: JSON.stringify(good()) }))).toBe(230001);
    expect(await codeOf(ephemeral({ card: { ...good(), schema: '1.0' } }))).toBe(230099);
  });
  it('only in a normal group the bot is in, only to a member of it', async () => {
    expect(await codeOf(ephemeral({ open_id: 'ou_stranger' }))).toBe(230001);
    api.topicChats.add('oc_in');
    expect(await codeOf(ephemeral({}))).toBe(230001);
    api.chats.delete('oc_in');
    expect(await codeOf(ephemeral({}))).toBe(230002);
    expect(api.ephemeral).toEqual([]);
  });
  it('40 a second into one group', async () => {
    const answers = await Promise.all(Array.from({ length: 41 }, () => codeOf(ephemeral({}))));
    expect(answers.filter((c) => c === 0)).toHaveLength(40);
    expect(api.throttled).toEqual(['ephemeral:oc_in']);
  });
});
