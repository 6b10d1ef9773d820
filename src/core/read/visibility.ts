// What a person may see on the web workspace follows their roles, as in the chats: a guest (a
// sender the bot registered itself, with no role) sees nothing of an incident but the leads they
// reported; everyone with a role sees what 状态 shows them in a group, and more detail.
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
export function leadsReportedBy(db: DbOrTx, memberId: number, limit = 50): { summary: string; link: string | null; source: string; createdAt: number }[] {
  return db
    .select({ summary: leads.summary, link: leads.link, source: leads.source, createdAt: leads.createdAt })
    .from(leads)
    .where(eq(leads.reportedBy, memberId))
    .orderBy(desc(leads.id))
    .limit(limit)
    .all();
}
