// 平息 / 结案: an incident calms down, then is closed with a summary for the review.
import { and, eq, ne } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { requirePermission } from '../read/permissions';
import { withdrawProposalsOfIncident } from '../write/proposals';
import { appendTimeline } from '../write/timeline';
import { resolveIncident, tasksOf } from '../read/incidents';
import { touchIncident } from '../write/refresh-incident';

export function calmIncident(ctx: VerbContext, incidentNumber: string | undefined): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'resolve');
  const incident = resolveIncident(tx, incidentNumber, '平息 {n}');
  if (incident.status === 'closed' || incident.status === 'calmed') throw new Refusal(`${incident.number} 已经${incident.status === 'closed' ? '结案' : '平息'}了。`);
  tx.update(incidents).set({ status: 'calmed', updatedAt: now }).where(eq(incidents.id, incident.id)).run();
  appendTimeline(ctx, { incidentId: incident.id, kind: 'incident_calmed', text: `${actor.member.name} 确认 ${incident.number} 已平息` });
  touchIncident(ctx, incident.id);
  return { reply: `${incident.number} 已标记为「已平息」。请继续跟踪，确认无反复后发送「结案 ${incident.number} 总结」。`, toast: '已平息' };
}

export function closeIncident(ctx: VerbContext, incidentNumber: string | undefined, summary: string): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'resolve');
  const incident = resolveIncident(tx, incidentNumber, '结案 {n} 总结');
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已经结案了。`);
  const closed = tx
    .update(incidents)
    .set({ status: 'closed', summary: summary || null, closedAt: now, updatedAt: now })
    .where(and(eq(incidents.id, incident.id), ne(incidents.status, 'closed')))
    .returning()
    .get();
  if (!closed) throw new Refusal(`${incident.number} 刚刚已被结案。`);
  const unfinished = tasksOf(tx, incident.id).filter((t) => t.status !== 'done').length;
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'incident_closed',
    text: `${actor.member.name} 结案 ${incident.number}${summary ? `：${summary}` : ''}${unfinished > 0 ? `（仍有 ${unfinished} 项任务未完成）` : ''}`,
  });
  // A 预警建议 waiting to upgrade it could now only open a new incident: withdrawn, its card says why.
  withdrawProposalsOfIncident(ctx, incident);
  touchIncident(ctx, incident.id);
  return {
    reply: `${incident.number} 已结案。${unfinished > 0 ? `注意：仍有 ${unfinished} 项任务未完成，已记入时间线。` : ''}发送「状态 ${incident.number}」查看最近动态，用于复盘评估。`,
    toast: '已结案',
  };
}
