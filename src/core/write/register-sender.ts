// Who sent a message: the member behind a platform identity, registered on first contact.
import { createHash } from 'node:crypto';
import { identities, members } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Member } from '../context';
import { memberByIdentity, toMember } from '../read/members';
import { writeTimeline } from './timeline';

/**
 * The member behind a platform sender. A sender we have never seen is registered as a plain
 * member (成员): they may report leads and read status; roles come from the file or an admin.
 */
export function resolveSender(
  db: Tx,
  sender: { platform: string; platformUserId: string; displayName?: string | undefined },
  now: number,
): { member: Member; registered: boolean } {
  const known = memberByIdentity(db, sender.platform, sender.platformUserId);
  if (known) return { member: known, registered: false };
  // Platform ids are case-sensitive (WeCom userids), so the key keeps case; long ids are hashed.
  const raw = `auto-${sender.platform}-${sender.platformUserId}`;
  const key = raw.length <= 120 ? raw : `auto-${sender.platform}-${createHash('sha256').update(sender.platformUserId).digest('hex')}`;
  const name = sender.displayName?.trim() || `未登记用户${sender.platformUserId.slice(-4)}`;
  const row = db.insert(members).values({ key, name, source: 'auto', fileRoles: [], grantedRoles: [], createdAt: now }).returning().get();
  db.insert(identities).values({ platform: sender.platform, platformUserId: sender.platformUserId, memberId: row.id }).onConflictDoNothing().run();
  writeTimeline(db, {
    incidentId: null,
    kind: 'member_registered',
    text: `自动登记新成员 ${name}（${sender.platform} ${sender.platformUserId}），角色：成员`,
    actorId: row.id,
    platform: sender.platform,
    now,
  });
  return { member: toMember(row), registered: true };
}
