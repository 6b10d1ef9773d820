// 转交: hand a task to someone else. The owner may, and so may the leads (permissions.handoffAny).
// Into another department (someone outside the task's department taking it): only the leads, when
// claims are kept to departments (tasks.claimScope), and the timeline says so.
import { and, eq } from 'drizzle-orm';
import { tasks } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { taskRef } from '../names';
import { departmentNames } from '../read/groups';
import { requireIncidentOpen, taskOf } from '../read/incidents';
import { memberById, oneMemberNamed } from '../read/members';
import { may } from '../read/permissions';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function handoffTask(ctx: VerbContext, input: { ref: string; to: string }): { reply: string; toast: string } {
  const { tx, actor, now, core } = ctx;
  const task = taskOf(tx, input.ref);
  const id = taskRef(task.id);
  requireIncidentOpen(tx, task.incidentId, `转交 ${id}`);
  if (task.status === 'done') throw new Refusal(`${id} 已经完成，不能转交。`);
  // Who may depends on the task: its owner, or those who may hand off any task.
  const isOwner = task.ownerId === actor.member.id;
  const lead = may(core.playbook, actor.member, 'handoffAny');
  const leads = core.playbook.permissions.handoffAny.join('、');
  if (!isOwner && !lead) {
    const owner = task.ownerId ? memberById(tx, task.ownerId)?.name : undefined;
    throw new Refusal(
      task.ownerId ? `${id} 由${owner}负责，只有${owner}或${leads}可以转交。` : `${id} 还没有人认领；可以直接「认领 ${id}」，或请${leads}指派。`,
    );
  }
  const target = oneMemberNamed(tx, input.to, `转交 ${id} 王小宣`);
  if (target.guest) throw new Refusal(`${target.name} 还没有登记在组织名册里，不能接手任务；请管理员先为其授予角色。`);
  if (target.id === task.ownerId) throw new Refusal(`${id} 已经由${target.name}负责。`);
  const names = departmentNames(tx);
  const across = task.departmentKey !== null && target.departmentKey !== task.departmentKey;
  const theirs = task.departmentKey ? (names.get(task.departmentKey) ?? task.departmentKey) : '';
  const targetDept = target.departmentKey ? (names.get(target.departmentKey) ?? target.departmentKey) : '未分部门';
  if (across && !lead && core.playbook.tasks.claimScope === 'department')
    throw new Refusal(`${id} 是${theirs}的任务，${target.name}在${targetDept}。跨部门转交请${leads}操作（会记入时间线）。`, '跨部门转交需负责人');
  const moved = tx
    .update(tasks)
    .set({ status: 'claimed', ownerId: target.id, claimedAt: task.claimedAt ?? now })
    .where(and(eq(tasks.id, task.id), task.ownerId === null ? eq(tasks.status, 'open') : eq(tasks.ownerId, task.ownerId)))
    .returning()
    .get();
  if (!moved) throw new Refusal(`${id} 刚刚被其他人修改过，请发送「状态」查看最新情况。`);
  const acrossNote = across ? `（跨部门：${theirs} → ${targetDept}）` : '';
  appendTimeline(ctx, {
    incidentId: task.incidentId,
    kind: 'task_handoff',
    text: `${actor.member.name} 把 ${id}「${task.title}」转交给 ${target.name}${acrossNote}`,
    data: {
      taskId: task.id,
      from: task.ownerId,
      to: target.id,
      ...(across ? { crossDepartment: true, taskDepartment: task.departmentKey, toDepartment: target.departmentKey } : {}),
    },
  });
  touchIncident(ctx, task.incidentId);
  return { reply: `${id}「${task.title}」已转交给 ${target.name}${acrossNote}。`, toast: `已转交给 ${target.name}` };
}
