// What a person may see follows their roles, in the chats as on the web workspace: a guest (a
// sender the bot registered itself, with no role) sees nothing of an incident, a task, a release,
// the timeline or the roster — only the leads they reported (状态 and 列表 show them those); everyone
// with a role sees what 状态 shows them in a group, and on the web more detail.
import { desc, eq } from 'drizzle-orm';
import { leads } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Member } from '../context';
import { ROLE } from '../org/roles';

export function seesIncidents(member: Member): boolean {
  return !member.guest;
}

/** The roster, the members and their roles: the organisation's directory, not for guests. */
export function seesDirectory(member: Member): boolean {
  return !member.guest;
}

export function isAdminMember(member: Member): boolean {
  return member.roles.includes(ROLE.admin);
}

/** The leads a member reported, newest first: all a guest sees. */
export function leadsReportedBy(
  db: DbOrTx,
  memberId: number,
  limit = 50,
): { id: number; summary: string; link: string | null; source: string; createdAt: number }[] {
  return db
    .select({ id: leads.id, summary: leads.summary, link: leads.link, source: leads.source, createdAt: leads.createdAt })
    .from(leads)
    .where(eq(leads.reportedBy, memberId))
    .orderBy(desc(leads.id))
    .limit(limit)
    .all();
}
