// Moves an incident to another level. An upgrade adds the new level's tasks and deadlines the
// incident does not have yet, brings forward the deadlines and claim windows it makes stricter,
// calls (or brings forward) the 应急会议, and broadcasts the new level as a new warning: a new card
// in every group it names, 加急 in person where it says so (once per person per level). Groups
// that had the warning but are not named at the new level are told of the change. A downgrade is
// told in every group that had the warning (and holds off the warning engine, see
// write/topics.ts). Every card about the incident is refreshed either way. One timeline row.
// Shared by 升级/降级/级别 (change-level.ts) and the warning engine (upgrade-topic-incident.ts);
// the callers check who may.
import { eq } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import { textCard } from '../cards/card';
import { actorMemberId, type AnyActor, type VerbContext } from '../context';
import { LEVEL_RANK, type Level } from '../levels';
import type { Destination } from '../read/groups';
import { deadlinesOf, tasksOf, type Incident } from '../read/incidents';
import { shortTime } from '../time';
import { announceToWarned } from '../write/announce';
import { broadcastWarning } from '../write/broadcast';
import { insertDeadline, tightenToLevel, type Retimed } from '../write/deadlines';
import { insertOpenTask } from '../write/insert-task';
import { callMeeting } from '../write/meetings';
import { PRIORITY, warningPriority } from '../write/outbox';
import { planUpdateCadence } from '../write/plan-jobs';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';
import { holdAfterHandDowngrade } from '../write/topics';

export interface ApplyLevelChangeInput {
  incident: Incident;
  level: Level;
  /** The chat the change came from; a new card goes there too. */
  origin: Destination;
  timelineText: string;
  data?: Record<string, unknown>;
}

export function applyLevelChange(ctx: VerbContext<AnyActor>, input: ApplyLevelChangeInput): { rising: boolean; retimed: Retimed[] } {
  const { tx, core, now } = ctx;
  const { incident, level: to } = input;
  const from = incident.level;
  const rising = LEVEL_RANK[to] > LEVEL_RANK[from];
  const rule = core.playbook.levels[to];
  const status = rising && rule.status === 'responding' ? 'responding' : incident.status;
  const updated = tx.update(incidents).set({ level: to, status, updatedAt: now }).where(eq(incidents.id, incident.id)).returning().get();
  let retimed: Retimed[] = [];
  if (rising) {
    retimed = tightenToLevel(tx, core, incident.id, rule, now);
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
  const tz = core.timeZone;
  const sooner = retimed.map((r) => `${r.label} ${shortTime(r.from, tz, now)} → ${shortTime(r.to, tz, now)}`);
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'level_changed',
    text: `${input.timelineText}${sooner.length > 0 ? `；按新级别提前：${sooner.join('，')}` : ''}`,
    data: { from, to, ...input.data, ...(retimed.length > 0 ? { retimed } : {}) },
  });
  // Before the cards: the new warning card shows the meeting the new level calls (or brings forward).
  if (rising) callMeeting(ctx, updated);
  touchIncident(ctx, incident.id);

  const word = rising ? '升级' : '降级';
  const change = textCard(
    `已${word}为${rule.name} · ${incident.number}`,
    `${input.timelineText}${sooner.length > 0 ? `\n时限提前：${sooner.join('，')}` : ''}`,
  );
  change.level = to;
  if (rising) {
    const { destinations } = broadcastWarning(ctx, updated, { origin: input.origin, titlePrefix: '已升级 · ' });
    announceToWarned(tx, incident.id, change, { now, priority: warningPriority(to), skip: destinations });
  } else {
    announceToWarned(tx, incident.id, change, { now, priority: PRIORITY.warning });
  }
  return { rising, retimed };
}
