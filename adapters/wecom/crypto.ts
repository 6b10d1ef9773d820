// WeCom's callback crypto (WXBizMsgCrypt), through WeCom's own @wecom/crypto:
// signature = hex(SHA1(sort(token, timestamp, nonce, encrypt).join(''))); AES-256-CBC with
// key = base64(EncodingAESKey + '='), plaintext = random(16) ‖ len ‖ msg ‖ receiveid.
// https://developer.work.weixin.qq.com/document/path/90968
import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

export function signatureMatches(token: string, timestamp: string, nonce: string, encrypted: string, signature: string): boolean {
  const expected = Buffer.from(getSignature(token, timestamp, nonce, encrypted), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Decrypts and returns the message only if it was sealed for `receiveId` (the CorpID; "" for the robot). */
export function open(encodingAESKey: string, encrypted: string, receiveId: string): string | undefined {
  try {
    const { message, id } = decrypt(encodingAESKey, encrypted);
    return id === receiveId ? message : undefined;
  } catch {
    return undefined;
  }
}

export function seal(encodingAESKey: string, message: string, receiveId: string): string {
  return encrypt(encodingAESKey, message, receiveId);
}

export { getSignature };
