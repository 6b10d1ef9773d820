// Who is who: members, their roles and their platform identities.
import { and, eq, inArray } from 'drizzle-orm';
import { identities, members } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Member } from '../context';
import { Refusal } from '../errors';
import { ROLE, type Role } from '../org/roles';

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
  const hint =
    similar.length > 0
      ? `你是不是想写：${similar
          .slice(0, 5)
          .map((m) => m.name)
          .join('、')}？`
      : '请写对方在组织名册里的全名。';
  throw new Refusal(`找不到成员「${word}」。${hint}例如「${example}」。`);
}

/** Where each member can be messaged privately, on the platforms that allow it. */
export function directDestinations(db: DbOrTx, platforms: ReadonlySet<string>, memberIds: number[]): { platform: string; chatId: string }[] {
  return identitiesOn(db, platforms, memberIds).map((i) => ({ platform: i.platform, chatId: `user:${i.platformUserId}` }));
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

/** Each member's identity on the given platforms: where they can be reached in person. */
export function identitiesOn(
  db: DbOrTx,
  platforms: ReadonlySet<string>,
  memberIds: number[],
): { memberId: number; platform: string; platformUserId: string }[] {
  if (memberIds.length === 0 || platforms.size === 0) return [];
  return db
    .select()
    .from(identities)
    .where(and(inArray(identities.memberId, memberIds), inArray(identities.platform, [...platforms])))
    .orderBy(identities.memberId, identities.platform)
    .all();
}
