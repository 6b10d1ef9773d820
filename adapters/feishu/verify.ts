// Is this request from Feishu? A pure function of the raw bytes, the headers and the secrets.
// Fails closed: with an Encrypt Key configured, only an encrypted body with a valid signature
// passes; the Verification Token inside is checked too (the SDK never checks it).
// Replays of a valid request are harmless: every event is deduplicated before it has an effect.
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
import { decryptEnvelope, safeEqual, signatureOf } from './crypto';

export interface FeishuSecrets {
  encryptKey?: string | undefined;
  verificationToken?: string | undefined;
}

export type Verified = { ok: true; payload: Record<string, unknown> } | { ok: false; status: 400 | 401; reason: string };

export function verifyFeishuRequest(raw: Uint8Array, headers: Record<string, string | undefined>, secrets: FeishuSecrets): Verified {
  const outer = parseObject(raw);
  if (!outer) return { ok: false, status: 400, reason: 'body is not a JSON object' };

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

  const isChallenge = payload.type === 'url_verification';
  // The URL check carries no signature (documented); every other request must be signed.
  if (secrets.encryptKey && !isChallenge) {
    const timestamp = headers['x-lark-request-timestamp'];
    const nonce = headers['x-lark-request-nonce'];
    const signature = headers['x-lark-signature'];
    if (!timestamp || !nonce || !signature) return { ok: false, status: 401, reason: 'missing X-Lark-Request-Timestamp / -Nonce / X-Lark-Signature' };
    if (!safeEqual(signatureOf(timestamp, nonce, secrets.encryptKey, raw), signature.toLowerCase())) {
      return { ok: false, status: 401, reason: 'bad X-Lark-Signature' };
    }
  }

  if (secrets.verificationToken) {
    const header = payload.header as Record<string, unknown> | undefined;
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
