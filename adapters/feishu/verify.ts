// Is this request from Feishu? A pure function of the raw bytes, the headers, the secrets and the
// time. Fails closed: with no secret configured nothing passes; with an Encrypt Key, only a body
// signed over its exact bytes passes (checked before anything is decrypted), and the Verification
// Token inside is checked too (the SDK never checks it). Without an Encrypt Key (allowed only with
// FEISHU_ALLOW_UNENCRYPTED=true) nothing is signed: the token and the event's own create_time are
// all there is, so an event must be recent. The reason is for our log only: callers answer every
// refusal with the same body, so nothing about keys or padding leaks.
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
import { decryptEnvelope, safeEqual, signatureOf } from './crypto';

export interface FeishuSecrets {
  encryptKey?: string | undefined;
  verificationToken?: string | undefined;
}

export type Verified = { ok: true; payload: Record<string, unknown> } | { ok: false; status: 400 | 401; reason: string };

/**
 * How far a request's time may be from ours: X-Lark-Request-Timestamp when signed, header.create_time
 * when not. Feishu retries for about 7 hours (15 s, 5 min, 1 h, 6 h: 事件订阅概述) and no document
 * says whether a retry gets a new time; a day covers either. The inbox keeps event ids a week
 * (src/core/inbound/prune.ts), more than twice this, so a replay inside the window is a no-op.
 */
export const MAX_REQUEST_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * header.create_time in milliseconds. The documents disagree on its unit (接收消息 says 毫秒 and
 * shows 13 digits; the event overview and the card callback show 16, "微秒级"), so it is read by
 * magnitude: 10–11 digits are seconds, 12–14 milliseconds, 15–17 microseconds. Anything else: undefined.
 */
export function eventTimeMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1e9) return undefined;
  if (n < 1e11) return n * 1000;
  if (n < 1e14) return n;
  return n < 1e17 ? Math.floor(n / 1000) : undefined;
}

const withinWindow = (ms: number | undefined, now: number) => ms !== undefined && Math.abs(now - ms) <= MAX_REQUEST_AGE_MS;

export function verifyFeishuRequest(raw: Uint8Array, headers: Record<string, string | undefined>, secrets: FeishuSecrets, now: number): Verified {
  if (!secrets.encryptKey && !secrets.verificationToken)
    return { ok: false, status: 401, reason: 'no FEISHU_ENCRYPT_KEY or FEISHU_VERIFICATION_TOKEN configured' };
  const outer = parseObject(raw);
  if (!outer) return { ok: false, status: 400, reason: 'body is not a JSON object' };

  const timestamp = headers['x-lark-request-timestamp'];
  const nonce = headers['x-lark-request-nonce'];
  const signature = headers['x-lark-signature'];
  const signed = Boolean(timestamp && nonce && signature);
  if (secrets.encryptKey && signed) {
    if (!safeEqual(signatureOf(timestamp!, nonce!, secrets.encryptKey, raw), signature!.toLowerCase()))
      return { ok: false, status: 401, reason: 'bad X-Lark-Signature' };
    const seconds = Number(timestamp);
    if (!withinWindow(Number.isFinite(seconds) ? seconds * 1000 : undefined, now))
      return { ok: false, status: 401, reason: 'X-Lark-Request-Timestamp outside the accepted window' };
  }

  let payload = outer;
  if (typeof outer.encrypt === 'string') {
    if (!secrets.encryptKey) return { ok: false, status: 400, reason: 'body is encrypted but FEISHU_ENCRYPT_KEY is not set' };
    let plain: string;
    try {
      plain = decryptEnvelope(secrets.encryptKey, outer.encrypt);
    } catch {
      return { ok: false, status: 401, reason: 'cannot decrypt: check FEISHU_ENCRYPT_KEY' };
    }
    const inner = parseObject(Buffer.from(plain, 'utf8'));
    if (!inner) return { ok: false, status: 401, reason: 'decrypted body is not JSON: check FEISHU_ENCRYPT_KEY' };
    payload = inner;
  } else if (secrets.encryptKey) {
    return { ok: false, status: 401, reason: 'expected an encrypted body (FEISHU_ENCRYPT_KEY is set)' };
  }

  // Only the URL check goes unsigned (documented); with a key, everything else must be signed.
  if (secrets.encryptKey && !signed && payload.type !== 'url_verification') {
    return { ok: false, status: 401, reason: 'missing X-Lark-Request-Timestamp / -Nonce / X-Lark-Signature' };
  }

  const header = payload.header as Record<string, unknown> | undefined;
  // Unsigned: the event's own time is the only freshness there is. The URL check carries none (and
  // only echoes its challenge).
  if (!secrets.encryptKey && payload.type !== 'url_verification' && !withinWindow(eventTimeMs(header?.create_time), now)) {
    return { ok: false, status: 401, reason: 'header.create_time outside the accepted window' };
  }

  if (secrets.verificationToken) {
    const token = typeof header?.token === 'string' ? header.token : typeof payload.token === 'string' ? payload.token : undefined;
    if (token === undefined || !safeEqual(token, secrets.verificationToken)) return { ok: false, status: 401, reason: 'wrong verification token' };
  }
  return { ok: true, payload };
}

function parseObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
