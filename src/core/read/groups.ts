// Groups the bot lives in, and which of them hear about what.
import { eq } from 'drizzle-orm';
import { departments, groups } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
export type Group = typeof groups.$inferSelect;

/** A chat on a platform: where a message goes. */
export interface Destination {
  platform: string;
  chatId: string;
}

export function allGroups(db: DbOrTx): Group[] {
  return db.select().from(groups).orderBy(groups.id).all();
}

export function groupsWithPurpose(db: DbOrTx, purpose: Group['purpose']): Group[] {
  return db.select().from(groups).where(eq(groups.purpose, purpose)).orderBy(groups.id).all();
}

export function departmentNames(db: DbOrTx): Map<string, string> {
  return new Map(
    db
      .select()
      .from(departments)
      .all()
      .map((d) => [d.key, d.name]),
  );
}

/** A warning's destination, with the purpose of its group: the broadcast group gets the summary card. */
export interface WarningDestination extends Destination {
  purpose: Group['purpose'];
}

/**
 * Where a warning goes: every group whose purpose the level names; department groups only for
 * departments that have a task in it; plus the chat it was raised in. Each chat once.
 */
export function warningDestinations(
  db: DbOrTx,
  notify: readonly Group['purpose'][],
  taskDepartments: ReadonlySet<string>,
  origin: Destination,
): WarningDestination[] {
  const out = new Map<string, WarningDestination>();
  const all = allGroups(db);
  for (const g of all) {
    if (!notify.includes(g.purpose)) continue;
    if (g.purpose === 'department' && !(g.departmentKey && taskDepartments.has(g.departmentKey))) continue;
    out.set(`${g.platform}\u0000${g.chatId}`, { platform: g.platform, chatId: g.chatId, purpose: g.purpose });
  }
  const originGroup = all.find((g) => g.platform === origin.platform && g.chatId === origin.chatId);
  out.set(`${origin.platform}\u0000${origin.chatId}`, { platform: origin.platform, chatId: origin.chatId, purpose: originGroup?.purpose ?? 'chat' });
  return [...out.values()];
}

/** The purpose of the group a chat is, or `chat` for one the organisation file does not name. */
export function purposeOf(db: DbOrTx, to: Destination): Group['purpose'] {
  return allGroups(db).find((g) => g.platform === to.platform && g.chatId === to.chatId)?.purpose ?? 'chat';
}

/**
 * Who follows an incident's work (its reminders, meeting notices): the command centre and the chat
 * it was raised in — unless that chat is the broadcast group, which reads only the summary (000
 * 7.3), however the warning was typed there. Each chat once.
 */
export function commandAndOrigin(db: DbOrTx, origin: Destination): Destination[] {
  const all = [...commandDestinations(db), ...(purposeOf(db, origin) === 'broadcast' ? [] : [origin])];
  return [...new Map(all.map((d) => [`${d.platform}\u0000${d.chatId}`, d])).values()];
}

/** The command-centre groups (one per platform, usually). */
export function commandDestinations(db: DbOrTx): Destination[] {
  return groupsWithPurpose(db, 'command').map((g) => ({ platform: g.platform, chatId: g.chatId }));
}
