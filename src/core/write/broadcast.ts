// A warning going out at an incident's current level — raised (预警, the warning engine) or raised
// higher (升级, the engine's upgrades): a new card in every group the level names (the broadcast
// group its summary), the people it names @mentioned there and, where the level is urgent, alerted
// in person (alerts.ts). The callers write the incident, its tasks and deadlines first.
import type { Core } from '../context';
import type { Tx } from '../../db/types';
import { warningDestinations, type Destination, type WarningDestination } from '../read/groups';
import type { Incident } from '../read/incidents';
import { alertPeople } from './alerts';
import { enqueueCard, warningPriority } from './outbox';
import { incidentSubject, incidentSummarySubject } from './subjects';
import { audienceOf, broadcastCard, taskDepartmentsOf, warningCard } from './warning-card';

export function broadcastWarning(
  c: { tx: Tx; core: Core; now: number },
  incident: Incident,
  opts: { origin: Destination; titlePrefix?: string },
): { destinations: WarningDestination[]; alerted: number } {
  const { tx, core, now } = c;
  const rule = core.playbook.levels[incident.level];
  const people = audienceOf(tx, core, incident, now);
  const prefix = opts.titlePrefix ?? '';
  const full = warningCard(tx, core, incident, people, now);
  full.title = `${prefix}${full.title}`;
  const summary = broadcastCard(tx, core, incident, now);
  summary.title = `${prefix}${summary.title}`;
  const destinations = warningDestinations(tx, rule.notify, taskDepartmentsOf(tx, incident.id), opts.origin);
  const priority = warningPriority(incident.level);
  for (const to of destinations) {
    if (to.purpose === 'broadcast') enqueueCard(tx, to, summary, { now, priority, subject: incidentSummarySubject(incident.id) });
    else enqueueCard(tx, to, full, { now, priority, subject: incidentSubject(incident.id) });
  }
  const alerted = alertPeople(tx, core, incident, full, people, now).length;
  return { destinations, alerted };
}
