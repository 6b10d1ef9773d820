// One-time secrets (sign-in links, session cookies): 32 random bytes people carry, and the SHA-256
// the database keeps instead, so a copy of the database signs no one in.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
