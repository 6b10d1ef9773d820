// A local fake of the Feishu Open API, speaking the documented protocol (platforms.md §3): tenant
// token, bot info, send with uuid dedupe, PATCH, urgent_app, the documented rate limits (50/s and
// 1000/min per app, 5/s per chat, 5/s per message update) and error codes. The real SDK Client is
// pointed at it; nothing of ours is mocked.
import { randomBytes } from 'node:crypto';
import { LoopbackFake } from '../helpers/listen';
import { Hono, type Context } from 'hono';

export interface FakeMessage {
  messageId: string;
  chatId: string;
  uuid: string | undefined;
  card: any;
  updates: any[];
}

const CARD_TAGS = new Set(['markdown', 'hr', 'column_set', 'column', 'button', 'div', 'img', 'plain_text']);
const TEMPLATES = new Set(['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey', 'default']);

export class FakeFeishuApi extends LoopbackFake {
  readonly appId = 'cli_fake_app';
  readonly appSecret = 'fake-secret';
  readonly botOpenId = 'ou_bot';
  readonly messages: FakeMessage[] = [];
  readonly urgent: { messageId: string; userIds: string[] }[] = [];
  readonly throttled: string[] = [];
  readonly chats = new Set<string>();
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
  private token = `t-${randomBytes(8).toString('hex')}`;
  private hits = new Map<string, number[]>();

  async start(): Promise<this> {
    const app = new Hono();
    app.post('/open-apis/auth/v3/tenant_access_token/internal', async (c) => {
      const body = (await c.req.json()) as { app_id?: string; app_secret?: string };
      if (body.app_id !== this.appId || body.app_secret !== this.appSecret) return c.json({ code: 10014, msg: 'app secret invalid' }, 400);
      return c.json({ code: 0, msg: 'ok', tenant_access_token: this.token, expire: 7200 });
    });
    app.get('/open-apis/bot/v3/info', (c) => this.authorised(c) ?? c.json({ code: 0, msg: 'ok', bot: { open_id: this.botOpenId, app_name: '烽火' } }));
    app.post('/open-apis/im/v1/messages', async (c) => this.authorised(c) ?? this.send(c));
    app.patch('/open-apis/im/v1/messages/:id/urgent_app', async (c) => {
      const denied = this.authorised(c);
      if (denied) return denied;
      const body = (await c.req.json()) as { user_id_list: string[] };
      this.urgent.push({ messageId: c.req.param('id'), userIds: body.user_id_list });
      return c.json({ code: 0, msg: 'success', data: { invalid_user_id_list: [] } });
    });
    app.patch('/open-apis/im/v1/messages/:id', async (c) => {
      const denied = this.authorised(c);
      if (denied) return denied;
      const message = this.messages.find((m) => m.messageId === c.req.param('id'));
      if (!message) return c.json({ code: 230001, msg: 'message not found' }, 400);
      if (this.overLimit(`update:${message.messageId}`, 5, 1000)) return this.tooFast(c, 230020, 'update:' + message.messageId);
      const card = this.parseCard(((await c.req.json()) as { content: string }).content);
      if ('error' in card) return c.json({ code: card.error, msg: 'card invalid' }, 400);
      message.card = card.card;
      message.updates.push(card.card);
      return c.json({ code: 0, msg: 'success', data: {} });
    });
    await this.serve(app);
    return this;
  }

  /** All messages in one chat, oldest first. */
  inChat(chatId: string): FakeMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  private async send(c: Context) {
    const idType = c.req.query('receive_id_type');
    if (idType !== 'chat_id' && idType !== 'open_id') return c.json({ code: 230001, msg: 'receive_id_type' }, 400);
    const body = (await c.req.json()) as { receive_id: string; msg_type: string; content: string; uuid?: string };
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
    // uuid: a request with the same uuid succeeds at most once within an hour.
    const earlier = body.uuid ? this.messages.find((m) => m.uuid === body.uuid) : undefined;
    if (earlier) return c.json({ code: 0, msg: 'success', data: { message_id: earlier.messageId, chat_id: earlier.chatId } });
    if (this.overLimit('app:s', 50, 1000) || this.overLimit('app:min', 1000, 60_000)) return this.tooFast(c, 99991400, 'app', 429);
    if (this.overLimit(`chat:${body.receive_id}`, 5, 1000)) return this.tooFast(c, 230020, `chat:${body.receive_id}`);
    // A person (open_id) is reachable when the id looks like one; a chat only when the bot is in it.
    if (idType === 'open_id' ? !body.receive_id.startsWith('ou_') : !this.chats.has(body.receive_id))
      return c.json({ code: idType === 'open_id' ? 230013 : 230002, msg: 'Bot/User can NOT be out of the chat.' }, 400);
    if (body.msg_type !== 'interactive') return c.json({ code: 230001, msg: 'only interactive in this fake' }, 400);
    const card = this.parseCard(body.content);
    if ('error' in card) return c.json({ code: card.error, msg: 'card invalid' }, 400);
    const message: FakeMessage = { messageId: `om_${randomBytes(12).toString('hex')}`, chatId: body.receive_id, uuid: body.uuid, card: card.card, updates: [] };
    this.messages.push(message);
    if (hang) await new Promise((r) => setTimeout(r, this.chaos!.hangMs));
    if (this.answerDelayMs > 0) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    return c.json({ code: 0, msg: 'success', data: { message_id: message.messageId, chat_id: message.chatId, msg_type: 'interactive' } });
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

  /** Card JSON 2.0 as the platform checks it: schema, a known header template, known element tags. */
  private parseCard(content: string): { card: any } | { error: number } {
    if (Buffer.byteLength(content) > 30 * 1024) return { error: 230025 };
    let card: any;
    try {
      card = JSON.parse(content);
    } catch {
      return { error: 230099 };
    }
    if (card.schema !== '2.0' || !Array.isArray(card.body?.elements) || !TEMPLATES.has(card.header?.template)) return { error: 230099 };
    const walk = (el: any): boolean =>
      typeof el?.tag === 'string' && CARD_TAGS.has(el.tag) && (el.columns ?? []).every(walk) && (el.elements ?? []).every(walk);
    return card.body.elements.every(walk) ? { card } : { error: 230099 };
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
