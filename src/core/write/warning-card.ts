// The warning card as broadcast when an incident is raised or upgraded: the incident's card,
// @mentioning who is on duty, the leads of the departments with tasks and, when the level says so,
// the leaders — pushed urgently where the platform can.
import type { Tx } from '../../db/types';
import type { Card } from '../cards/card';
import { buildIncidentCard } from '../cards/incident-card';
import type { Core } from '../context';
import { warningAudience } from '../read/audience';
import { readIncidentView } from '../read/incident-view';
import type { Incident } from '../read/incidents';

export function warningCard(tx: Tx, core: Core, incident: Incident, taskDepartments: ReadonlySet<string>, now: number): Card {
  const rule = core.playbook.levels[incident.level];
  return {
    ...buildIncidentCard(core, readIncidentView(tx, incident), now),
    mentions: warningAudience(tx, core, now, taskDepartments, rule.urgent).map((m) => ({ memberId: m.id, name: m.name })),
    urgent: rule.urgent,
  };
}
