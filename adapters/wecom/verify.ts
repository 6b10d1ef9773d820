// Is this request from WeCom? Pure functions of the query, the raw body and the secrets. The URL
// check (GET) answers the decrypted echostr; a callback (POST) yields the decrypted XML. Every
// failure is one refusal for the caller; the reason is for our log.
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

export function verifyUrl(query: Record<string, string | undefined>, secrets: WecomSecrets): Checked {
  const { msg_signature: signature, timestamp, nonce, echostr } = query;
  if (!signature || !timestamp || !nonce || !echostr) return { ok: false, status: 400, reason: 'missing msg_signature / timestamp / nonce / echostr' };
  return unseal(echostr, { signature, timestamp, nonce }, secrets);
}

export function verifyCallback(query: Record<string, string | undefined>, rawBody: string, secrets: WecomSecrets): Checked {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce) return { ok: false, status: 400, reason: 'missing msg_signature / timestamp / nonce' };
  const encrypted = encryptedOf(rawBody);
  if (!encrypted) return { ok: false, status: 400, reason: 'body is not <xml> with <Encrypt>' };
  return unseal(encrypted, { signature, timestamp, nonce }, secrets);
}

/** The intelligent robot's callback: the same crypto, but the body is JSON `{"encrypt": "…"}` (WWD 101033). */
export function verifyJsonCallback(query: Record<string, string | undefined>, rawBody: string, secrets: WecomSecrets): Checked {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce) return { ok: false, status: 400, reason: 'missing msg_signature / timestamp / nonce' };
  let encrypted: unknown;
  try {
    encrypted = (JSON.parse(rawBody) as { encrypt?: unknown } | null)?.encrypt;
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (typeof encrypted !== 'string' || encrypted.length === 0) return { ok: false, status: 400, reason: 'body has no "encrypt"' };
  return unseal(encrypted, { signature, timestamp, nonce }, secrets);
}

function unseal(encrypted: string, q: { signature: string; timestamp: string; nonce: string }, secrets: WecomSecrets): Checked {
  if (!signatureMatches(secrets.token, q.timestamp, q.nonce, encrypted, q.signature)) return { ok: false, status: 401, reason: 'bad msg_signature' };
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
