// 完成: mark a task done with a note. The owner may, and so may those who may hand off any task.
import { and, eq } from 'drizzle-orm';
import { tasks } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { taskRef } from '../names';
import { requireIncidentOpen, taskOf } from '../read/incidents';
import { memberById } from '../read/members';
import { may } from '../read/permissions';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function completeTask(ctx: VerbContext, input: { ref: string; note: string }): { reply: string; toast: string } {
  const { tx, actor, now, core } = ctx;
  const { note } = input;
  const task = taskOf(tx, input.ref);
  const id = taskRef(task.id);
  requireIncidentOpen(tx, task.incidentId, `完成 ${id}`);
  if (task.status === 'done') throw new Refusal(`${id} 已经完成了。`);
  if (task.status === 'open') throw new Refusal(`${id} 还没有人认领。请先发送「认领 ${id}」。`);
  // Who may depends on the task: its owner, or those who may hand off any task.
  if (task.ownerId !== actor.member.id && !may(core.playbook, actor.member, 'handoffAny')) {
    const owner = memberById(tx, task.ownerId!)?.name ?? '认领人';
    throw new Refusal(`${id} 由${owner}负责，只有${owner}或${core.playbook.permissions.handoffAny.join('、')}可以标记完成。`);
  }
  const done = tx
    .update(tasks)
    .set({ status: 'done', doneAt: now, doneNote: note || null })
    .where(and(eq(tasks.id, task.id), eq(tasks.status, 'claimed')))
    .returning()
    .get();
  if (!done) throw new Refusal(`${id} 刚刚被其他人修改过，请发送「状态」查看最新情况。`);
  appendTimeline(ctx, {
    incidentId: task.incidentId,
    kind: 'task_done',
    text: `${actor.member.name} 完成 ${id}「${task.title}」${note ? `：${note}` : ''}`,
    data: { taskId: task.id },
  });
  touchIncident(ctx, task.incidentId);
  return { reply: `${id}「${task.title}」已完成${note ? `：${note}` : ''}。`, toast: `${id} 已完成` };
}
