// Releases (信息发布) and their approval chain: who may decide the current step.
import { asc, eq } from 'drizzle-orm';
import { approvalDecisions, releases, type ApprovalStepSnapshot } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Member } from '../context';
import { Refusal } from '../errors';
import { departmentNames } from './groups';
import { allMembers } from './members';

export type Release = typeof releases.$inferSelect;
export type Decision = typeof approvalDecisions.$inferSelect;

export function releaseOf(db: DbOrTx, ref: string): Release {
  const id = Number(ref.replace(/^[Aa]/, ''));
  const found = Number.isSafeInteger(id) && id > 0 ? db.select().from(releases).where(eq(releases.id, id)).get() : undefined;
  if (!found) throw new Refusal(`没有发布稿 ${ref.toUpperCase()}。发送「状态」查看事件的发布稿编号。`, `没有 ${ref.toUpperCase()}`);
  return found;
}

export function decisionsOf(db: DbOrTx, releaseId: number): Decision[] {
  return db.select().from(approvalDecisions).where(eq(approvalDecisions.releaseId, releaseId)).orderBy(asc(approvalDecisions.id)).all();
}

export function releasesOfIncident(db: DbOrTx, incidentId: number): Release[] {
  return db.select().from(releases).where(eq(releases.incidentId, incidentId)).orderBy(asc(releases.id)).all();
}

export function canApproveStep(member: Member, step: ApprovalStepSnapshot): boolean {
  return member.roles.some((r) => step.roles.includes(r)) && (!step.department || member.departmentKey === step.department);
}

/** "法务部的部门负责人", "副总指挥或总指挥" — who a step needs, in words. */
export function stepWho(db: DbOrTx, step: ApprovalStepSnapshot): string {
  const dept = step.department ? `${departmentNames(db).get(step.department) ?? step.department}的` : '';
  return `${dept}${step.roles.join('或')}`;
}

/** The approvers' names, or what is missing from the roster when nobody can decide the step. */
export function approverNames(db: DbOrTx, step: ApprovalStepSnapshot): string {
  const names = approversOf(db, step).map((m) => m.name);
  return names.length > 0 ? names.join(' 或 ') : `（名册中没有${stepWho(db, step)}，请管理员在组织文件中补上或用「角色」授予）`;
}

/** Everyone who may decide a step, from the roster. */
export function approversOf(db: DbOrTx, step: ApprovalStepSnapshot): Member[] {
  return allMembers(db).filter((m) => canApproveStep(m, step));
}
