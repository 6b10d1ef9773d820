// 我的任务 and 待我审批: what waits on one person, with what the card buttons need (task and
// release numbers). Who may press them is still decided by the verbs.
import { and, eq, ne, or } from 'drizzle-orm';
import { incidents, releases, tasks } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core, Member } from '../context';
import { releaseRef, taskRef } from '../names';
import { departmentNames } from './groups';
import { canApproveStep, decisionsOf } from './releases';
import { membersByIds } from './members';

export interface MyTask {
  ref: string;
  title: string;
  department: string | null;
  status: 'open' | 'claimed' | 'done';
  mine: boolean;
  claimDueAt: number | null;
  incident: { number: string; title: string; level: string; levelName: string };
}

/** My claimed tasks, then the open tasks of my department (every open task when I have none), in open incidents. */
export function myTasks(db: DbOrTx, core: Core, member: Member): MyTask[] {
  const mineOrOpen = or(
    and(eq(tasks.ownerId, member.id), eq(tasks.status, 'claimed')),
    member.departmentKey ? and(eq(tasks.status, 'open'), eq(tasks.departmentKey, member.departmentKey)) : eq(tasks.status, 'open'),
  );
  const rows = db
    .select({ task: tasks, incident: incidents })
    .from(tasks)
    .innerJoin(incidents, eq(incidents.id, tasks.incidentId))
    .where(and(ne(incidents.status, 'closed'), mineOrOpen))
    .all();
  const departments = departmentNames(db);
  return rows
    .map(({ task, incident }) => ({
      ref: taskRef(task.id),
      title: task.title,
      department: task.departmentKey ? (departments.get(task.departmentKey) ?? task.departmentKey) : null,
      status: task.status,
      mine: task.ownerId === member.id,
      claimDueAt: task.claimDueAt,
      incident: { number: incident.number, title: incident.title, level: incident.level, levelName: core.playbook.levels[incident.level].name },
    }))
    .sort((a, b) => Number(b.mine) - Number(a.mine) || a.ref.localeCompare(b.ref, 'en', { numeric: true }));
}

export interface MyApproval {
  ref: string;
  version: number;
  step: string;
  stepOf: string;
  content: string;
  author: string;
  waitingSince: number;
  earlier: { step: string; decider: string; decision: 'approve' | 'reject'; at: number }[];
  incident: { number: string; title: string; level: string };
}

/** Pending releases whose open step this member may decide. */
export function myApprovals(db: DbOrTx, member: Member): MyApproval[] {
  const pending = db
    .select({ release: releases, incident: incidents })
    .from(releases)
    .innerJoin(incidents, eq(incidents.id, releases.incidentId))
    .where(eq(releases.status, 'pending'))
    .all();
  const mine = pending.filter(({ release }) => release.chain[release.step] && canApproveStep(member, release.chain[release.step]!));
  const decisions = new Map(mine.map(({ release }) => [release.id, decisionsOf(db, release.id).filter((d) => d.version === release.version)]));
  const people = new Map(
    membersByIds(db, [...new Set([...mine.map((r) => r.release.authorId), ...[...decisions.values()].flat().map((d) => d.deciderId)])]).map((m) => [
      m.id,
      m.name,
    ]),
  );
  return mine.map(({ release, incident }) => ({
    ref: releaseRef(release.id),
    version: release.version,
    step: release.chain[release.step]!.label,
    stepOf: `${release.step + 1}/${release.chain.length}`,
    content: release.content,
    author: people.get(release.authorId) ?? '',
    waitingSince: release.updatedAt,
    earlier: (decisions.get(release.id) ?? []).map((d) => ({
      step: release.chain[d.step]?.label ?? `第 ${d.step + 1} 步`,
      decider: people.get(d.deciderId) ?? '',
      decision: d.decision,
      at: d.createdAt,
    })),
    incident: { number: incident.number, title: incident.title, level: incident.level },
  }));
}
