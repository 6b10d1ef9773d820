// Who a warning @mentions: who is on duty — the roster's current shift when the playbook has one
// (roster.ts), otherwise the people the organisation file marks onDuty — the department leads, and
// for urgent levels the command centre's leaders. 值班 shows who is on duty too.
import { eq } from 'drizzle-orm';
import { members } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core, Member } from '../context';
import { ROLE } from '../org/roles';
import { allMembers, toMember } from './members';
import { shiftAt } from './roster';

export function onDutyNow(db: DbOrTx, core: Core, now: number): Member[] {
  if (core.playbook.duty) {
    const shift = shiftAt(db, core, now);
    return shift ? [...new Map(shift.people.map((p) => [p.member.id, p.member])).values()] : [];
  }
  return db.select().from(members).where(eq(members.onDuty, true)).orderBy(members.id).all().map(toMember);
}

/** The command centre's leaders (总指挥, 副总指挥): woken too when a level calls for urgent push. */
export function commandLeaders(db: DbOrTx): Member[] {
  return allMembers(db).filter((m) => m.roles.includes(ROLE.commander) || m.roles.includes(ROLE.deputy));
}

/** Who a warning @mentions: those on duty, the leads of the departments with tasks, and — when
 * the level calls for urgent push — the leaders. Each person once. */
export function warningAudience(db: DbOrTx, core: Core, now: number, taskDepartments: ReadonlySet<string>, urgent: boolean): Member[] {
  const people = [...onDutyNow(db, core, now), ...departmentLeads(db, taskDepartments), ...(urgent ? commandLeaders(db) : [])];
  return [...new Map(people.map((m) => [m.id, m])).values()];
}

/** Department leads of the given departments. */
export function departmentLeads(db: DbOrTx, departmentKeys: ReadonlySet<string>): Member[] {
  return allMembers(db).filter((m) => m.departmentKey !== null && departmentKeys.has(m.departmentKey) && m.roles.includes(ROLE.departmentLead));
}
