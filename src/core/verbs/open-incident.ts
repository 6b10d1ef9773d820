// Opens an incident at a level and broadcasts it: tasks per department, deadlines and their
// reminders, the 续报 cadence, the timeline row, the 应急会议 where the level calls one, and the
// warning card to every group the level names (write/broadcast.ts: the summary to the broadcast
// group, 加急 where the level says so). Shared by 预警 (raise-warning.ts) and the warning engine (raise-topic-warning.ts), so an
// automatic warning follows exactly the routing of a typed one. The callers check who may.
import { incidents, leads } from '../../db/schema';
import { actorMemberId, type AnyActor, type VerbContext } from '../context';
import type { Level } from '../levels';
import type { Destination } from '../read/groups';
import { nextIncidentNumber, type Incident } from '../read/incidents';
import { sourceOfLink } from '../text';
import { insertDeadline } from '../write/deadlines';
import { insertOpenTask } from '../write/insert-task';
import { broadcastWarning } from '../write/broadcast';
import { callMeeting } from '../write/meetings';
import { planUpdateCadence } from '../write/plan-jobs';
import { appendTimeline } from '../write/timeline';

export interface OpenIncidentInput {
  level: Level;
  title: string;
  links: string[];
  isDrill: boolean;
  raisedBy: Incident['raisedBy'];
  /** The chat it was raised in (also told); for the warning engine, the command centre. */
  origin: Destination;
  timeline: { text: string; data: Record<string, unknown> };
  /** Runs right after the incident row exists, before tasks and cards (e.g. to attach signals' leads). */
  onCreated?: (incident: Incident) => void;
}

export function openIncident(ctx: VerbContext<AnyActor>, input: OpenIncidentInput): { incident: Incident; destinations: Destination[] } {
  const { tx, core, now } = ctx;
  const by = actorMemberId(ctx.actor);
  const rule = core.playbook.levels[input.level];
  const incident = tx
    .insert(incidents)
    .values({
      number: nextIncidentNumber(tx, now, core.timeZone),
      title: input.title,
      level: input.level,
      status: rule.status,
      isDrill: input.isDrill,
      createdBy: by,
      originPlatform: input.origin.platform,
      originChatId: input.origin.chatId,
      raisedBy: input.raisedBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  input.onCreated?.(incident);

  for (const link of input.links) {
    tx.insert(leads)
      .values({ incidentId: incident.id, source: sourceOfLink(link), link, summary: input.title, reportedBy: by, createdAt: now })
      .run();
  }
  for (const t of rule.tasks) {
    insertOpenTask(tx, core, {
      incidentId: incident.id,
      departmentKey: t.department,
      title: t.title,
      claimWithinMinutes: rule.claimWithinMinutes,
      createdBy: by,
      now,
    });
  }
  for (const d of rule.deadlines) insertDeadline(tx, core, { incidentId: incident.id, kind: d.kind, label: d.label, minutes: d.minutes, now });
  planUpdateCadence(tx, core, incident.id, input.level, now);
  appendTimeline(ctx, { incidentId: incident.id, kind: 'warning_raised', text: input.timeline.text, data: input.timeline.data });

  // Called before the cards go out: the warning card announces when and where it meets (the
  // reminders before it starts @mention everyone invited).
  callMeeting(ctx, incident);
  const { destinations } = broadcastWarning(ctx, incident, { origin: input.origin });
  return { incident, destinations };
}
