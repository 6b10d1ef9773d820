// 总结 [事件编号]: the incident's 总结评估 — its measured figures and what people have written. An
// incident that has calmed or closed and has no review yet gets one now; one still being handled
// is told when its review opens. Anyone with a role may read and open it.
import type { Card } from '../cards/card';
import { buildReviewCard } from '../cards/review-card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { commandDestinations } from '../read/groups';
import { requireRegistered } from '../read/permissions';
import { readReviewView, resolveReviewIncident, reviewOfIncident } from '../read/reviews';
import { openReview } from '../write/reviews';

export function showReview(ctx: VerbContext, input: { incidentNumber?: string | undefined }): { reply: Card | null; toast: string } {
  const { tx, core, actor, now } = ctx;
  requireRegistered(actor.member, '查看总结评估');
  const incident = resolveReviewIncident(tx, input.incidentNumber, '总结 {n}');
  const existing = reviewOfIncident(tx, incident.id);
  if (existing) return { reply: buildReviewCard(core, readReviewView(tx, core, incident, existing, now)), toast: '已发送总结评估' };
  if (incident.status !== 'calmed' && incident.status !== 'closed')
    throw new Refusal(`${incident.number} 仍在处置中：「平息」或「结案」时开启总结评估。现在的时间线和时限可在工作台的事件详情里查看。`);
  openReview(ctx, incident);
  // The new card went to the command centre; said here only if this chat is not one of them.
  const here = commandDestinations(tx).some((d) => d.platform === actor.platform && d.chatId === actor.chatId);
  const review = reviewOfIncident(tx, incident.id)!;
  return { reply: here ? null : buildReviewCard(core, readReviewView(tx, core, incident, review, now)), toast: '已开启总结评估' };
}
