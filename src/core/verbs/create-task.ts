// 任务: add a task to an incident by hand, for a department.
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { taskRef } from '../names';
import { departmentNames } from '../read/groups';
import { resolveIncident } from '../read/incidents';
import { requirePermission } from '../read/permissions';
import { insertOpenTask } from '../write/insert-task';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function createTask(
  ctx: VerbContext,
  input: { incidentNumber?: string | undefined; department: string; title: string },
): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'createTask');
  const incident = resolveIncident(tx, input.incidentNumber, '任务 {n} 宣传部 起草回应口径');
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已结案，不能再派任务。`);
  const names = departmentNames(tx);
  const departmentKey = [...names].find(
    ([key, name]) => key === input.department || name === input.department || name.replace(/部$/, '') === input.department,
  )?.[0];
  if (!departmentKey) throw new Refusal(`没有部门「${input.department}」。可用的部门：${[...names.values()].join('、')}。`);
  const rule = core.playbook.levels[incident.level];
  const task = insertOpenTask(tx, core, {
    incidentId: incident.id,
    departmentKey,
    title: input.title,
    claimWithinMinutes: rule.claimWithinMinutes,
    createdBy: actor.member.id,
    now,
  });
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'task_created',
    text: `${actor.member.name} 派发 ${taskRef(task.id)}（${names.get(departmentKey)}）：${input.title}`,
    data: { taskId: task.id },
  });
  touchIncident(ctx, incident.id);
  return {
    reply: `已为 ${incident.number} 派发 ${taskRef(task.id)}（${names.get(departmentKey)}）：${input.title}。发送「认领 ${taskRef(task.id)}」认领。`,
    toast: `已派发 ${taskRef(task.id)}`,
  };
}
