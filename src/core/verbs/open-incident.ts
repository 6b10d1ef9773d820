// Opens an incident at a level and broadcasts it: tasks per department, deadlines and their
// reminders, the 续报 cadence, the timeline row, and the warning card to every group the level
// names — in the caller's transaction. Shared by 预警 (a person) and the warning engine (signals),
// so an automatic warning follows exactly the routing of a typed one.
import { deadlines, incidents, leads } from '../../db/schema';
import type { Tx } from '../../db/types';
import { buildIncidentCard } from '../cards/incident-card';
import { readIncidentView } from '../read/incident-view';
import type { Core } from '../context';
import type { Level } from '../levels';
import { warningAudience } from '../read/audience';
import { warningDestinations } from '../read/groups';
import { enqueueCard, PRIORITY } from '../write/outbox';
import type { Destination } from '../read/groups';
import { sourceOfLink } from '../text';
import { writeTimeline } from '../write/timeline';
import { planDeadline, planUpdateCadence } from '../write/plan-jobs';
import { insertOpenTask } from '../write/insert-task';
import { nextIncidentNumber } from '../read/incidents';
import type { Incident } from '../read/incidents';
import { incidentSubject } from '../write/subjects';

/** Who made a change: a member, or the system (memberId null) on some platform (`signals`). */
export interface Doer {
  memberId: number | null;
  name: string;
  platform: string;
}

export interface OpenIncidentInput {
  level: Level;
  title: string;
  links: string[];
  isDrill: boolean;
  raisedBy: Incident['raisedBy'];
  by: Doer;
  /** The chat it was raised in (also told); for the warning engine, the command centre. */
  origin: Destination;
  timeline: { text: string; data: Record<string, unknown> };
  /** Runs right after the incident row exists, before tasks and cards (e.g. to attach signals' leads). */
  onCreated?: (incident: Incident) => void;
}

export function openIncident(c: { tx: Tx; core: Core; now: number }, input: OpenIncidentInput): { incident: Incident; destinations: Destination[] } {
  const { tx, core, now } = c;
  const rule = core.playbook.levels[input.level];
  const incident = tx
    .insert(incidents)
    .values({
      number: nextIncidentNumber(tx, now, core.timeZone),
      title: input.title,
      level: input.level,
      status: rule.status,
      isDrill: input.isDrill,
      createdBy: input.by.memberId,
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
    tx.insert(leads).values({ incidentId: incident.id, source: sourceOfLink(link), link, summary: input.title, reportedBy: input.by.memberId, createdAt: now }).run();
  }
  for (const t of rule.tasks) {
    insertOpenTask(tx, core, { incidentId: incident.id, departmentKey: t.department, title: t.title, claimWithinMinutes: rule.claimWithinMinutes, createdBy: input.by.memberId, now });
  }
  for (const d of rule.deadlines) {
    const deadline = tx.insert(deadlines).values({ incidentId: incident.id, kind: d.kind, label: d.label, dueAt: now + d.minutes * 60_000 }).returning().get();
    planDeadline(tx, core, deadline, now);
  }
  planUpdateCadence(tx, core, incident.id, input.level, now);
  writeTimeline(tx, { incidentId: incident.id, kind: 'warning_raised', text: input.timeline.text, data: input.timeline.data, actorId: input.by.memberId, platform: input.by.platform, now });

  const taskDepartments = new Set(rule.tasks.map((t) => t.department));
  const card = {
    ...buildIncidentCard(core, readIncidentView(tx, incident), now),
    mentions: warningAudience(tx, core, now, taskDepartments, rule.urgent).map((m) => ({ memberId: m.id, name: m.name })),
    urgent: rule.urgent,
  };
  const destinations = warningDestinations(tx, rule.notify, taskDepartments, input.origin);
  for (const to of destinations) {
    enqueueCard(tx, to, card, {
      now,
      priority: input.level === 'red' ? PRIORITY.red : PRIORITY.warning,
      subject: incidentSubject(incident.id),
    });
  }
  return { incident, destinations };
}
