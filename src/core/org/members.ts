// Who is who: members, their roles and their platform identities.
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/types';
import { writeTimeline } from '../timeline/append';
import { identities, members } from '../../db/schema';
import type { Role } from './roles';
import { ROLE } from './roles';

export interface Member {
  id: number;
  key: string;
  name: string;
  departmentKey: string | null;
  roles: Role[];
  onDuty: boolean;
}

type MemberRow = typeof members.$inferSelect;

export function toMember(row: MemberRow): Member {
  const roles = [...new Set([...row.fileRoles, ...row.grantedRoles])] as Role[];
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    departmentKey: row.departmentKey,
    roles: roles.length > 0 ? roles : [ROLE.member],
    onDuty: row.onDuty,
  };
}

export function memberById(db: DbOrTx, id: number): Member | undefined {
  const row = db.select().from(members).where(eq(members.id, id)).get();
  return row && toMember(row);
}

export function membersByIds(db: DbOrTx, ids: number[]): Member[] {
  if (ids.length === 0) return [];
  return db.select().from(members).where(inArray(members.id, ids)).all().map(toMember);
}

export function allMembers(db: DbOrTx): Member[] {
  return db.select().from(members).orderBy(members.id).all().map(toMember);
}

export function memberByIdentity(db: DbOrTx, platform: string, platformUserId: string): Member | undefined {
  const row = db
    .select({ m: members })
    .from(identities)
    .innerJoin(members, eq(identities.memberId, members.id))
    .where(and(eq(identities.platform, platform), eq(identities.platformUserId, platformUserId)))
    .get();
  return row && toMember(row.m);
}

/** Finds a member by how people refer to them in a command: name, key, or `@name`. */
export function findMemberByName(db: DbOrTx, word: string): Member[] {
  const w = word.replace(/^@/, '').trim();
  const all = allMembers(db);
  const exact = all.filter((m) => m.name === w || m.key === w);
  return exact.length > 0 ? exact : all.filter((m) => m.name.includes(w));
}

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
  const key = `auto-${sender.platform}-${sender.platformUserId}`.toLowerCase().slice(0, 120);
  const name = sender.displayName?.trim() || `未登记用户${sender.platformUserId.slice(-4)}`;
  const row = db
    .insert(members)
    .values({ key, name, source: 'auto', fileRoles: [], grantedRoles: [], createdAt: now })
    .onConflictDoUpdate({ target: members.key, set: { name } })
    .returning()
    .get();
  db.insert(identities)
    .values({ platform: sender.platform, platformUserId: sender.platformUserId, memberId: row.id })
    .onConflictDoNothing()
    .run();
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

/** The platform user id of each member on one platform (for @mentions). */
export function platformIdsOf(db: DbOrTx, platform: string, memberIds: number[]): Map<number, string> {
  if (memberIds.length === 0) return new Map();
  const rows = db
    .select()
    .from(identities)
    .where(and(eq(identities.platform, platform), inArray(identities.memberId, memberIds)))
    .all();
  return new Map(rows.map((r) => [r.memberId, r.platformUserId]));
}
