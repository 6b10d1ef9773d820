// A drill's end, by its clock or by 演练 结束: its incident closes, it is scored against the
// playbook's deadlines with the same figures as a review, and the evaluation (演练评估, 000 6.3)
// opens as its review, with the score, for 经验 / 问题 / 改进措施 and the commander's signature.
// Like 结案, the end is said in every group that got the drill's warning (announce.ts; the
// containment keeps it out of broadcast groups unless the scenario allows them).
import { and, eq, isNull, ne } from 'drizzle-orm';
import { drills, incidents, reviews } from '../../db/schema';
import { textCard } from '../cards/card';
import { actorMemberId, type AnyActor, type VerbContext } from '../context';
import { drillScore, type DrillScore } from '../read/drill-score';
import type { Drill } from '../read/drills';
import { incidentById } from '../read/incidents';
import { readReviewRecord } from '../read/review-record';
import { reviewFigures } from '../read/review-figures';
import { announceToWarned } from './announce';
import { PRIORITY } from './outbox';
import { touchIncident } from './refresh-incident';
import { openReview, refreshReviewCards } from './reviews';
import { appendTimeline } from './timeline';

/** Ends a running drill; undefined when it had ended already. */
export function finishDrill(ctx: VerbContext<AnyActor>, drill: Drill): { score: DrillScore } | undefined {
  const { tx, core, now } = ctx;
  const ended = tx
    .update(drills)
    .set({ endedAt: now, endedBy: actorMemberId(ctx.actor) })
    .where(and(eq(drills.id, drill.id), isNull(drills.endedAt)))
    .returning()
    .get();
  if (!ended) return undefined;
  tx.update(incidents)
    .set({ status: 'closed', summary: '演练结束', closedAt: now, updatedAt: now })
    .where(and(eq(incidents.id, drill.incidentId), ne(incidents.status, 'closed')))
    .run();
  const incident = incidentById(tx, drill.incidentId)!;
  const score = drillScore(reviewFigures(readReviewRecord(tx, incident), core.playbook, now), core.playbook);
  const by = ctx.actor.member ? `${ctx.actor.member.name} 结束演练` : '演练时间到';
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'drill_ended',
    text: `${by}「${drill.scenarioName}」，得分 ${score.score}（按时 ${score.onTime}、迟 ${score.late}、未完成 ${score.missed}）`,
    data: { drillId: drill.id, score: score.score },
  });
  touchIncident(ctx, incident.id);
  const title = `演练结束 · ${incident.number}`;
  announceToWarned(
    tx,
    incident.id,
    textCard(title, `${incident.number}「${incident.title}」演练已结束，得分 ${score.score}。请补充演练评估（「总结 ${incident.number}」）。`, 'ok'),
    {
      now,
      priority: PRIORITY.warning,
      forBroadcast: textCard(title, `${incident.number}「${incident.title}」演练已结束，感谢大家参与。`, 'ok'),
    },
  );
  const { review } = openReview(ctx, incident);
  const scored = tx
    .update(reviews)
    .set({ score: score as unknown as Record<string, unknown> })
    .where(eq(reviews.id, review.id))
    .returning()
    .get()!;
  refreshReviewCards(ctx, incident, scored);
  return { score };
}
