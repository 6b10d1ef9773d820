// Opening a review (总结评估) and keeping its cards current. A review is opened once per incident —
// at 平息, at 结案, by 总结, or at a drill's end — with its timeline row and a card to the command
// centre that is rebuilt whenever a note is added or it is signed.
import { eq } from 'drizzle-orm';
import { reviews } from '../../db/schema';
import { buildReviewCard } from '../cards/review-card';
import { actorMemberId, type AnyActor, type VerbContext } from '../context';
import { commandDestinations } from '../read/groups';
import type { Incident } from '../read/incidents';
import { readReviewView, reviewOfIncident, type Review } from '../read/reviews';
import { enqueueCard, PRIORITY, refreshSubject } from './outbox';
import { reviewSubject } from './subjects';
import { appendTimeline } from './timeline';

/** The incident's review, opened now if it has none. `summary` (结案's words) is kept if none was. */
export function openReview(ctx: VerbContext<AnyActor>, incident: Incident, opts: { summary?: string | undefined } = {}): { review: Review; opened: boolean } {
  const { tx, now } = ctx;
  const summary = opts.summary?.trim() || null;
  const existing = reviewOfIncident(tx, incident.id);
  if (existing) {
    if (summary && !existing.summary && existing.status === 'open') {
      const updated = tx.update(reviews).set({ summary }).where(eq(reviews.id, existing.id)).returning().get()!;
      refreshReviewCards(ctx, incident, updated);
      return { review: updated, opened: false };
    }
    return { review: existing, opened: false };
  }
  const review = tx
    .insert(reviews)
    .values({ incidentId: incident.id, status: 'open', summary, openedAt: now, openedBy: actorMemberId(ctx.actor) })
    .returning()
    .get();
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'review_opened',
    text: `开启 ${incident.number} 的${incident.isDrill ? '演练评估' : '总结评估'}`,
    data: { reviewId: review.id },
  });
  const card = buildReviewCard(ctx.core, readReviewView(tx, ctx.core, incident, review, now));
  for (const to of commandDestinations(tx)) enqueueCard(tx, to, card, { now, priority: PRIORITY.reply, subject: reviewSubject(review.id) });
  return { review, opened: true };
}

export function refreshReviewCards(ctx: Pick<VerbContext<AnyActor>, 'tx' | 'core' | 'now'>, incident: Incident, review: Review): void {
  refreshSubject(ctx.tx, reviewSubject(review.id), buildReviewCard(ctx.core, readReviewView(ctx.tx, ctx.core, incident, review, ctx.now)), { now: ctx.now });
}
