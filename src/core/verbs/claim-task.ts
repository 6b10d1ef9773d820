// 认领: claim a task. Race-safe: the conditional UPDATE … WHERE status = 'open' lets exactly one
// of many simultaneous taps win; everyone else is told who has it. A department's task is its own
// members' to claim unless the playbook says otherwise (tasks.claimScope: anyone); across
// departments a lead hands it over with 转交, which the timeline records.
import { and, eq } from 'drizzle-orm';
import { tasks } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { taskRef } from '../names';
import { departmentNames } from '../read/groups';
import { requireIncidentOpen, taskOf, type Task } from '../read/incidents';
import { memberById } from '../read/members';
import { requireRegistered } from '../read/permissions';
import { clockTime } from '../time';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function claimTask(ctx: VerbContext, input: { ref: string }): { reply: string; toast: string } {
  const { tx, actor, now, core } = ctx;
  requireRegistered(actor.member, '认领任务');
  const task = taskOf(tx, input.ref);
  requireIncidentOpen(tx, task.incidentId, `认领 ${taskRef(task.id)}`);
  // Already taken: who has it says more than whose department it is.
  if (task.status === 'open') requireOwnDepartment(ctx, task);

  const won = tx
    .update(tasks)
    .set({ status: 'claimed', ownerId: actor.member.id, claimedAt: now })
    .where(and(eq(tasks.id, task.id), eq(tasks.status, 'open')))
    .returning()
    .get();
  if (!won) {
    const owner = task.ownerId ? memberById(tx, task.ownerId) : undefined;
    if (task.ownerId === actor.member.id) throw new Refusal(`${taskRef(task.id)} 已经是你的任务了。`, '你已认领');
    const who = owner?.name ?? '他人';
    if (task.status === 'done') throw new Refusal(`${taskRef(task.id)} 已由${who}完成。`, `已由${who}完成`);
    const when = task.claimedAt ? `于 ${clockTime(task.claimedAt, core.timeZone)} ` : '';
    throw new Refusal(`${taskRef(task.id)} 已由${who}${when}认领。`, `已由${who}认领`);
  }
  const late = task.claimDueAt !== null && now > task.claimDueAt;
  appendTimeline(ctx, {
    incidentId: task.incidentId,
    kind: 'task_claimed',
    text: `${actor.member.name} 认领 ${taskRef(task.id)}「${task.title}」${late ? '（已超过认领时限）' : ''}`,
    data: { taskId: task.id, late },
  });
  touchIncident(ctx, task.incidentId);
  return {
    reply: `${actor.member.name} 已认领 ${taskRef(task.id)}「${task.title}」。完成后发送「完成 ${taskRef(task.id)} 说明」。`,
    toast: `已认领 ${taskRef(task.id)}`,
  };
}

function requireOwnDepartment(ctx: VerbContext, task: Task): void {
  const { tx, core, actor } = ctx;
  if (core.playbook.tasks.claimScope === 'anyone' || task.departmentKey === null || actor.member.departmentKey === task.departmentKey) return;
  const names = departmentNames(tx);
  const theirs = names.get(task.departmentKey) ?? task.departmentKey;
  const mine = actor.member.departmentKey ? (names.get(actor.member.departmentKey) ?? actor.member.departmentKey) : '未分部门';
  throw new Refusal(
    `${taskRef(task.id)} 是${theirs}的任务，由${theirs}的成员认领（你在${mine}）。需要跨部门协助时，请${core.playbook.permissions.handoffAny.join('、')}用「转交 ${taskRef(task.id)} 姓名」指派。`,
    `只限${theirs}认领`,
  );
}
