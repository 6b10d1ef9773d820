// The cards a warning is broadcast with: the incident's card, @mentioning who is on duty, the leads
// of the departments with tasks and, when the level says so, the leaders; and the summary card the
// broadcast group gets instead (no tasks, deadlines, buttons or mentions).
import type { Tx } from '../../db/types';
import { buildBroadcastCard } from '../cards/broadcast-card';
import type { Card } from '../cards/card';
import { buildIncidentCard } from '../cards/incident-card';
import type { Core, Member } from '../context';
import { onDutyNow, warningAudience } from '../read/audience';
import { readIncidentView } from '../read/incident-view';
import { tasksOf, type Incident } from '../read/incidents';

/** Who a warning at the incident's level names: they are @mentioned, and buzzed when the level is urgent. */
export function audienceOf(tx: Tx, core: Core, incident: Incident, now: number): Member[] {
  return warningAudience(tx, core, now, taskDepartmentsOf(tx, incident.id), core.playbook.levels[incident.level].urgent);
}

export function taskDepartmentsOf(tx: Tx, incidentId: number): Set<string> {
  return new Set(tasksOf(tx, incidentId).flatMap((t) => (t.departmentKey ? [t.departmentKey] : [])));
}

export function warningCard(tx: Tx, core: Core, incident: Incident, people: Member[], now: number): Card {
  return { ...buildIncidentCard(core, readIncidentView(tx, incident), now), mentions: people.map((m) => ({ memberId: m.id, name: m.name })) };
}

export function broadcastCard(tx: Tx, core: Core, incident: Incident, now: number): Card {
  return buildBroadcastCard(core, { incident, contacts: onDutyNow(tx, core, now).map((m) => m.name) });
}
