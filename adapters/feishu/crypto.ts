// Feishu's event encryption and request signature.
// Encryption: AES-256-CBC, key = SHA-256(Encrypt Key), base64(iv ‖ ciphertext); decrypted with
// the official SDK's AESCipher.
// Signature: hex(SHA-256(timestamp + nonce + Encrypt Key ‖ raw body bytes)), computed over the
// bytes as received — never over re-serialised JSON, which is where the SDK's own check goes wrong.
// https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/encrypt-key-encryption-configuration-case
import { createHash, timingSafeEqual } from 'node:crypto';
import { AESCipher } from '@larksuiteoapi/node-sdk';

const ciphers = new Map<string, AESCipher>();

export function decryptEnvelope(encryptKey: string, encrypt: string): string {
  // The cipher derives its key with SHA-256 on construction: one per Encrypt Key, not per request.
  let cipher = ciphers.get(encryptKey);
  if (!cipher) ciphers.set(encryptKey, (cipher = new AESCipher(encryptKey)));
  return cipher.decrypt(encrypt);
}

export function signatureOf(timestamp: string, nonce: string, encryptKey: string, rawBody: Uint8Array): string {
  return createHash('sha256')
    .update(Buffer.from(timestamp + nonce + encryptKey, 'utf8'))
    .update(rawBody)
    .digest('hex');
}

/**
 * Constant-time equality. Only the length can leak, and the secrets compared here (a hex
 * signature, a Verification Token) have fixed, public lengths.
 */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
