// 结案: close an incident with a summary for the review. Unfinished tasks are noted, not refused.
// The observation period after 平息 must have run, and a red or orange incident closes only once
// its 总结评估 is signed (read/closing-rules.ts, write/closing.ts); closing opens the review.
import { and, eq, ne } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { resolveIncident, tasksOf } from '../read/incidents';
import { requireObservationDone } from '../read/closing-rules';
import { requirePermission } from '../read/permissions';
import { reviewRequiredBeforeClose } from '../write/closing';
import { withdrawProposalsOfIncident } from '../write/proposals';
import { touchIncident } from '../write/refresh-incident';
import { openReview } from '../write/reviews';
import { appendTimeline } from '../write/timeline';

export function closeIncident(ctx: VerbContext, input: { incidentNumber?: string | undefined; summary: string }): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  const { summary } = input;
  requirePermission(core.playbook, actor.member, 'resolve');
  const incident = resolveIncident(tx, input.incidentNumber, '结案 {n} 总结');
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已经结案了。`);
  requireObservationDone(tx, core, incident, now);
  const held = reviewRequiredBeforeClose(ctx, incident, summary);
  if (held) return held;
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
  const { review } = openReview(ctx, closed, { summary });
  const next = review.status === 'signed' ? '总结评估已签发。' : `请补充总结评估：发送「总结 ${incident.number}」查看。`;
  return {
    reply: `${incident.number} 已结案。${unfinished > 0 ? `注意：仍有 ${unfinished} 项任务未完成，已记入时间线。` : ''}${next}`,
    toast: '已结案',
  };
}
