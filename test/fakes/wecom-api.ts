// A local fake of the WeCom server API (docs/platforms/wecom.md) and of group robot webhooks
// (消息推送), refusing what the documents say WeCom refuses (the shared checks and their quotes
// are in wecom-rules.ts). App: gettoken; message/send with task_id rules (42014), card rules
// (42045), markdown ≤ 2048 bytes and a response_code per interactive card; update_template_card
// that needs recipients and spends a response_code once; 30 messages a minute per member (45009);
// token invalidation (40014). Webhook: text/markdown/markdown_v2/template_card with their limits,
// 20 messages a minute per robot. Answers are JSON with errcode, as WeCom's are.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { LoopbackFake } from '../helpers/listen';
import { markdownTooLong, markdownV2Refusal, taskIdRefusal, templateCardRefusal, type Refusal } from './wecom-rules';

export class FakeWecomApi extends LoopbackFake {
  readonly corpId = 'ww_fake_corp';
  readonly secret = 'fake-wecom-secret';
  readonly sent: any[] = [];
  /** update_template_card calls that WeCom accepted. */
  readonly cardUpdates: any[] = [];
  cardUpdatesRefused = 0;
  /** Failure injection: the next update_template_card is answered with this, whatever it carries. */
  refuseNextUpdate: Refusal | undefined;
  /** Every refused call, app and webhook, with the body that was refused. */
  readonly refused: { path: string; errcode: number; errmsg: string; body: any }[] = [];
  private unspentCardCodes = new Set<string>();
  /** Group robot webhook posts, by key. */
  readonly robot = new Map<string, any[]>();
  robotThrottled = 0;
  /**
   * The errcode a throttled webhook answers. WWD 99110 states the limit ("每个机器人发送的消息不能
   * 超过20条/分钟") but not the code; tests may set another to show either reading works.
   */
  robotThrottleErrcode = 45009;
  tokenFetches = 0;
  private token = '';
  private taskIds = new Set<string>();
  private perUser = new Map<string, number[]>();

  /** `wallNow`: the fake's own minute windows run on it (a test may move it on). */
  constructor(private readonly wallNow: () => number = Date.now) {
    super();
  }

  /** Someone else posted `n` messages through this group robot key in the last minute. */
  robotBusy(key: string, n: number): void {
    this.perUser.set(
      `robot:${key}`,
      Array.from({ length: n }, () => this.wallNow()),
    );
  }

  /** WeCom may invalidate a token early: the next call answers 40014. */
  invalidateToken(): void {
    this.token = 'revoked';
  }

  async start(): Promise<this> {
    const app = new Hono();
    const refuse = (c: { json: (b: unknown) => Response }, path: string, refusal: Refusal, body: unknown) => {
      this.refused.push({ path, ...refusal, body });
      return c.json(refusal);
    };
    app.get('/cgi-bin/gettoken', (c) => {
      if (c.req.query('corpid') !== this.corpId || c.req.query('corpsecret') !== this.secret) return c.json({ errcode: 40001, errmsg: 'invalid credential' });
      this.tokenFetches++;
      this.token = `tok-${randomBytes(6).toString('hex')}`;
      return c.json({ errcode: 0, errmsg: 'ok', access_token: this.token, expires_in: 7200 });
    });
    app.post('/cgi-bin/message/send', async (c) => {
      if (!this.tokenValid(c.req.query('access_token'))) return c.json({ errcode: 40014, errmsg: 'invalid access_token' });
      const body = (await c.req.json()) as any;
      const now = this.wallNow();
      // "每应用对同一个成员不可超过30次/分钟" (WWD 90454).
      const recent = (this.perUser.get(body.touser) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= 30) return c.json({ errcode: 45009, errmsg: 'api freq out of limit' });
      const refusal = this.appMessageRefusal(body);
      if (refusal) return refuse(c, '/cgi-bin/message/send', refusal, body);
      if (body.msgtype === 'template_card') this.taskIds.add(body.template_card.task_id);
      recent.push(now);
      this.perUser.set(body.touser, recent);
      this.sent.push(body);
      // "仅有按钮交互型、投票选择型、多项选择型…的卡片支持回调更新或通过接口更新卡片"; the send
      // answers a response_code for them (WWD 90236).
      const extra =
        body.msgtype === 'template_card' && body.template_card.card_type === 'button_interaction'
          ? { response_code: `rc-${randomBytes(6).toString('hex')}` }
          : {};
      if (extra.response_code) this.unspentCardCodes.add(extra.response_code);
      return c.json({ errcode: 0, errmsg: 'ok', msgid: `msg-${this.sent.length}`, ...extra });
    });
    // WWD 94888: "通过response_code用户可以调用本接口一次…response_code的有效期是72小时". The
    // errcode for a spent code is not documented where we could read it; 40099 stands in.
    app.post('/cgi-bin/message/update_template_card', async (c) => {
      if (!this.tokenValid(c.req.query('access_token'))) return c.json({ errcode: 40014, errmsg: 'invalid access_token' });
      const body = (await c.req.json()) as any;
      const refusal = this.refuseNextUpdate ?? updateRefusal(body);
      this.refuseNextUpdate = undefined;
      if (refusal) {
        this.cardUpdatesRefused++;
        return refuse(c, '/cgi-bin/message/update_template_card', refusal, body);
      }
      if (!this.unspentCardCodes.delete(body.response_code)) {
        this.cardUpdatesRefused++;
        return refuse(c, '/cgi-bin/message/update_template_card', { errcode: 40099, errmsg: 'invalid response_code' }, body);
      }
      this.cardUpdates.push(body);
      return c.json({ errcode: 0, errmsg: 'ok' });
    });
    // Group robot webhook: the key is the credential; "每个机器人发送的消息不能超过20条/分钟" (WWD 99110).
    app.post('/cgi-bin/webhook/send', async (c) => {
      const key = c.req.query('key') ?? '';
      if (!key.startsWith('robot-')) return c.json({ errcode: 93000, errmsg: 'invalid webhook url' });
      const body = (await c.req.json()) as any;
      const now = this.wallNow();
      const recent = (this.perUser.get(`robot:${key}`) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= 20) {
        this.robotThrottled++;
        return c.json({ errcode: this.robotThrottleErrcode, errmsg: 'api freq out of limit' });
      }
      const refusal = webhookRefusal(body);
      if (refusal) return refuse(c, '/cgi-bin/webhook/send', refusal, body);
      recent.push(now);
      this.perUser.set(`robot:${key}`, recent);
      const list = this.robot.get(key) ?? [];
      list.push(body);
      this.robot.set(key, list);
      return c.json({ errcode: 0, errmsg: 'ok' });
    });
    await this.serve(app);
    return this;
  }

  to(user: string): any[] {
    return this.sent.filter((m) => m.touser === user);
  }

  private tokenValid(token: string | undefined): boolean {
    return token === this.token && this.token !== 'revoked';
  }

  private appMessageRefusal(body: any): Refusal | undefined {
    switch (body.msgtype) {
      case 'markdown':
        return markdownTooLong(body.markdown?.content, 2048);
      case 'template_card':
        return taskIdRefusal(body.template_card?.task_id, this.taskIds) ?? templateCardRefusal(body.template_card);
      default:
        return { errcode: 40008, errmsg: `invalid message type ${String(body.msgtype)}` };
    }
  }
}

/**
 * An update names whom it updates: "userids 企业的成员ID列表（最多支持1000个）… partyids … tagids …
 * atall 更新整个任务接收人员" (WWD 94888/94945). One naming no one reaches no one; WeCom's answer to
 * that on send is 81013 ("user & party & tag all invalid"), which stands in here. The new card
 * follows the card rules.
 */
function updateRefusal(body: any): Refusal | undefined {
  const named = (k: string) => Array.isArray(body[k]) && body[k].length > 0;
  if (!named('userids') && !named('partyids') && !named('tagids') && body.atall !== 1) return { errcode: 81013, errmsg: 'user & party & tag all invalid' };
  if (body.button)
    return typeof body.button.replace_name === 'string' && body.button.replace_name ? undefined : { errcode: 40058, errmsg: 'button.replace_name missing' };
  return templateCardRefusal(body.template_card);
}

/**
 * What a group robot webhook accepts (WWD 99110): text "文本内容，最长不超过2048个字节，必须是utf8
 * 编码" with optional mentioned_list ("userid的列表，提醒群中的指定成员(@某个成员)"); markdown and
 * markdown_v2 up to 4096 bytes, markdown_v2 without `<@userid>`/`<font>`; template cards by the
 * card rules. Nothing else is used by this bot.
 */
function webhookRefusal(body: any): Refusal | undefined {
  switch (body.msgtype) {
    case 'text': {
      const content = body.text?.content;
      if (typeof content !== 'string' || content.length === 0) return { errcode: 44004, errmsg: 'empty content' };
      if (Buffer.byteLength(content) > 2048) return { errcode: 40058, errmsg: 'text.content exceed max length 2048' };
      const list = body.text.mentioned_list;
      if (list !== undefined && (!Array.isArray(list) || list.some((u: unknown) => typeof u !== 'string' || !u)))
        return { errcode: 40058, errmsg: 'mentioned_list must list userids' };
      return undefined;
    }
    case 'markdown':
      return markdownTooLong(body.markdown?.content, 4096);
    case 'markdown_v2':
      return markdownTooLong(body.markdown_v2?.content, 4096) ?? markdownV2Refusal(body.markdown_v2?.content);
    case 'template_card':
      return templateCardRefusal(body.template_card);
    default:
      return { errcode: 40008, errmsg: `invalid message type ${String(body.msgtype)}` };
  }
}
