// What a 舆情日报 or weekly summary says about its period: incidents raised, still open and closed
// (drills counted apart), leads and monitoring signals received, releases approved, reviews
// signed or waiting, the late items of the period, and the loudest topics.
import { and, desc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import { drills, incidents, leads, releases, reviews, signals, timeline, topics } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { LEVELS, type Level } from '../levels';
import { readAccountability } from './accountability';
import type { Incident } from './incidents';
import type { Period } from './periods';

export interface PeriodicReport {
  period: Period;
  raised: Incident[];
  open: Incident[];
  closed: Incident[];
  /** Raised in the period, by level (drills not counted). */
  byLevel: Record<Level, number>;
  leads: number;
  signals: number;
  approvedReleases: number;
  reviewsSigned: number;
  /** Reviews opened and not yet signed, of any age. */
  reviewsWaiting: Incident[];
  late: Record<string, number>;
  lateTotal: number;
  lateByDepartment: { name: string; total: number }[];
  drills: { number: string; name: string; score: number | null }[];
  topics: { title: string; score: number; level: Level | null }[];
}

export function readPeriodicReport(db: DbOrTx, period: Period, now: number): PeriodicReport {
  const within = (column: typeof incidents.createdAt) => and(gte(column, period.from), lt(column, period.to));
  const real = eq(incidents.isDrill, false);
  const raised = db
    .select()
    .from(incidents)
    .where(and(real, within(incidents.createdAt)))
    .orderBy(desc(incidents.id))
    .all();
  const open = db
    .select()
    .from(incidents)
    .where(and(real, ne(incidents.status, 'closed')))
    .orderBy(desc(incidents.id))
    .all();
  const closed = db
    .select()
    .from(incidents)
    .where(and(real, eq(incidents.status, 'closed'), gte(incidents.closedAt, period.from), lt(incidents.closedAt, period.to)))
    .orderBy(desc(incidents.id))
    .all();
  const count = (n: { n: number } | undefined) => n?.n ?? 0;
  const n = sql<number>`count(*)`;
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, raised.filter((i) => i.level === l).length])) as Record<Level, number>;
  const accountability = readAccountability(db, period, now);
  const late: Record<string, number> = {};
  for (const item of accountability.items) late[item.kind] = (late[item.kind] ?? 0) + 1;
  const drillRows = db
    .select({ drill: drills, number: incidents.number, score: reviews.score })
    .from(drills)
    .innerJoin(incidents, eq(incidents.id, drills.incidentId))
    .leftJoin(reviews, eq(reviews.incidentId, drills.incidentId))
    .where(and(gte(drills.startedAt, period.from), lt(drills.startedAt, period.to)))
    .all();
  const waiting = db
    .select({ incident: incidents })
    .from(reviews)
    .innerJoin(incidents, eq(incidents.id, reviews.incidentId))
    .where(and(eq(reviews.status, 'open'), real))
    .all()
    .map((r) => r.incident);
  return {
    period,
    raised,
    open,
    closed,
    byLevel,
    leads: count(
      db
        .select({ n })
        .from(leads)
        .where(and(gte(leads.createdAt, period.from), lt(leads.createdAt, period.to)))
        .get(),
    ),
    signals: count(
      db
        .select({ n })
        .from(signals)
        .where(and(gte(signals.firstSeenAt, period.from), lt(signals.firstSeenAt, period.to)))
        .get(),
    ),
    approvedReleases: count(
      db
        .select({ n })
        .from(timeline)
        .innerJoin(releases, sql`${releases.id} = json_extract(${timeline.data}, '$.releaseId')`)
        // The last step's approval: the release passed its whole chain.
        .where(
          and(
            eq(timeline.kind, 'release_approved_step'),
            sql`json_extract(${timeline.data}, '$.step') = json_array_length(${releases.chain}) - 1`,
            gte(timeline.createdAt, period.from),
            lt(timeline.createdAt, period.to),
          ),
        )
        .get(),
    ),
    reviewsSigned: count(
      db
        .select({ n })
        .from(reviews)
        .where(and(eq(reviews.status, 'signed'), gte(reviews.signedAt, period.from), lt(reviews.signedAt, period.to)))
        .get(),
    ),
    reviewsWaiting: waiting,
    late,
    lateTotal: accountability.items.length,
    lateByDepartment: accountability.byDepartment.map((t) => ({ name: t.name, total: t.total })),
    drills: drillRows.map((d) => ({ number: d.number, name: d.drill.scenarioName, score: (d.score as { score?: number } | null)?.score ?? null })),
    topics: db
      .select({ title: topics.title, score: topics.score, level: topics.level })
      .from(topics)
      .where(and(gte(topics.lastSeenAt, period.from), lt(topics.firstSeenAt, period.to)))
      .orderBy(desc(topics.score))
      .limit(5)
      .all(),
  };
}
