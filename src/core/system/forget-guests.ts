// Retention for guests (GUEST_KEEP_DAYS): someone the organisation file does not know who wrote
// to the bot is registered as a guest (register-sender.ts). When they have done nothing for the
// kept time, the bot forgets them: their platform ids, sessions and sign-in links go and their
// name is replaced. The record keeps what it recorded (its rows are chained and never change);
// if they write again they are registered afresh. One transaction with its timeline row.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { identities, loginLinks, members, sessions, timeline } from '../../db/schema';
import type { Db } from '../../db/types';
import { writeTimeline } from '../write/timeline';

export const FORGOTTEN_GUEST_NAME = '已清除的访客';

/** Forgets the guests inactive since before `now - keepMs`; returns how many. */
export function forgetIdleGuests(db: Db, now: number, keepMs: number): number {
  const before = now - keepMs;
  return db.transaction(
    (tx) => {
      const lastActive = sql<number>`max(${members.createdAt}, coalesce((select max(${timeline.createdAt}) from ${timeline} where ${timeline.actorId} = ${members.id}), 0), coalesce((select max(${sessions.lastSeenAt}) from ${sessions} where ${sessions.memberId} = ${members.id}), 0))`;
      const idle = tx
        .select({ id: members.id })
        .from(members)
        .where(
          and(
            eq(members.source, 'auto'),
            sql`${members.grantedRoles} = '[]' and ${members.fileRoles} = '[]'`,
            sql`exists (select 1 from ${identities} where ${identities.memberId} = ${members.id})`,
            sql`${lastActive} < ${before}`,
          ),
        )
        .all()
        .map((r) => r.id);
      if (idle.length === 0) return 0;
      tx.delete(identities).where(inArray(identities.memberId, idle)).run();
      tx.delete(sessions).where(inArray(sessions.memberId, idle)).run();
      tx.delete(loginLinks).where(inArray(loginLinks.memberId, idle)).run();
      // The key too: it names their platform id, and a new registration will want it back.
      tx.update(members)
        .set({ name: FORGOTTEN_GUEST_NAME, key: sql`'forgotten-' || ${members.id}` })
        .where(inArray(members.id, idle))
        .run();
      writeTimeline(tx, {
        incidentId: null,
        kind: 'guests_forgotten',
        text: `按保留期限清除了 ${idle.length} 位长期未活动访客的平台账号、会话和姓名`,
        data: { count: idle.length, keepDays: Math.round(keepMs / 86_400_000) },
        actorId: null,
        platform: 'system',
        now,
      });
      return idle.length;
    },
    { behavior: 'immediate' },
  );
}
