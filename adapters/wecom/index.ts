// WeCom self-built app: GET /webhook/wecom/app answers the URL check; POST carries messages and
// card clicks. Verify → decode → core; a click is answered at once with an encrypted passive
// reply that replaces the clicked button with the outcome (WeCom updates a card only once).
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Core } from '../../src/core/context';
import { handleInbound } from '../../src/core/inbound/handle';
import type { PlatformAdapter } from '../../src/core/ports';
import type { Logger } from '../../src/logger';
import type { OutboxDrain } from '../../src/outbox/drain';
import { WecomApi } from './api';
import type { WecomAppConfig } from './config';
import { getSignature, seal } from './crypto';
import { decodeWecomApp } from './decode';
import { wecomAppAdapter } from './send';
import { allGroups } from '../../src/core/org/groups';
import { parseCallbackXml, verifyCallback, verifyUrl } from './verify';

export interface WecomApp {
  adapter: PlatformAdapter;
  routes: Hono;
}

export function createWecomApp(config: WecomAppConfig, deps: { core: Core; drain: OutboxDrain; logger: Logger }): WecomApp {
  const log = deps.logger.child({ platform: 'wecom' });
  const secrets = { token: config.token, encodingAESKey: config.encodingAESKey, receiveId: config.corpId };
  const api = new WecomApi({ apiBase: config.apiBase, corpId: config.corpId, secret: config.secret });
  const routes = new Hono();

  routes.get('/', (c) => {
    const checked = verifyUrl(c.req.query(), secrets);
    if (!checked.ok) {
      log.warn({ reason: checked.reason }, 'wecom: URL check refused');
      return c.text('unauthorised', checked.status);
    }
    // The plaintext echo, exactly: no quotes, no newline (WeCom compares it byte for byte).
    return c.body(checked.plaintext, 200, { 'content-type': 'text/plain; charset=utf-8' });
  });

  routes.post('/', async (c) => {
    const checked = verifyCallback(c.req.query(), await c.req.text(), secrets);
    if (!checked.ok) {
      log.warn({ reason: checked.reason }, 'wecom: callback refused');
      return c.text(checked.status === 400 ? 'bad request' : 'unauthorised', checked.status);
    }
    const fields = parseCallbackXml(checked.plaintext);
    const decoded = fields ? decodeWecomApp(fields) : { kind: 'invalid' as const, reason: 'decrypted body is not XML' };
    if (decoded.kind === 'invalid') {
      log.warn({ reason: decoded.reason }, 'wecom: malformed callback');
      return c.text('bad request', 400);
    }
    if (decoded.kind === 'ignored') return c.body('', 200);
    const result = handleInbound(deps.core, decoded.event);
    setImmediate(() => deps.drain.drain().catch((err) => log.error({ err }, 'wecom: drain after event failed')));
    if (decoded.kind === 'message' || result.outcome === 'duplicate' || result.outcome === 'ignored') return c.body('', 200);
    // The clicked card's button now says what happened ("已同意 A1", "已由张三认领"…).
    return c.body(passiveReply(fields!, result.toast, config), 200, { 'content-type': 'application/xml' });
  });

  // Group robot keys live in the organisation file (groups[].extra.webhookKey), read per send so an
  // edited file takes effect at the next start without code here knowing the table.
  const robotKeyOf = (chatId: string) => allGroups(deps.core.db).find((g) => g.platform === 'wecom' && g.chatId === chatId)?.extra?.webhookKey;
  return { adapter: wecomAppAdapter(api, config.agentId, robotKeyOf), routes };
}

/** An encrypted passive reply of type update_button (WWD 90241), sealed for our corp. */
function passiveReply(fields: Record<string, unknown>, label: string, config: WecomAppConfig): string {
  const now = Math.floor(Date.now() / 1000);
  const inner =
    `<xml><ToUserName><![CDATA[${String(fields.FromUserName)}]]></ToUserName><FromUserName><![CDATA[${config.corpId}]]></FromUserName>` +
    `<CreateTime>${now}</CreateTime><MsgType><![CDATA[update_button]]></MsgType><Button><ReplaceName><![CDATA[${label.replace(/]]>/g, '')}]]></ReplaceName></Button></xml>`;
  const encrypted = seal(config.encodingAESKey, inner, config.corpId);
  const nonce = randomBytes(8).toString('hex');
  const signature = getSignature(config.token, now, nonce, encrypted);
  return `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>${now}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
}
