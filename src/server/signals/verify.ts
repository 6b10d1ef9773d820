// Authenticates a push to /api/signals over the raw bytes, before anything is parsed. Pure (the
// time is passed in) and fails closed: nothing configured, nothing presented, or any presented
// credential wrong → refused. Secrets are compared in constant time (crypto.timingSafeEqual over
// fixed-length digests), and every configured token is compared so timing does not say which.
//
// Token:     Authorization: Bearer <token>   (or X-Fenghuo-Token: <token>)
// Signature: X-Fenghuo-Timestamp: <unix seconds>
//            X-Fenghuo-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + raw body)>
// Signing the timestamp with the body and refusing stale ones stops a captured request being replayed later
// (the same scheme as Stripe's and Slack's webhook signatures); remembering the signatures accepted
// within the window (replay.ts) stops it being replayed sooner.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { bearerToken, sameSecret } from '../bearer';
import type { SignalsAuthConfig } from './config';
import type { RecentSignatures } from './replay';

/** `signature`: the accepted signature, when the request was signed (to release it if storing fails). */
export type SignalsAuth = { ok: true; sender: string; signature?: string } | { ok: false; status: 401 | 403; reason: string };

export const SIGNATURE_HEADER = 'x-fenghuo-signature';
export const TIMESTAMP_HEADER = 'x-fenghuo-timestamp';
export const TOKEN_HEADER = 'x-fenghuo-token';

export function verifySignalsRequest(
  config: SignalsAuthConfig,
  header: (name: string) => string | undefined,
  rawBody: Uint8Array,
  nowMs: number,
  recent?: RecentSignatures,
): SignalsAuth {
  if (config.tokens.size === 0 && !config.hmacSecret)
    return { ok: false, status: 403, reason: '信号接口未启用：管理员需设置 SIGNALS_TOKENS（按来源的令牌）或 SIGNALS_HMAC_SECRET（请求签名）' };
  const bearer = bearerToken(header('authorization'));
  const token = bearer ?? header(TOKEN_HEADER)?.trim();
  const signature = header(SIGNATURE_HEADER)?.trim();
  if (!token && !signature)
    return {
      ok: false,
      status: 401,
      reason: '缺少凭证：请在 Authorization: Bearer <令牌> 中携带 SIGNALS_TOKENS 里配置的令牌，或用 X-Fenghuo-Timestamp 与 X-Fenghuo-Signature 签名',
    };

  let sender: string | undefined;
  if (signature !== undefined) {
    const checked = checkSignature(config, signature, header(TIMESTAMP_HEADER), rawBody, nowMs);
    if (!checked.ok) return checked;
    sender = 'hmac';
  }
  if (token !== undefined) {
    const name = senderOfToken(config.tokens, token);
    if (!name) return { ok: false, status: 401, reason: '令牌无效：与 SIGNALS_TOKENS 里的任何一个都不符' };
    sender = name;
  }
  // Claimed only once every presented credential is right, so a refused request does not use it up.
  if (signature !== undefined && recent && !recent.claim(signature, Number(header(TIMESTAMP_HEADER)) * 1000, nowMs))
    return { ok: false, status: 401, reason: '重复的签名请求（防重放）：同一签名在有效期内只接受一次。重发请用新的时间戳重新签名' };
  return signature !== undefined ? { ok: true, sender: sender!, signature } : { ok: true, sender: sender! };
}

function checkSignature(config: SignalsAuthConfig, signature: string, timestamp: string | undefined, rawBody: Uint8Array, nowMs: number): SignalsAuth {
  if (!config.hmacSecret) return { ok: false, status: 401, reason: '本服务未配置签名密钥（SIGNALS_HMAC_SECRET），请改用令牌' };
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, reason: '缺少或无效的 X-Fenghuo-Timestamp（Unix 秒）' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > config.toleranceSeconds)
    return { ok: false, status: 401, reason: `时间戳与服务器相差超过 ${config.toleranceSeconds} 秒（防重放）：请校准时钟后重新签名` };
  const given = signature.match(/^sha256=([0-9a-f]{64})$/i)?.[1];
  if (!given) return { ok: false, status: 401, reason: 'X-Fenghuo-Signature 格式应为 sha256=<64 位十六进制>' };
  const expected = createHmac('sha256', config.hmacSecret).update(`${timestamp}.`).update(rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex')))
    return { ok: false, status: 401, reason: '签名不符：请用 SIGNALS_HMAC_SECRET 对「时间戳.原始请求体」计算 HMAC-SHA256' };
  return { ok: true, sender: 'hmac' };
}

/** Compares against every token, so the time taken does not say which one matched. */
function senderOfToken(tokens: ReadonlyMap<string, string>, presented: string): string | undefined {
  let found: string | undefined;
  for (const [name, token] of tokens) {
    if (sameSecret(presented, token) && found === undefined) found = name;
  }
  return found;
}

/** How a sender signs: the headers for a body at a time (used by tests, the benchmark and the README). */
export function signSignals(secret: string, rawBody: string | Uint8Array, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `sha256=${mac}` };
}
