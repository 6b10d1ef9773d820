// The per-item statements of ingestion, prepared once per database: a batch of 500 items would
// otherwise build and prepare the same three SQL statements 500 times (the bench showed query
// preparation as the largest single cost). Prepared on the Db, they run inside the batch's
// transaction all the same (one SQLite connection).
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/types';
import { incidents, leads, signals } from '../../db/schema';

const p = (name: string) => sql.placeholder(name);

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
    /** The open incident a link is already a lead of. */
    incidentOfLink: db
      .select({ incidentId: leads.incidentId })
      .from(leads)
      .innerJoin(incidents, eq(incidents.id, leads.incidentId))
      .where(and(eq(leads.link, p('link')), ne(incidents.status, 'closed')))
      .limit(1)
      .prepare(),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

export function ingestStatements(db: Db): ReturnType<typeof prepare> {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
}
