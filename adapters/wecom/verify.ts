// Is this request from WeCom? Pure functions of the query, the raw body, the secrets and the time.
// The URL check (GET) answers the decrypted echostr; a callback (POST) yields the decrypted XML.
// Every failure is one refusal for the caller; the reason is for our log.
// https://developer.work.weixin.qq.com/document/path/90930
import { XMLParser } from 'fast-xml-parser';
import { open, signatureMatches } from './crypto';

export interface WecomSecrets {
  token: string;
  encodingAESKey: string;
  /** The CorpID for a self-built app, "" for the intelligent robot. */
  receiveId: string;
}

export type Checked = { ok: true; plaintext: string } | { ok: false; status: 400 | 401; reason: string };

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/**
 * How far a callback's signed `timestamp` may be from our clock, either way. WeCom retries within
 * seconds ("五秒内收不到响应会断掉连接，并且重新发起请求，总共重试三次", WWD 90238 as quoted in
 * secondary copies; robot card events are sent once, WWD 101027), so a genuine delivery is
 * seconds old; five minutes leaves room for clock skew. The timestamp is part of the signature,
 * so an old request cannot be given a new one. Inside the window a replay is a redelivery, which
 * the inbox (kept 7 days, src/core/inbound/prune.ts) turns into a no-op. docs/platforms/wecom.md §4.
 */
export const CALLBACK_WINDOW_MS = 5 * 60 * 1000;

export function verifyUrl(query: Record<string, string | undefined>, secrets: WecomSecrets, now: number): Checked {
  const { msg_signature: signature, timestamp, nonce, echostr } = query;
  if (!signature || !timestamp || !nonce || !echostr) return { ok: false, status: 400, reason: 'missing msg_signature / timestamp / nonce / echostr' };
  return unseal(echostr, { signature, timestamp, nonce }, secrets, now);
}

export function verifyCallback(query: Record<string, string | undefined>, rawBody: string, secrets: WecomSecrets, now: number): Checked {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce) return { ok: false, status: 400, reason: 'missing msg_signature / timestamp / nonce' };
  const encrypted = encryptedOf(rawBody);
  if (!encrypted) return { ok: false, status: 400, reason: 'body is not <xml> with <Encrypt>' };
  return unseal(encrypted, { signature, timestamp, nonce }, secrets, now);
}

/** The intelligent robot's callback: the same crypto, but the body is JSON `{"encrypt": "…"}` (WWD 101033). */
export function verifyJsonCallback(query: Record<string, string | undefined>, rawBody: string, secrets: WecomSecrets, now: number): Checked {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce) return { ok: false, status: 400, reason: 'missing msg_signature / timestamp / nonce' };
  let encrypted: unknown;
  try {
    encrypted = (JSON.parse(rawBody) as { encrypt?: unknown } | null)?.encrypt;
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (typeof encrypted !== 'string' || encrypted.length === 0) return { ok: false, status: 400, reason: 'body has no "encrypt"' };
  return unseal(encrypted, { signature, timestamp, nonce }, secrets, now);
}

/** The signature first (over the timestamp too), then the time, then the decryption. */
function unseal(encrypted: string, q: { signature: string; timestamp: string; nonce: string }, secrets: WecomSecrets, now: number): Checked {
  if (!signatureMatches(secrets.token, q.timestamp, q.nonce, encrypted, q.signature)) return { ok: false, status: 401, reason: 'bad msg_signature' };
  const sentMs = /^\d{1,12}$/.test(q.timestamp) ? Number(q.timestamp) * 1000 : NaN;
  if (!(Math.abs(now - sentMs) <= CALLBACK_WINDOW_MS))
    return { ok: false, status: 401, reason: `timestamp ${q.timestamp} is more than ${CALLBACK_WINDOW_MS / 1000} s from now: stale or replayed` };
  const plaintext = open(secrets.encodingAESKey, encrypted, secrets.receiveId);
  if (plaintext === undefined) return { ok: false, status: 401, reason: 'cannot decrypt for this receive id (check WECOM_AES_KEY and WECOM_CORP_ID)' };
  return { ok: true, plaintext };
}

function encryptedOf(rawBody: string): string | undefined {
  try {
    const doc = parser.parse(rawBody, true) as { xml?: { Encrypt?: unknown } };
    return typeof doc.xml?.Encrypt === 'string' && doc.xml.Encrypt.length > 0 ? doc.xml.Encrypt : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a decrypted callback into a flat record of its fields. */
export function parseCallbackXml(plaintext: string): Record<string, unknown> | undefined {
  try {
    const doc = parser.parse(plaintext, true) as { xml?: Record<string, unknown> };
    return doc.xml && typeof doc.xml === 'object' ? doc.xml : undefined;
  } catch {
    return undefined;
  }
}
