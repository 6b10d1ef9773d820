// WeCom self-built app: GET /webhook/wecom/app answers the URL check; POST carries messages and
// card clicks. Verify → decode → core; a click is answered at once with an encrypted passive
// reply that replaces the clicked button with the outcome (an app card changes only once, so its
// 刷新状态 button sends the card as it is now as a new message).
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { Inbound } from '../../src/core/inbound/index';
import type { Logger } from '../../src/logger';
import { clickCard } from './clicks';
import type { WecomAppConfig } from './config';
import { getSignature, seal } from './crypto';
import { decodeWecomApp } from './decode';
import { wecomCallbackRoutes } from './callback-routes';
import { parseCallbackXml, verifyCallback } from './verify';

export function appCallbackRoutes(config: WecomAppConfig, inbound: Inbound, logger: Logger): Hono {
  const log = logger.child({ transport: 'wecom-app' });
  const secrets = { token: config.token, encodingAESKey: config.encodingAESKey, receiveId: config.corpId };
  return wecomCallbackRoutes(
    secrets,
    verifyCallback,
    async (plaintext, c) => {
      const fields = parseCallbackXml(plaintext);
      const decoded = fields ? decodeWecomApp(fields) : { kind: 'invalid' as const, reason: 'decrypted body is not XML' };
      if (decoded.kind === 'invalid') {
        log.warn({ reason: decoded.reason }, 'wecom: malformed callback');
        return c.text('bad request', 400);
      }
      if (decoded.kind === 'ignored') return c.body('', 200);
      if (decoded.kind === 'message') {
        await inbound.receive(decoded.event);
        return c.body('', 200);
      }
      const outcome = await clickCard(inbound.receive, decoded, { resendOnRefresh: true });
      if (outcome.kind === 'duplicate') return c.body('', 200);
      // The clicked card's button now says what happened ("已同意 A1", "已由张三认领"…).
      const label = outcome.kind === 'refreshed' ? (outcome.card ? '已发送最新状态' : '卡片已失效，请发送「状态」') : outcome.toast;
      if (!label) return c.body('', 200);
      return c.body(passiveReply(fields!, label, config), 200, { 'content-type': 'application/xml' });
    },
    log,
  );
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
