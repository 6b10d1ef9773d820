// The statements of ingestion, prepared once per database: a batch of 500 items would otherwise
// build and prepare the same SQL once per item and once per topic touched (the bench showed query
// preparation as the largest single cost). Prepared on the Db, they run inside the batch's
// transaction all the same (one SQLite connection). Placeholders bound to a column are encoded as
// that column is (JSON columns take objects).
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/types';
import { incidents, jobs, leads, signals, timeline, topics } from '../../db/schema';

type Topic = typeof topics.$inferSelect;

const p = (name: string) => sql.placeholder(name);
/**
 * update().set() is typed without placeholders, but at run time it wraps each value in a Param of
 * its column exactly as insert values are, so a placeholder there is bound and encoded the same way.
 */
const bound = <T>(name: string) => sql.placeholder(name) as unknown as T;

function prepare(db: Db) {
  return {
    insertLead: db
      .insert(leads)
      .values({ incidentId: p('incidentId'), source: p('source'), link: p('link'), summary: p('summary'), reportedBy: null, createdAt: p('now') })
      .returning({ id: leads.id })
      .prepare(),
    insertSignal: db
      .insert(signals)
      .values({
        source: p('source'),
        link: p('link'),
        sender: p('sender'),
        leadId: p('leadId'),
        topicId: p('topicId'),
        title: p('title'),
        excerpt: p('excerpt'),
        authorName: p('authorName'),
        authorFollowers: p('authorFollowers'),
        authorVerified: p('authorVerified'),
        publishedAt: p('publishedAt'),
        reads: p('reads'),
        reposts: p('reposts'),
        comments: p('comments'),
        likes: p('likes'),
        mentionsLastHour: p('mentionsLastHour'),
        sentiment: p('sentiment'),
        keywords: p('keywords'),
        weight: p('weight'),
        contentHash: p('contentHash'),
        firstSeenAt: p('now'),
        lastSeenAt: p('now'),
      })
      .returning({ id: signals.id })
      .prepare(),
    /** The topic an incident was last given, for an item whose link names the incident. */
    newestTopicOfIncident: db
      .select({ id: topics.id })
      .from(topics)
      .where(eq(topics.incidentId, p('incidentId')))
      .orderBy(desc(topics.id))
      .limit(1)
      .prepare(),
    /**
     * A topic's figures in one pass over its signals: Σ weight, Σ weight × negativity, and the
     * mentions of the last hour (each item seen since `since` counts itself and the mentions the
     * tool counted for it).
     */
    topicFigures: db
      .select({
        weightSum: sql<number>`coalesce(sum(${signals.weight}), 0)`,
        negativeWeightSum: sql<number>`coalesce(sum(${signals.weight} * max(0, -${signals.sentiment})), 0)`,
        perHour: sql<number>`coalesce(sum(case when ${signals.lastSeenAt} >= ${p('since')} then 1 + ${signals.mentionsLastHour} else 0 end), 0)`,
      })
      .from(signals)
      .where(eq(signals.topicId, p('topicId')))
      .prepare(),
    updateTopicScore: db
      .update(topics)
      .set({
        score: bound<number>('score'),
        level: bound<Topic['level']>('level'),
        indicators: bound<Topic['indicators']>('indicators'),
        rates: bound<Topic['rates']>('rates'),
        lastSeenAt: bound<number>('now'),
      })
      .where(eq(topics.id, p('id')))
      .prepare(),
    /** The engine's own timeline rows (one per topic touched). */
    writeTimeline: db
      .insert(timeline)
      .values({
        incidentId: p('incidentId'),
        actorId: p('actorId'),
        platform: p('platform'),
        kind: p('kind'),
        text: p('text'),
        data: p('data'),
        createdAt: p('now'),
      })
      .prepare(),
    incidentById: db
      .select()
      .from(incidents)
      .where(eq(incidents.id, p('id')))
      .prepare(),
    /** Whether the minute's card refresh of an incident is already stored (refresh-cards.ts). */
    refreshJobExists: db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.kind, 'signals_refresh'), eq(jobs.subject, p('subject')), eq(jobs.step, p('step'))))
      .prepare(),
    scheduleRefreshJob: db
      .insert(jobs)
      .values({ kind: 'signals_refresh', subject: p('subject'), step: p('step'), dueAt: p('dueAt'), status: 'pending', createdAt: p('now') })
      .onConflictDoNothing()
      .prepare(),
  };
}

export type IngestStatements = ReturnType<typeof prepare>;

const cache = new WeakMap<Db, IngestStatements>();

export function ingestStatements(db: Db): IngestStatements {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
}
