// Everything the figures of a review are measured from, read in one place: the incident's whole
// timeline, its leads (and the earlier unattached 上报 of the same links: a lead reported before
// the warning existed), tasks, deadlines, releases with their decisions, and who is who.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { approvalDecisions, leads, timeline } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { departmentNames } from './groups';
import { deadlinesOf, tasksOf, type Deadline, type Incident, type Lead, type Task } from './incidents';
import { allMembers } from './members';
import { releasesOfIncident, type Decision, type Release } from './releases';

export type TimelineRow = typeof timeline.$inferSelect;

export interface ReviewRecord {
  incident: Incident;
  /** Oldest first. */
  timeline: TimelineRow[];
  leads: Lead[];
  tasks: Task[];
  deadlines: Deadline[];
  releases: Release[];
  decisions: Decision[];
  /** Member id → name and department key. */
  people: Map<number, { name: string; departmentKey: string | null }>;
  /** Department key → name. */
  departments: Map<string, string>;
}

export function readReviewRecord(db: DbOrTx, incident: Incident): ReviewRecord {
  const own = db.select().from(leads).where(eq(leads.incidentId, incident.id)).orderBy(asc(leads.id)).all();
  const links = [...new Set(own.flatMap((l) => (l.link ? [l.link] : [])))];
  const earlier =
    links.length === 0
      ? []
      : db
          .select()
          .from(leads)
          .where(and(isNull(leads.incidentId), inArray(leads.link, links)))
          .all()
          .filter((l) => l.createdAt <= incident.createdAt);
  const releases = releasesOfIncident(db, incident.id);
  return {
    incident,
    timeline: db.select().from(timeline).where(eq(timeline.incidentId, incident.id)).orderBy(asc(timeline.id)).all(),
    leads: [...earlier, ...own].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id),
    tasks: tasksOf(db, incident.id),
    deadlines: deadlinesOf(db, incident.id),
    releases,
    decisions:
      releases.length === 0
        ? []
        : db
            .select()
            .from(approvalDecisions)
            .where(
              inArray(
                approvalDecisions.releaseId,
                releases.map((r) => r.id),
              ),
            )
            .orderBy(asc(approvalDecisions.id))
            .all(),
    people: new Map(allMembers(db).map((m) => [m.id, { name: m.name, departmentKey: m.departmentKey }])),
    departments: departmentNames(db),
  };
}
