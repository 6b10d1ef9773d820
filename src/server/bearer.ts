// The bearer token of a request, and constant-time comparison of secrets: shared by the signals
// endpoint and the admin API.
import { createHash, timingSafeEqual } from 'node:crypto';

/** `Authorization: Bearer <token>` → the token; undefined when absent or in another scheme. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
}

/** Constant-time equality of two secrets of any length (compared as fixed-length digests). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
