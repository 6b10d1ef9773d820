// Moves an incident to another level. An upgrade adds the new level's tasks and deadlines the
// incident does not have yet and broadcasts to the groups the new level names that have no card
// yet; a downgrade only refreshes the cards (and holds off the warning engine, see write/topics.ts).
// One timeline row. Shared by 升级/降级/级别 (change-level.ts) and the warning engine
// (upgrade-topic-incident.ts); the callers check who may.
import { eq } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import { actorMemberId, type AnyActor, type VerbContext } from '../context';
import { LEVEL_RANK, type Level } from '../levels';
import { warningDestinations, type Destination } from '../read/groups';
import { deadlinesOf, tasksOf, type Incident } from '../read/incidents';
import { insertDeadline } from '../write/deadlines';
import { insertOpenTask } from '../write/insert-task';
import { chatsWithSubject, enqueueCard, warningPriority } from '../write/outbox';
import { planUpdateCadence } from '../write/plan-jobs';
import { touchIncident } from '../write/refresh-incident';
import { incidentSubject } from '../write/subjects';
import { appendTimeline } from '../write/timeline';
import { holdAfterHandDowngrade } from '../write/topics';
import { warningCard } from '../write/warning-card';

export interface ApplyLevelChangeInput {
  incident: Incident;
  level: Level;
  /** The chat the change came from; a new card goes there too. */
  origin: Destination;
  timelineText: string;
  data?: Record<string, unknown>;
}

export function applyLevelChange(ctx: VerbContext<AnyActor>, input: ApplyLevelChangeInput): { rising: boolean } {
  const { tx, core, now } = ctx;
  const { incident, level: to } = input;
  const from = incident.level;
  const rising = LEVEL_RANK[to] > LEVEL_RANK[from];
  const rule = core.playbook.levels[to];
  const status = rising && rule.status === 'responding' ? 'responding' : incident.status;
  tx.update(incidents).set({ level: to, status, updatedAt: now }).where(eq(incidents.id, incident.id)).run();
  if (rising) {
    const haveDepartments = new Set(tasksOf(tx, incident.id).map((t) => t.departmentKey));
    for (const t of rule.tasks.filter((t) => !haveDepartments.has(t.department))) {
      insertOpenTask(tx, core, {
        incidentId: incident.id,
        departmentKey: t.department,
        title: t.title,
        claimWithinMinutes: rule.claimWithinMinutes,
        createdBy: actorMemberId(ctx.actor),
        now,
      });
    }
    const haveKinds = new Set(deadlinesOf(tx, incident.id).map((d) => d.kind));
    for (const d of rule.deadlines.filter((d) => !haveKinds.has(d.kind)))
      insertDeadline(tx, core, { incidentId: incident.id, kind: d.kind, label: d.label, minutes: d.minutes, now });
  }
  // A person's downgrade stands: the warning engine counts the old level as handled for the topics
  // feeding this incident, and raises it again only after their score has left that band and come back.
  if (!rising) holdAfterHandDowngrade(tx, incident.id, from);
  // The new level's cadence takes over from now; the old chain stops at its next beat.
  planUpdateCadence(tx, core, incident.id, to, now);
  appendTimeline(ctx, { incidentId: incident.id, kind: 'level_changed', text: input.timelineText, data: { from, to, ...input.data } });
  touchIncident(ctx, incident.id);

  if (rising) {
    const updated = { ...incident, level: to, status };
    const taskDepartments = new Set(tasksOf(tx, incident.id).flatMap((t) => (t.departmentKey ? [t.departmentKey] : [])));
    const card = warningCard(tx, core, updated, taskDepartments, now);
    card.title = `已升级 · ${card.title}`;
    // Chats that already have a card about it got the refreshed one above; the rest get a new card.
    const already = chatsWithSubject(tx, incidentSubject(incident.id));
    for (const dest of warningDestinations(tx, rule.notify, taskDepartments, input.origin)) {
      if (already.has(`${dest.platform}:${dest.chatId}`)) continue;
      enqueueCard(tx, dest, card, { now, priority: warningPriority(to), subject: incidentSubject(incident.id) });
    }
  }
  return { rising };
}
