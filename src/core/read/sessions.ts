// Sign-in links and web sessions as stored: looked up by the digest of what a person carries.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { loginLinks, sessions, settings } from '../../db/schema';
import type { DbOrTx } from '../../db/types';

export type LoginLink = typeof loginLinks.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/** A link is good for ten minutes and one use. */
export const LINK_TTL_MS = 10 * 60 * 1000;
/** A session ends after 12 hours without a request… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and 7 days after sign-in whatever happens. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;

export function linkByDigest(db: DbOrTx, digest: string): LoginLink | undefined {
  return db.select().from(loginLinks).where(eq(loginLinks.tokenHash, digest)).get();
}

/** Why a link cannot be used now, or undefined when it can. */
export function linkProblem(link: LoginLink | undefined, now: number): string | undefined {
  if (!link) return '这个登录链接无效。';
  if (link.usedAt !== null) return '这个登录链接已经用过了，每个链接只能使用一次。';
  if (link.expiresAt <= now) return '这个登录链接已过期（10 分钟内有效）。';
  return undefined;
}

export function sessionByDigest(db: DbOrTx, digest: string): Session | undefined {
  return db.select().from(sessions).where(eq(sessions.tokenHash, digest)).get();
}

export function sessionById(db: DbOrTx, id: number): Session | undefined {
  return db.select().from(sessions).where(eq(sessions.id, id)).get();
}

/** Live: not ended, not past its absolute expiry, used within the idle limit. */
export function sessionLive(session: Session | undefined, now: number): session is Session {
  return session !== undefined && session.endedAt === null && session.expiresAt > now && session.lastSeenAt + SESSION_IDLE_MS > now;
}

/** A member's sessions that are still live, newest first (all members' when memberId is undefined). */
export function liveSessions(db: DbOrTx, now: number, memberId?: number): Session[] {
  const where = and(isNull(sessions.endedAt), gt(sessions.expiresAt, now), memberId === undefined ? undefined : eq(sessions.memberId, memberId));
  return db
    .select()
    .from(sessions)
    .where(where)
    .orderBy(desc(sessions.id))
    .all()
    .filter((s) => sessionLive(s, now));
}

export function settingValue(db: DbOrTx, key: string): string | undefined {
  return db.select().from(settings).where(eq(settings.key, key)).get()?.value;
}
