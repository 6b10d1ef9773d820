// Who is who: members, their roles and their platform identities.
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/types';
import { writeTimeline } from '../write/timeline';
import { identities, members } from '../../db/schema';
import { Refusal } from '../errors';
import type { Role } from '../org/roles';
import { ROLE } from '../org/roles';

export interface Member {
  id: number;
  key: string;
  name: string;
  departmentKey: string | null;
  roles: Role[];
  onDuty: boolean;
  /** Registered by the bot on first contact and given no role yet: may report leads and read. */
  guest: boolean;
}

type MemberRow = typeof members.$inferSelect;

export function toMember(row: MemberRow): Member {
  const roles = [...new Set([...row.fileRoles, ...row.grantedRoles])] as Role[];
  const guest = row.source === 'auto' && roles.length === 0;
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    departmentKey: row.departmentKey,
    roles: guest ? [] : roles.length > 0 ? roles : [ROLE.member],
    onDuty: row.onDuty,
    guest,
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

/**
 * Finds the member a command names (name, key, or `@name`). Only an exact match acts; near
 * matches come back as suggestions, so `角色 王 …` never quietly picks 王小宣.
 */
export function findMemberByName(db: DbOrTx, word: string): { exact: Member[]; similar: Member[] } {
  const w = word.replace(/^[@＠]/, '').trim();
  const all = allMembers(db);
  const exact = all.filter((m) => m.name === w || m.key === w);
  return { exact, similar: exact.length > 0 ? [] : all.filter((m) => w.length > 0 && (m.name.includes(w) || w.includes(m.name))) };
}

/** Exactly one member by name, or a refusal that says what to write instead. */
export function oneMemberNamed(db: DbOrTx, word: string, example: string): Member {
  const { exact, similar } = findMemberByName(db, word);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) throw new Refusal(`「${word}」对应多位成员，请改用成员 key：${exact.map((m) => `${m.name}（${m.key}）`).join('、')}。`);
  const hint = similar.length > 0 ? `你是不是想写：${similar.slice(0, 5).map((m) => m.name).join('、')}？` : '请写对方在组织名册里的全名。';
  throw new Refusal(`找不到成员「${word}」。${hint}例如「${example}」。`);
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
  // Platform ids are case-sensitive (WeCom userids), so the key keeps case; long ids are hashed.
  const raw = `auto-${sender.platform}-${sender.platformUserId}`;
  const key = raw.length <= 120 ? raw : `auto-${sender.platform}-${createHash('sha256').update(sender.platformUserId).digest('hex')}`;
  const name = sender.displayName?.trim() || `未登记用户${sender.platformUserId.slice(-4)}`;
  const row = db
    .insert(members)
    .values({ key, name, source: 'auto', fileRoles: [], grantedRoles: [], createdAt: now })
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

/** Where each member can be messaged privately, on the platforms that allow it. */
export function directDestinations(db: DbOrTx, platforms: ReadonlySet<string>, memberIds: number[]): { platform: string; chatId: string }[] {
  if (memberIds.length === 0 || platforms.size === 0) return [];
  return db
    .select()
    .from(identities)
    .where(and(inArray(identities.memberId, memberIds), inArray(identities.platform, [...platforms])))
    .all()
    .map((i) => ({ platform: i.platform, chatId: `user:${i.platformUserId}` }));
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
