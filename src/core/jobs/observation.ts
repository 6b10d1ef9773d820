// The end of the watch after 平息 (planned by write/closing.ts): the command centre is told the
// incident may now be closed — unless it has relapsed, closed, or been calmed again since.
import { and, desc, eq } from 'drizzle-orm';
import { timeline } from '../../db/schema';
import { textCard } from '../cards/card';
import { commandDestinations } from '../read/groups';
import { incidentById } from '../read/incidents';
import { reviewOfIncident } from '../read/reviews';
import { humanDuration } from '../time';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { writeTimeline } from '../write/timeline';
import type { JobHandler } from './handlers';

export const fireObservationEnd: JobHandler = (tx, core, job, now) => {
  const [, id, calmedAt] = job.subject.split(':');
  const incident = incidentById(tx, Number(id));
  if (!incident || incident.status !== 'calmed') return;
  const last = tx
    .select({ at: timeline.createdAt })
    .from(timeline)
    .where(and(eq(timeline.incidentId, incident.id), eq(timeline.kind, 'incident_calmed')))
    .orderBy(desc(timeline.id))
    .get();
  if (last?.at !== Number(calmedAt)) return;
  const watched = humanDuration(job.dueAt - Number(calmedAt));
  const needsReview = core.playbook.review.requiredFor.includes(incident.level) && reviewOfIncident(tx, incident.id)?.status !== 'signed';
  const card = textCard(
    `观察期满 · ${incident.number}`,
    `${incident.number}「${incident.title}」平息后已观察 ${watched}。确认无反复后可以${needsReview ? `在总结评估签发后（「总结 ${incident.number} 签发」）` : ''}发送「结案 ${incident.number} 总结」。${job.late ? '\n（系统恢复后补发）' : ''}`,
    'ok',
  );
  for (const to of commandDestinations(tx)) enqueueCard(tx, to, card, { now, priority: PRIORITY.routine });
  writeTimeline(tx, {
    incidentId: incident.id,
    kind: 'observation_ended',
    text: `${incident.number} 平息后观察 ${watched}，观察期满`,
    actorId: null,
    platform: 'system',
    now,
  });
};
