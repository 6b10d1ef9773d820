// The intelligent robot's HTTP callback at /webhook/wecom/bot (WECOM_BOT_MODE=callback): GET is
// the URL check, POST carries encrypted JSON. The crypto is the app's with receive id "" (WWD
// 101033). A click is answered with an encrypted passive update_template_card; everything else
// with an empty 200, its reply going out through the message's response_url.
import type { Hono } from 'hono';
import type { Logger } from '../../src/logger';
import type { RobotInboundDeps } from './bot-inbound';
import { handleRobotPayload } from './bot-inbound';
import { getSignature, seal } from './crypto';
import { wecomCallbackRoutes } from './callback-routes';
import { verifyJsonCallback } from './verify';

export function robotCallbackRoutes(secrets: { token: string; encodingAESKey: string }, deps: RobotInboundDeps, logger: Logger): Hono {
  const log = logger.child({ transport: 'wecom-robot-callback' });
  const keys = { ...secrets, receiveId: '' };
  return wecomCallbackRoutes(
    keys,
    verifyJsonCallback,
    async (plaintext, c) => {
      let payload: unknown;
      try {
        payload = JSON.parse(plaintext);
      } catch {
        log.warn('wecom robot: decrypted body is not JSON');
        return c.text('bad request', 400);
      }
      const answer = await handleRobotPayload(payload, deps);
      if (answer.kind === 'invalid') {
        log.warn({ reason: answer.reason }, 'wecom robot: malformed callback');
        return c.text('bad request', 400);
      }
      if (answer.kind === 'none') return c.body('', 200);
      // verified, so the nonce is there
      const nonce = c.req.query('nonce')!;
      if (answer.kind === 'welcome') return c.json(sealedReply(JSON.stringify({ msgtype: 'text', text: { content: answer.text } }), nonce, secrets));
      const reply = { response_type: 'update_template_card', template_card: answer.templateCard, ...(answer.userids ? { userids: answer.userids } : {}) };
      return c.json(sealedReply(JSON.stringify(reply), nonce, secrets));
    },
    log,
  );
}

/**
 * The passive reply envelope of WeCom's JSON crypto: the reply sealed for receive id "" and
 * signed, with "timestamp 时间戳，要求为秒级别的" and "nonce 随机数，需要用回调url中的nonce" (WWD 101033).
 */
function sealedReply(plaintext: string, nonce: string, secrets: { token: string; encodingAESKey: string }) {
  const timestamp = Math.floor(Date.now() / 1000);
  const encrypt = seal(secrets.encodingAESKey, plaintext, '');
  return { encrypt, msgsignature: getSignature(secrets.token, timestamp, nonce, encrypt), timestamp, nonce };
}
