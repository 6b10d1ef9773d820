// A local fake of the WeCom server API (platforms.md §5.6–5.7): gettoken, message/send with
// task_id uniqueness (42014) and a response_code per interactive card, update_template_card that
// spends a response_code once, the 30-per-minute-per-member limit (45009), token invalidation
// (40014), group robot webhooks (20 a minute per robot) and intelligent-robot response_urls (one
// reply each). Answers are JSON with errcode, as WeCom's are. The errcode for a spent
// response_code is not documented where we could read it; 40099 stands in for it.
import { randomBytes } from 'node:crypto';
import { LoopbackFake } from '../helpers/listen';
import { Hono } from 'hono';

export class FakeWecomApi extends LoopbackFake {
  readonly corpId = 'ww_fake_corp';
  readonly secret = 'fake-wecom-secret';
  readonly sent: any[] = [];
  /** update_template_card calls that WeCom accepted. */
  readonly cardUpdates: any[] = [];
  cardUpdatesRefused = 0;
  private unspentCardCodes = new Set<string>();
  /** Group robot webhook posts, by key. */
  readonly robot = new Map<string, any[]>();
  robotThrottled = 0;
  /** Replies through intelligent-robot response_urls: code → body. */
  readonly responses = new Map<string, any>();
  private responseCodes = new Set<string>();
  tokenFetches = 0;
  private token = '';
  private taskIds = new Set<string>();
  private perUser = new Map<string, number[]>();

  /** WeCom may invalidate a token early: the next call answers 40014. */
  invalidateToken(): void {
    this.token = 'revoked';
  }

  async start(): Promise<this> {
    const app = new Hono();
    app.get('/cgi-bin/gettoken', (c) => {
      if (c.req.query('corpid') !== this.corpId || c.req.query('corpsecret') !== this.secret) return c.json({ errcode: 40001, errmsg: 'invalid credential' });
      this.tokenFetches++;
      this.token = `tok-${randomBytes(6).toString('hex')}`;
      return c.json({ errcode: 0, errmsg: 'ok', access_token: this.token, expires_in: 7200 });
    });
    app.post('/cgi-bin/message/send', async (c) => {
      if (c.req.query('access_token') !== this.token || this.token === 'revoked') return c.json({ errcode: 40014, errmsg: 'invalid access_token' });
      const body = (await c.req.json()) as any;
      const now = Date.now();
      const recent = (this.perUser.get(body.touser) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= 30) return c.json({ errcode: 45009, errmsg: 'api freq out of limit' });
      if (body.msgtype === 'template_card') {
        const taskId = body.template_card?.task_id;
        if (!taskId || this.taskIds.has(taskId)) return c.json({ errcode: 42014, errmsg: 'taskid has existed or empty or exceed max len' });
        this.taskIds.add(taskId);
      }
      recent.push(now);
      this.perUser.set(body.touser, recent);
      this.sent.push(body);
      const extra = body.msgtype === 'template_card' ? { response_code: `rc-${randomBytes(6).toString('hex')}` } : {};
      if (extra.response_code) this.unspentCardCodes.add(extra.response_code);
      return c.json({ errcode: 0, errmsg: 'ok', msgid: `msg-${this.sent.length}`, ...extra });
    });
    // A card is replaced once per response_code (72 h, single use).
    app.post('/cgi-bin/message/update_template_card', async (c) => {
      if (c.req.query('access_token') !== this.token || this.token === 'revoked') return c.json({ errcode: 40014, errmsg: 'invalid access_token' });
      const body = (await c.req.json()) as any;
      if (!this.unspentCardCodes.delete(body.response_code)) {
        this.cardUpdatesRefused++;
        return c.json({ errcode: 40099, errmsg: 'invalid response_code' });
      }
      this.cardUpdates.push(body);
      return c.json({ errcode: 0, errmsg: 'ok' });
    });
    // Group robot webhook: the key is the credential; at most 20 messages a minute per robot.
    app.post('/cgi-bin/webhook/send', async (c) => {
      const key = c.req.query('key') ?? '';
      if (!key.startsWith('robot-')) return c.json({ errcode: 93000, errmsg: 'invalid webhook url' });
      const now = Date.now();
      const recent = (this.perUser.get(`robot:${key}`) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= 20) {
        this.robotThrottled++;
        return c.json({ errcode: 45009, errmsg: 'api freq out of limit' });
      }
      recent.push(now);
      this.perUser.set(`robot:${key}`, recent);
      const list = this.robot.get(key) ?? [];
      list.push(await c.req.json());
      this.robot.set(key, list);
      return c.json({ errcode: 0, errmsg: 'ok' });
    });
    // An intelligent-robot message's response_url: one reply, then the code is spent.
    app.post('/cgi-bin/aibot/response', async (c) => {
      const code = c.req.query('response_code') ?? '';
      if (!this.responseCodes.delete(code)) return c.json({ errcode: 40099, errmsg: 'invalid response_code' });
      this.responses.set(code, await c.req.json());
      return c.json({ errcode: 0, errmsg: 'ok' });
    });
    await this.serve(app);
    return this;
  }

  /** A fresh response_url, as WeCom puts in each message it delivers to the robot. */
  responseUrl(): { code: string; url: string } {
    const code = `resp-${randomBytes(6).toString('hex')}`;
    this.responseCodes.add(code);
    return { code, url: `${this.url}/cgi-bin/aibot/response?response_code=${code}` };
  }

  to(user: string): any[] {
    return this.sent.filter((m) => m.touser === user);
  }
}
