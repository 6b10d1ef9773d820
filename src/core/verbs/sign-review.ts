// 总结 [事件编号] 签发: the commander signs a review off. The figures are fixed as signed (the
// document shows what was signed); a red or orange incident may then be closed (结案).
import { and, eq } from 'drizzle-orm';
import { reviews } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { requirePermission } from '../read/permissions';
import { readReviewRecord } from '../read/review-record';
import { reviewFigures } from '../read/review-figures';
import { notesOf, resolveReviewIncident, reviewOfIncident } from '../read/reviews';
import { refreshReviewCards } from '../write/reviews';
import { appendTimeline } from '../write/timeline';

export function signReview(ctx: VerbContext, input: { incidentNumber?: string | undefined }): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'signReview');
  const incident = resolveReviewIncident(tx, input.incidentNumber, '总结 {n} 签发');
  const review = reviewOfIncident(tx, incident.id);
  if (!review) throw new Refusal(`${incident.number} 还没有总结评估：「平息」或「结案」时开启，或发送「总结 ${incident.number}」。`);
  if (review.status === 'signed') throw new Refusal(`${incident.number} 的总结评估已经签发了。`, '已签发');
  if (notesOf(tx, review.id).length === 0)
    throw new Refusal(
      `${incident.number} 的总结评估还没有任何经验、问题或改进措施。请先补充，例如「总结 ${incident.number} 改进 发布稿审批超时，明确法务审核 30 分钟内完成」，再签发。`,
      '请先补充经验、问题或改进措施',
    );
  const figures = reviewFigures(readReviewRecord(tx, incident), core.playbook, now);
  const signed = tx
    .update(reviews)
    .set({ status: 'signed', signedAt: now, signedBy: actor.member.id, figures: figures as unknown as Record<string, unknown> })
    .where(and(eq(reviews.id, review.id), eq(reviews.status, 'open')))
    .returning()
    .get();
  if (!signed) throw new Refusal(`${incident.number} 的总结评估刚刚已被签发。`, '已签发');
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'review_signed',
    text: `${actor.member.name} 签发 ${incident.number} 的${incident.isDrill ? '演练评估' : '总结评估'}`,
    data: { reviewId: review.id },
  });
  refreshReviewCards(ctx, incident, signed);
  const next = incident.status === 'closed' ? '' : `现在可以发送「结案 ${incident.number}」结案。`;
  return { reply: `已签发 ${incident.number} 的总结评估。${next}`, toast: '已签发' };
}
