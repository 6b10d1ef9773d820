// A local fake of the Feishu Open API that refuses what Feishu documents it refuses, with the
// documented code: tenant token, bot info, send (uuid, sizes, recipients), PATCH of cards,
// urgent_app, the rate limits, and the card rules in feishu-card-rules.ts. The real SDK Client is
// pointed at it; nothing of ours is mocked. Document sources, quoted at each rule:
//   发送消息  https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/create
//   更新应用发送的消息卡片  https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/patch
//   发送应用内加急  https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/urgent_app
//   发送仅特定人可见的消息卡片  https://open.feishu.cn/document/ukTMukTMukTM/uETOyYjLxkjM24SM5IjN
//   频控策略  https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN
// What the documents leave open (the answer to a repeated uuid) is a switch here; see
// docs/platforms/feishu.md.
import type { FakeFeishuLongConnection } from './feishu-long-connection';
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { LoopbackFake } from '../helpers/listen';
import { checkCard } from './feishu-card-rules';

export interface FakeMessage {
  messageId: string;
  /** The chat id, or the person's open_id for a private message. */
  chatId: string;
  uuid: string | undefined;
  msgType: string;
  /** The parsed content: the card for `interactive`, `{text}` for `text`. */
  card: any;
  updates: any[];
  sentAt: number;
  /** Messages people sent exist too; the app may not patch or buzz them. */
  sender: 'app' | 'user';
  recalled: boolean;
}

/** What a second request with a uuid already used within the hour gets (undocumented, see above). */
export type DuplicateUuidAnswer = 'original' | { code: number; msg: string };

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/**
 * "文本消息请求体最大不能超过150KB"; "卡片及富文本消息请求体最大不能超过30KB" (发送消息 content;
 * 更新应用发送的消息卡片 says the same). The whole request body is measured and KB read as 1000
 * bytes: the stricter reading of both.
 */
const MAX_BODY_BYTES: Record<string, number> = { text: 150_000, post: 30_000, interactive: 30_000 };

export class FakeFeishuApi extends LoopbackFake {
  /** Shaped like a real one (cli_ + 16 hex): the SDK's WSClient ignores any other. */
  readonly appId = 'cli_a1b2c3d4e5f60718';
  readonly appSecret = 'fake-secret';
  readonly botOpenId = 'ou_bot';
  readonly messages: FakeMessage[] = [];
  readonly urgent: { messageId: string; userIds: string[] }[] = [];
  /** 仅特定人可见 cards: shown in `chatId` to `openId` alone. They are not messages of the chat (not patchable, not buzzable). */
  readonly ephemeral: { messageId: string; chatId: string; openId: string; card: any }[] = [];
  /** Groups in 话题 mode, where ephemeral cards are refused. */
  readonly topicChats = new Set<string>();
  readonly throttled: string[] = [];
  /** Chats the bot is in. */
  readonly chats = new Set<string>();
  /** Who is in each chat (the bot aside): urgent_app buzzes only members of the message's chat. */
  readonly members = new Map<string, Set<string>>();
  /** People a private message cannot reach, with the code Feishu answers (230013, 230053, 230029, 230038). */
  readonly unreachable = new Map<string, number>();
  duplicateUuid: DuplicateUuidAnswer = 'original';
  /** Serves /callback/ws/endpoint when set. */
  longConnection: FakeFeishuLongConnection | undefined;
  /** Fail the next n send calls with this HTTP status and body (e.g. 500, or 429 with a reset). */
  failNext: { count: number; status: number; code: number; reset?: number }[] = [];
  /**
   * Make this share of send calls fail at random (seeded): a third answer 429 with a reset, a
   * third 500, and a third are *accepted* but answered too late for the client (it times out and
   * retries; uuid must keep the message from showing twice).
   */
  chaos: { rate: number; hangMs: number; seed: number } | undefined;
  /** Every send call received, accepted or not: to count retries. */
  sendCalls = 0;
  /** Store each sent message at once but answer only after this long (a slow network). */
  answerDelayMs = 0;
  /** The same for urgent_app: the person is buzzed at once, the answer comes this much later. */
  urgentAnswerDelayMs = 0;
  private token = `t-${randomBytes(8).toString('hex')}`;
  private hits = new Map<string, number[]>();
  /** Urgent messages each person has not read yet (the fake never marks one read). */
  readonly unreadUrgent = new Map<string, number>();

  async start(): Promise<this> {
    const app = new Hono();
    app.post('/open-apis/auth/v3/tenant_access_token/internal', async (c) => {
      const body = (await c.req.json()) as { app_id?: string; app_secret?: string };
      if (body.app_id !== this.appId || body.app_secret !== this.appSecret) return c.json({ code: 10014, msg: 'app secret invalid' }, 400);
      return c.json({ code: 0, msg: 'ok', tenant_access_token: this.token, expire: 7200 });
    });
    // The long connection's endpoint, when a test runs one (feishu-long-connection.ts).
    app.post('/callback/ws/endpoint', async (c) =>
      this.longConnection ? c.json(this.longConnection.endpoint(await c.req.json())) : c.json({ code: 404, msg: 'not found' }, 404),
    );
    app.get('/open-apis/bot/v3/info', (c) => this.authorised(c) ?? c.json({ code: 0, msg: 'ok', bot: { open_id: this.botOpenId, app_name: '烽火' } }));
    app.post('/open-apis/im/v1/messages', async (c) => this.authorised(c) ?? this.send(c));
    app.patch('/open-apis/im/v1/messages/:id/urgent_app', async (c) => this.authorised(c) ?? this.urgentApp(c));
    app.post('/open-apis/ephemeral/v1/send', async (c) => this.authorised(c) ?? this.sendEphemeral(c));
    app.patch('/open-apis/im/v1/messages/:id', async (c) => this.authorised(c) ?? this.patch(c));
    await this.serve(app);
    return this;
  }

  /** All messages in one chat, oldest first. */
  inChat(chatId: string): FakeMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  addMembers(chatId: string, openIds: Iterable<string>): void {
    const set = this.members.get(chatId) ?? new Set<string>();
    for (const id of openIds) set.add(id);
    this.members.set(chatId, set);
  }

  /** A message a person sent in a chat: there, but not the app's to patch or buzz. */
  userMessage(chatId: string): FakeMessage {
    const message: FakeMessage = {
      messageId: newMessageId(),
      chatId,
      uuid: undefined,
      msgType: 'text',
      card: { text: 'hi' },
      updates: [],
      sentAt: Date.now(),
      sender: 'user',
      recalled: false,
    };
    this.messages.push(message);
    return message;
  }

  private async send(c: Context) {
    const idType = c.req.query('receive_id_type');
    // receive_id_type: "open_id/user_id/union_id/email/chat_id" (发送消息, 查询参数). Only two are ours.
    if (idType !== 'chat_id' && idType !== 'open_id') return fail(c, 230001, 'invalid receive_id_type');
    const raw = await c.req.text();
    const body = JSON.parse(raw) as { receive_id: string; msg_type: string; content: string; uuid?: string };
    this.sendCalls++;
    let hang = false;
    if (this.chaos && this.random() < this.chaos.rate) {
      const kind = Math.floor(this.random() * 3);
      if (kind === 0) {
        c.header('x-ogw-ratelimit-reset', '1');
        return c.json({ code: 99991400, msg: 'request trigger frequency limit (chaos)' }, 429);
      }
      if (kind === 1) return c.json({ code: 1, msg: 'internal error (chaos)' }, 500);
      hang = true;
    }
    const failure = this.failNext[0];
    if (failure) {
      if (--failure.count <= 0) this.failNext.shift();
      if (failure.reset !== undefined) c.header('x-ogw-ratelimit-reset', String(failure.reset));
      return c.json({ code: failure.code, msg: 'injected failure' }, failure.status as 400);
    }
    // uuid: "最大长度：50 字符"; "持有相同uuid的请求1小时内至多成功发送一条消息" (发送消息, 请求体).
    // What the repeat is answered is not documented: this.duplicateUuid picks a reading.
    if (body.uuid !== undefined && body.uuid.length > 50) return fail(c, 230001, 'uuid exceeds 50 characters');
    const earlier = body.uuid ? this.messages.find((m) => m.uuid === body.uuid && m.sentAt > Date.now() - HOUR) : undefined;
    if (earlier) {
      if (this.duplicateUuid === 'original') return c.json({ code: 0, msg: 'success', data: { message_id: earlier.messageId, chat_id: earlier.chatId } });
      return fail(c, this.duplicateUuid.code, this.duplicateUuid.msg);
    }
    // "接口频率限制 1000 次/分钟、50 次/秒" (发送消息); 频控策略: HTTP 429, code 99991400.
    if (this.overLimit('app:s', 50, 1000) || this.overLimit('app:min', 1000, 60_000)) return this.tooFast(c, 99991400, 'app', 429);
    // "向同一用户发送消息的限频为 5 QPS，向同一群组发送消息的限频为群内机器人共享 5 QPS" (发送消息): 230020.
    if (this.overLimit(`chat:${body.receive_id}`, 5, 1000)) return this.tooFast(c, 230020, `chat:${body.receive_id}`);
    const refused = this.recipientRefusal(idType, body.receive_id);
    if (refused) return fail(c, refused.code, refused.msg);
    const limit = MAX_BODY_BYTES[body.msg_type];
    if (limit === undefined) return fail(c, 230001, `msg_type ${body.msg_type} is not faked`);
    // 230025 "The length of the message content reaches its limit." (发送消息 error table)
    if (Buffer.byteLength(raw) > limit) return fail(c, 230025, 'The length of the message content reaches its limit.');
    const content = this.parseContent(body.msg_type, body.content);
    if (!content.ok) return fail(c, content.code, content.msg);
    const message: FakeMessage = {
      messageId: newMessageId(),
      chatId: body.receive_id,
      uuid: body.uuid,
      msgType: body.msg_type,
      card: content.card,
      updates: [],
      sentAt: Date.now(),
      sender: 'app',
      recalled: false,
    };
    this.messages.push(message);
    if (hang) await new Promise((r) => setTimeout(r, this.chaos!.hangMs));
    if (this.answerDelayMs > 0) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    return c.json({ code: 0, msg: 'success', data: { message_id: message.messageId, chat_id: message.chatId, msg_type: message.msgType } });
  }

  /** 发送消息 注意事项 and error table: who a message can reach. */
  private recipientRefusal(idType: 'chat_id' | 'open_id', id: string): { code: number; msg: string } | undefined {
    // "给群组发送消息，需要机器人在群组中": 230002 "The bot can not be outside the group."
    if (idType === 'chat_id') return this.chats.has(id) ? undefined : { code: 230002, msg: 'The bot can not be outside the group.' };
    // "给用户发送消息，需要机器人对用户有可用性": 230013 "Bot has NO availability to this user."; also
    // 230053 (stopped the bot), 230029 (resigned), 230038 (cross-tenant p2p); 230034 for a malformed id.
    if (!id.startsWith('ou_')) return { code: 230034, msg: 'The receive_id is invalid.' };
    const code = this.unreachable.get(id);
    return code === undefined ? undefined : { code, msg: `refused for this user (${code})` };
  }

  private parseContent(msgType: string, content: string): { ok: true; card: any } | { ok: false; code: number; msg: string } {
    if (msgType === 'interactive') return checkCard(content);
    let parsed: any;
    try {
      parsed = JSON.parse(content);
    } catch {
      return { ok: false, code: 230001, msg: 'invalid content' };
    }
    // 发送消息内容结构: text is {"text": "…"}; post is {"zh_cn": {"title", "content": [[…]]}, …}.
    if (msgType === 'text' && typeof parsed?.text !== 'string') return { ok: false, code: 230001, msg: 'text content must be {"text": string}' };
    if (msgType === 'post' && !Object.values(parsed ?? {}).some((v: any) => Array.isArray(v?.content)))
      return { ok: false, code: 230001, msg: 'post content needs a locale with content' };
    return { ok: true, card: parsed };
  }

  private async patch(c: Context) {
    const message = this.messages.find((m) => m.messageId === c.req.param('id'));
    // "如何解决 230001 错误": "invalid message_id"; a message that is not the app's card: "ext=This
    // message is NOT a card" (reported in go-lark/lark#48). The document title: 更新**应用发送的**消息卡片;
    // "仅支持更新消息卡片(interactive类型)".
    if (!message) return fail(c, 230001, 'Your request contains an invalid request parameter, ext=invalid message_id');
    if (message.sender !== 'app' || message.msgType !== 'interactive')
      return fail(c, 230001, 'Your request contains an invalid request parameter, ext=This message is NOT a card');
    // "仅支持对所有人更新未撤回的「共享卡片」消息" → 230011 "The message is recalled."
    if (message.recalled) return fail(c, 230011, 'The message is recalled.');
    // "仅支持修改14天内发送的消息" → 230031.
    if (message.sentAt < Date.now() - 14 * DAY) return fail(c, 230031, 'Message can only be modified within 14 days after sending.');
    // "单条消息更新频控为5QPS" → 230020.
    if (this.overLimit(`update:${message.messageId}`, 5, 1000)) return this.tooFast(c, 230020, 'update:' + message.messageId);
    const raw = await c.req.text();
    if (Buffer.byteLength(raw) > MAX_BODY_BYTES.interactive!) return fail(c, 230025, 'The length of the message content reaches its limit.');
    const card = checkCard((JSON.parse(raw) as { content: string }).content);
    if (!card.ok) return fail(c, card.code, card.msg);
    // "需在卡片的config属性中，显式声明 "update_multi":true": the card sent and its replacement both.
    // No code is documented for a card that is not shared; 230001 (参数错误) stands in.
    if (message.card.config?.update_multi !== true || card.card.config?.update_multi !== true)
      return fail(c, 230001, 'Your request contains an invalid request parameter, ext=only shared cards (update_multi: true) can be updated');
    message.card = card.card;
    message.updates.push(card.card);
    return c.json({ code: 0, msg: 'success', data: {} });
  }

  private async urgentApp(c: Context) {
    // "user_id_type 必填" (查询参数; its default is also given as open_id — requiring it is the stricter reading).
    if (!c.req.query('user_id_type')) return fail(c, 230001, 'user_id_type is required');
    // "默认接口限流为50 QPS".
    if (this.overLimit('urgent', 50, 1000)) return this.tooFast(c, 99991400, 'urgent', 429);
    const message = this.messages.find((m) => m.messageId === c.req.param('id'));
    if (!message) return fail(c, 230001, 'invalid message_id');
    // "只能加急机器人自己发送的消息" → 230012 "Bot is NOT the sender of the message."
    if (message.sender !== 'app') return fail(c, 230012, 'Bot is NOT the sender of the message.');
    // "加急时机器人需要在加急消息所在的群中" → 230002.
    const p2p = message.chatId.startsWith('ou_');
    if (!p2p && !this.chats.has(message.chatId)) return fail(c, 230002, 'The bot can not be outside the group.');
    const { user_id_list: ids } = (await c.req.json()) as { user_id_list?: string[] };
    // "目标用户的ID，列表不可为空"; "请确保…用户在加急消息所在的群组中"; "当所有的用户ID无效时，将返回230001错误码".
    if (!Array.isArray(ids) || ids.length === 0) return fail(c, 230001, 'user_id_list is empty');
    const inChat = (id: string) => (p2p ? id === message.chatId : (this.members.get(message.chatId)?.has(id) ?? false));
    const valid = ids.filter(inChat);
    if (valid.length === 0) return fail(c, 230001, 'all user ids are invalid');
    // "加急用户的未读加急总数不能超过200条" → 230023.
    if (valid.some((id) => (this.unreadUrgent.get(id) ?? 0) >= 200)) return fail(c, 230023, 'The user has too many unread urgent messages.');
    for (const id of valid) this.unreadUrgent.set(id, (this.unreadUrgent.get(id) ?? 0) + 1);
    this.urgent.push({ messageId: message.messageId, userIds: valid });
    if (this.urgentAnswerDelayMs > 0) await new Promise((r) => setTimeout(r, this.urgentAnswerDelayMs));
    return c.json({ code: 0, msg: 'success', data: { invalid_user_id_list: ids.filter((id) => !inChat(id)) } });
  }

  /**
   * 发送仅特定人可见的消息卡片. Rules, as the document states them:
   * - "接口频率限制 1000 次/分钟、50 次/秒" per app, and "对同一个群组发送仅特定人可见的消息卡片时，该接口的调用频率上限是 40 QPS".
   * - Body: `chat_id`, one of `open_id` / `user_id` / `email`, `msg_type` "interactive", `card` an object.
   * - "请确保…机器人在会话群里"; "该接口不支持群模式为话题的话题群（topic），仅支持普通对话群组（group）";
   *   "只能发送给群聊中的特定用户". The document gives no code for these refusals: 230002 (bot not in
   *   the group, the IM code for the same condition), 230001 (参数错误) for a topic group and for a
   *   person not in the group stand in.
   * - The answer: `data.message_id`. The card is not a message of the chat: PATCH and urgent_app find
   *   no such message (the document offers only 删除仅特定人可见的消息卡片 afterwards).
   */
  private async sendEphemeral(c: Context) {
    if (this.overLimit('ephemeral:s', 50, 1000) || this.overLimit('ephemeral:min', 1000, 60_000)) return this.tooFast(c, 99991400, 'ephemeral', 429);
    const body = (await c.req.json()) as { chat_id?: unknown; open_id?: unknown; user_id?: unknown; email?: unknown; msg_type?: unknown; card?: unknown };
    if (typeof body.chat_id !== 'string' || !body.chat_id) return fail(c, 230001, 'chat_id is required');
    if (this.overLimit(`ephemeral:${body.chat_id}`, 40, 1000)) return this.tooFast(c, 99991400, `ephemeral:${body.chat_id}`, 429);
    const who = [body.open_id, body.user_id, body.email].filter((v) => typeof v === 'string' && v);
    if (who.length !== 1) return fail(c, 230001, 'exactly one of open_id, user_id, email is required');
    if (typeof body.open_id !== 'string') return fail(c, 230001, 'only open_id is faked');
    if (body.msg_type !== 'interactive') return fail(c, 230001, 'msg_type must be interactive');
    if (typeof body.card !== 'object' || body.card === null || Array.isArray(body.card)) return fail(c, 230001, 'card must be an object');
    if (!this.chats.has(body.chat_id)) return fail(c, 230002, 'The bot can not be outside the group.');
    if (this.topicChats.has(body.chat_id)) return fail(c, 230001, 'ephemeral cards are not supported in topic groups');
    if (!(this.members.get(body.chat_id)?.has(body.open_id) ?? false)) return fail(c, 230001, 'the user is not in the chat');
    const card = checkCard(JSON.stringify(body.card));
    if (!card.ok) return fail(c, card.code, card.msg);
    const messageId = newMessageId();
    this.ephemeral.push({ messageId, chatId: body.chat_id, openId: body.open_id, card: card.card });
    return c.json({ code: 0, msg: 'success', data: { message_id: messageId } });
  }

  /** A small seeded generator (mulberry32), so a chaotic run can be repeated. */
  private random(): number {
    const s = (this.chaos!.seed = (this.chaos!.seed + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private authorised(c: Context) {
    if (c.req.header('authorization') !== `Bearer ${this.token}`) return c.json({ code: 99991663, msg: 'Invalid access token for authorization.' }, 400);
    return undefined;
  }

  private overLimit(key: string, max: number, windowMs: number): boolean {
    const now = Date.now();
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    const over = list.length >= max;
    if (!over) list.push(now);
    this.hits.set(key, list);
    return over;
  }

  private tooFast(c: Context, code: number, what: string, status: 400 | 429 = 400) {
    this.throttled.push(what);
    c.header('x-ogw-ratelimit-reset', '1');
    return c.json({ code, msg: 'request trigger frequency limit' }, status);
  }
}

/** Every refusal in the IM tables is HTTP 400 with `code` and `msg` (发送消息 error table). */
function fail(c: Context, code: number, msg: string) {
  return c.json({ code, msg }, 400);
}

function newMessageId(): string {
  return `om_${randomBytes(12).toString('hex')}`;
}
