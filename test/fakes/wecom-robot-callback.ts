// WeCom's side of the intelligent robot's HTTP callback mode: it seals, signs and posts callbacks
// to the bot as WeCom does (JSON `{"encrypt"}`, receive id "", WWD 101033), checks the encrypted
// passive reply it gets back, and serves the one-time response_urls each callback carries
// (`/cgi-bin/aibot/response`, WWD 101138). What the documents say WeCom refuses is refused with
// its errcode (shared checks and quotes: wecom-rules.ts).
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { Hono } from 'hono';
import { LoopbackFake } from '../helpers/listen';
import { markdownTooLong, markdownV2Refusal, taskIdRefusal, templateCardRefusal, type Refusal } from './wecom-rules';

type Request = (path: string, init: RequestInit) => Response | Promise<Response>;

interface IssuedUrl {
  chattype: 'single' | 'group';
  until: number;
  used: boolean;
}

export interface Delivered {
  status: number;
  /** The decrypted passive reply, when the bot answered with one and it passed the checks. */
  reply: any;
  /** Why the passive reply was refused, when it was. */
  refusedReply?: string | undefined;
  nonce: string;
}

/** Forgeries a test may need; `timestamp` is in seconds and defaults to now. */
export interface DeliverOptions {
  timestamp?: number;
  nonce?: string;
  receiveId?: string;
  signature?: string;
  raw?: string;
}

export class FakeRobotCallback extends LoopbackFake {
  /** Replies through response_urls: code → body. */
  readonly responses = new Map<string, any>();
  /** Every call to a response_url that WeCom refused. */
  readonly refused: { code: string; errcode: number; errmsg: string; body: any }[] = [];
  private readonly urls = new Map<string, IssuedUrl>();
  private readonly taskIds = new Set<string>();

  constructor(
    private readonly secrets: { token: string; aesKey: string },
    private readonly wallNow: () => number = Date.now,
  ) {
    super();
  }

  async start(): Promise<this> {
    const app = new Hono();
    app.post('/cgi-bin/aibot/response', async (c) => {
      const code = c.req.query('response_code') ?? '';
      const body = (await c.req.json()) as any;
      const refusal = this.replyRefusal(code, body);
      if (refusal) {
        this.refused.push({ code, ...refusal, body });
        return c.json(refusal);
      }
      if (body.msgtype === 'template_card') this.taskIds.add(body.template_card.task_id);
      this.responses.set(code, body);
      return c.json({ errcode: 0, errmsg: 'ok' });
    });
    await this.serve(app);
    return this;
  }

  /** A fresh response_url, as WeCom puts in each message and card click it delivers. */
  responseUrl(chattype: 'single' | 'group'): { code: string; url: string } {
    const code = `resp-${randomBytes(6).toString('hex')}`;
    this.urls.set(code, { chattype, until: this.wallNow() + 60 * 60 * 1000, used: false });
    return { code, url: `${this.url}/cgi-bin/aibot/response?response_code=${code}` };
  }

  /**
   * Seals, signs and posts `payload` to the bot's callback URL as WeCom does, then checks the
   * passive reply.
   */
  async deliver(request: Request, payload: unknown, opts: DeliverOptions = {}): Promise<Delivered> {
    const sealed = encrypt(this.secrets.aesKey, JSON.stringify(payload), opts.receiveId ?? '');
    const timestamp = String(opts.timestamp ?? Math.floor(this.wallNow() / 1000));
    const nonce = opts.nonce ?? randomBytes(5).toString('hex');
    const signature = opts.signature ?? getSignature(this.secrets.token, timestamp, nonce, sealed);
    const res = await request(`/webhook/wecom/bot?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: opts.raw ?? JSON.stringify({ encrypt: sealed }),
    });
    const text = await res.text();
    if (res.status !== 200 || text === '') return { status: res.status, reply: undefined, nonce };
    const checked = this.openReply(text, nonce, payload);
    return { status: res.status, nonce, ...checked };
  }

  /** The URL check WeCom makes when the admin saves the callback settings (GET, WWD 101033). */
  urlCheck(request: Request, echo: string, opts: { timestamp?: number } = {}): Promise<Response> {
    const echostr = encrypt(this.secrets.aesKey, echo, '');
    const timestamp = String(opts.timestamp ?? Math.floor(this.wallNow() / 1000));
    const nonce = randomBytes(5).toString('hex');
    const signature = getSignature(this.secrets.token, timestamp, nonce, echostr);
    return Promise.resolve(
      request(`/webhook/wecom/bot?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&echostr=${encodeURIComponent(echostr)}`, { method: 'GET' }),
    );
  }

  /**
   * The passive reply envelope: `{encrypt, msgsignature, timestamp, nonce}` with "timestamp 时间戳，
   * 要求为秒级别的" and "nonce 随机数，需要用回调url中的nonce" (WWD 101033), signed like a callback.
   * What it carries follows the reply rules (welcome or update_template_card).
   */
  private openReply(text: string, nonce: string, payload: unknown): { reply: any; refusedReply?: string } {
    let envelope: any;
    try {
      envelope = JSON.parse(text);
    } catch {
      return { reply: undefined, refusedReply: 'reply is not JSON' };
    }
    if (typeof envelope.encrypt !== 'string' || typeof envelope.msgsignature !== 'string')
      return { reply: undefined, refusedReply: 'reply lacks encrypt / msgsignature' };
    if (!Number.isInteger(envelope.timestamp) || String(envelope.timestamp).length !== 10)
      return { reply: undefined, refusedReply: 'timestamp is not in seconds' };
    if (envelope.nonce !== nonce) return { reply: undefined, refusedReply: 'nonce differs from the callback URL nonce' };
    if (getSignature(this.secrets.token, String(envelope.timestamp), envelope.nonce, envelope.encrypt) !== envelope.msgsignature)
      return { reply: undefined, refusedReply: 'bad msgsignature' };
    const opened = decrypt(this.secrets.aesKey, envelope.encrypt);
    if (opened.id !== '') return { reply: undefined, refusedReply: 'reply not sealed for receive id ""' };
    const reply = JSON.parse(opened.message);
    const refusal = passiveReplyRefusal(reply, payload);
    return refusal ? { reply: undefined, refusedReply: refusal.errmsg } : { reply };
  }

  /**
   * A response_url: "每个 response_url 用户可以调用接口一次， 该 response_url 有效期为 1 个小时"
   * (WWD 101138) — any call uses it; the errcode for a used or expired one is not documented,
   * 40099 stands in. It carries markdown (markdown_v2, "最长不超过20480个字节") or a template card,
   * and "template_card … 当且仅当回调的会话类型为单聊的时候，支持该主动回复类型"; the errcode for a
   * card in a group is not documented either: 40008 ("invalid message type", what this URL answers
   * a body of the wrong type) stands in.
   */
  private replyRefusal(code: string, body: any): Refusal | undefined {
    const issued = this.urls.get(code);
    if (!issued || issued.used || issued.until <= this.wallNow()) return { errcode: 40099, errmsg: 'invalid response_code' };
    issued.used = true;
    if (body?.msgtype === 'markdown') return markdownTooLong(body.markdown?.content, 20480) ?? markdownV2Refusal(body.markdown?.content);
    if (body?.msgtype === 'template_card') {
      if (issued.chattype !== 'single') return { errcode: 40008, errmsg: 'template_card is only for a single chat callback' };
      return taskIdRefusal(body.template_card?.task_id, this.taskIds) ?? templateCardRefusal(body.template_card);
    }
    return { errcode: 40008, errmsg: `invalid message type ${String(body?.msgtype)}` };
  }
}

/**
 * What a passive reply may carry (WWD 101031): to enter_chat, a text welcome ("目前仅支持进入会话
 * 回调事件时，支持被动回复文本消息") or a template card; to a card click, "response_type … 固定为
 * update_template_card" with a card whose "task_id需跟回调收到的task_id一致".
 */
function passiveReplyRefusal(reply: any, payload: any): Refusal | undefined {
  const event = payload?.event;
  if (event?.eventtype === 'template_card_event') {
    if (reply?.response_type !== 'update_template_card') return { errcode: 40008, errmsg: 'a click is answered with update_template_card' };
    const clicked = event.template_card_event?.task_id ?? event.task_id;
    if (reply.template_card?.task_id !== clicked) return { errcode: 40058, errmsg: 'task_id differs from the clicked card' };
    return templateCardRefusal(reply.template_card);
  }
  if (event?.eventtype === 'enter_chat') {
    if (reply?.msgtype === 'text')
      return typeof reply.text?.content === 'string' && reply.text.content ? undefined : { errcode: 44004, errmsg: 'empty content' };
    if (reply?.msgtype === 'template_card') return templateCardRefusal(reply.template_card);
    return { errcode: 40008, errmsg: 'a welcome is text or a template card' };
  }
  return { errcode: 40008, errmsg: 'this callback takes no passive reply here' };
}
