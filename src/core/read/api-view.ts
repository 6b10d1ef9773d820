// Incidents as plain JSON for dashboards and other systems (GET /api/incidents…). Times are
// epoch milliseconds plus ISO strings; levels and statuses carry their Chinese names too.
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { incidents, leads, proposals, signals, tasks, timeline } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { INCIDENT_NUMBER, proposalRef, STATUS_NAME, taskRef } from '../names';
import { deadlinesOf, tasksOf, type Incident } from './incidents';
import { membersByIds } from './members';
import { topicsOfIncident } from './signals';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export type IncidentFilter = 'open' | 'closed' | 'all';

export function incidentList(db: DbOrTx, core: Core, filter: IncidentFilter, limit: number) {
  const where = filter === 'open' ? ne(incidents.status, 'closed') : filter === 'closed' ? eq(incidents.status, 'closed') : undefined;
  const rows = db.select().from(incidents).where(where).orderBy(desc(incidents.id)).limit(limit).all();
  const ids = rows.map((r) => r.id);
  const leadCounts = countBy(db, leads, leads.incidentId, ids);
  const openTasks = new Map(
    ids.length === 0
      ? []
      : db
          .select({ id: tasks.incidentId, n: sql<number>`count(*)` })
          .from(tasks)
          .where(and(inArray(tasks.incidentId, ids), eq(tasks.status, 'open')))
          .groupBy(tasks.incidentId)
          .all()
          .map((r) => [r.id, r.n]),
  );
  return rows.map((i) => ({ ...summary(core, i), leads: leadCounts.get(i.id) ?? 0, openTasks: openTasks.get(i.id) ?? 0 }));
}

/** One incident by number (YQ-…) or id, with its leads (the first `leadLimit`), tasks, deadlines, topics, proposals and timeline. */
export function incidentDetail(db: DbOrTx, core: Core, ref: string, leadLimit: number) {
  const incident = INCIDENT_NUMBER.test(ref)
    ? db.select().from(incidents).where(eq(incidents.number, ref.toUpperCase())).get()
    : /^\d+$/.test(ref)
      ? db
          .select()
          .from(incidents)
          .where(eq(incidents.id, Number(ref)))
          .get()
      : undefined;
  if (!incident) return undefined;
  const leadRows = db
    .select({ lead: leads, signal: signals })
    .from(leads)
    .leftJoin(signals, eq(signals.leadId, leads.id))
    .where(eq(leads.incidentId, incident.id))
    .orderBy(asc(leads.id))
    .limit(leadLimit)
    .all();
  const leadTotal = countBy(db, leads, leads.incidentId, [incident.id]).get(incident.id) ?? 0;
  const taskRows = tasksOf(db, incident.id);
  const events = db.select().from(timeline).where(eq(timeline.incidentId, incident.id)).orderBy(asc(timeline.id)).all();
  const people = new Map(
    membersByIds(db, [
      ...new Set([
        ...taskRows.flatMap((t) => (t.ownerId ? [t.ownerId] : [])),
        ...events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
        ...leadRows.flatMap((r) => (r.lead.reportedBy ? [r.lead.reportedBy] : [])),
      ]),
    ]).map((m) => [m.id, m.name]),
  );
  return {
    ...summary(core, incident),
    summary: incident.summary,
    leadTotal,
    leads: leadRows.map(({ lead, signal }) => ({
      id: `L${lead.id}`,
      source: lead.source,
      link: lead.link,
      summary: lead.summary,
      reportedBy: lead.reportedBy ? (people.get(lead.reportedBy) ?? null) : null,
      createdAt: lead.createdAt,
      signal: signal
        ? {
            title: signal.title,
            excerpt: signal.excerpt,
            author: { name: signal.authorName, followers: signal.authorFollowers, verified: signal.authorVerified },
            publishedAt: iso(signal.publishedAt),
            metrics: {
              reads: signal.reads,
              reposts: signal.reposts,
              comments: signal.comments,
              likes: signal.likes,
              mentionsLastHour: signal.mentionsLastHour,
            },
            sentiment: signal.sentiment,
            keywords: signal.keywords,
            topic: signal.topicId,
            observations: signal.observations,
            firstSeenAt: iso(signal.firstSeenAt),
            lastSeenAt: iso(signal.lastSeenAt),
          }
        : null,
    })),
    tasks: taskRows.map((t) => ({
      id: taskRef(t.id),
      department: t.departmentKey,
      title: t.title,
      status: t.status,
      owner: t.ownerId ? (people.get(t.ownerId) ?? null) : null,
      claimDueAt: iso(t.claimDueAt),
      doneAt: iso(t.doneAt),
    })),
    deadlines: deadlinesOf(db, incident.id).map((d) => ({ kind: d.kind, label: d.label, dueAt: iso(d.dueAt), metAt: iso(d.metAt) })),
    topics: topicsOfIncident(db, incident.id).map((t) => ({
      id: t.id,
      title: t.title,
      score: t.score,
      level: t.level,
      indicators: t.indicators,
      firstSeenAt: iso(t.firstSeenAt),
      lastSeenAt: iso(t.lastSeenAt),
    })),
    proposals: db
      .select()
      .from(proposals)
      .where(eq(proposals.incidentId, incident.id))
      .orderBy(asc(proposals.id))
      .all()
      .map((p) => ({
        id: proposalRef(p.id),
        level: p.level,
        score: p.score,
        status: p.status,
        decidedLevel: p.decidedLevel,
        createdAt: iso(p.createdAt),
        decidedAt: iso(p.decidedAt),
      })),
    timeline: events.map((e) => ({
      at: iso(e.createdAt),
      kind: e.kind,
      text: e.text,
      actor: e.actorId ? (people.get(e.actorId) ?? null) : null,
      platform: e.platform,
      data: e.data,
    })),
  };
}

function summary(core: Core, i: Incident) {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    level: i.level,
    levelName: core.playbook.levels[i.level].name,
    status: i.status,
    statusName: STATUS_NAME[i.status],
    raisedBy: i.raisedBy,
    isDrill: i.isDrill,
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
    closedAt: iso(i.closedAt),
  };
}

function countBy(db: DbOrTx, table: typeof leads, column: typeof leads.incidentId, ids: number[]): Map<number, number> {
  if (ids.length === 0) return new Map();
  return new Map(
    db
      .select({ id: column, n: sql<number>`count(*)` })
      .from(table)
      .where(inArray(column, ids))
      .groupBy(column)
      .all()
      .flatMap((r) => (r.id === null ? [] : [[r.id, r.n] as const])),
  );
}
