// Everything the warning card of an incident shows (cards/incident-card.ts), read in one place so
// that the card itself is built from data alone.
import type { DbOrTx } from '../../db/types';
import { departmentNames } from './groups';
import { deadlinesOf, linkedLeads, tasksOf, type Deadline, type Incident, type Lead, type Task } from './incidents';
import { meetingOf, type Meeting } from './meetings';
import { memberById, membersByIds } from './members';
import { signalCount, topicsOfIncident, type Topic } from './signals';

/** A signal burst can attach thousands of leads: the card names the first few and counts the rest. */
const LINKS_SHOWN = 5;

export interface IncidentView {
  incident: Incident;
  tasks: Task[];
  /** Names of the tasks' owners, by member id. */
  owners: Map<number, string>;
  departments: Map<string, string>;
  creator: string | undefined;
  links: { rows: Lead[]; total: number };
  deadlines: Deadline[];
  /** The 应急会议 orange and red call, once there is one. */
  meeting: Meeting | undefined;
  /** Only for incidents the warning engine raised: its newest topic and the signals of all its topics. */
  signals?: { latest: Topic | undefined; count: number };
}

export function readIncidentView(db: DbOrTx, incident: Incident): IncidentView {
  const tasks = tasksOf(db, incident.id);
  return {
    incident,
    tasks,
    owners: new Map(
      membersByIds(
        db,
        tasks.flatMap((t) => (t.ownerId ? [t.ownerId] : [])),
      ).map((m) => [m.id, m.name]),
    ),
    departments: departmentNames(db),
    creator: incident.createdBy ? memberById(db, incident.createdBy)?.name : undefined,
    links: linkedLeads(db, incident.id, LINKS_SHOWN),
    deadlines: deadlinesOf(db, incident.id),
    meeting: meetingOf(db, incident.id),
    ...(incident.raisedBy === 'signals' ? { signals: signalsOf(db, incident.id) } : {}),
  };
}

function signalsOf(db: DbOrTx, incidentId: number): { latest: Topic | undefined; count: number } {
  const topics = topicsOfIncident(db, incidentId);
  return {
    latest: topics[0],
    count:
      topics.length > 0
        ? signalCount(
            db,
            topics.map((t) => t.id),
          )
        : 0,
  };
}
