// 总结 [事件编号] 经验|问题|改进 <内容>: someone adds a lesson, a problem or an improvement to a
// review. Anyone with a role may; a signed review takes no more. Appended, never edited.
import { reviewNotes } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { incidentById } from '../read/incidents';
import { requireRegistered } from '../read/permissions';
import { NOTE_KIND_NAME, resolveReviewIncident, reviewOfIncident, type NoteKind } from '../read/reviews';
import { clip } from '../text';
import { openReview, refreshReviewCards } from '../write/reviews';
import { appendTimeline } from '../write/timeline';

export function addReviewNote(
  ctx: VerbContext,
  input: { incidentNumber?: string | undefined; kind: NoteKind; text: string },
): { reply: string; toast: string } {
  const { tx, actor, now } = ctx;
  requireRegistered(actor.member, '补充总结评估');
  const text = clip(input.text.trim(), 1000);
  const word = NOTE_KIND_NAME[input.kind];
  const incident = resolveReviewIncident(tx, input.incidentNumber, `总结 {n} ${word === '改进措施' ? '改进' : word} 内容`);
  let review = reviewOfIncident(tx, incident.id);
  if (!review) {
    if (incident.status !== 'calmed' && incident.status !== 'closed')
      throw new Refusal(`${incident.number} 仍在处置中：「平息」或「结案」时开启总结评估，之后再补充${word}。`);
    review = openReview(ctx, incident).review;
  }
  if (review.status === 'signed') throw new Refusal(`${incident.number} 的总结评估已签发，不能再补充。`, '已签发');
  const row = tx.insert(reviewNotes).values({ reviewId: review.id, kind: input.kind, text, authorId: actor.member.id, createdAt: now }).returning().get();
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'review_note',
    text: `${actor.member.name} 补充总结评估${word}：${text}`,
    data: { reviewId: review.id, noteId: row.id, kind: input.kind },
  });
  refreshReviewCards(ctx, incidentById(tx, incident.id)!, review);
  return { reply: `已记入 ${incident.number} 总结评估的「${word}」。`, toast: `已记入${word}` };
}
