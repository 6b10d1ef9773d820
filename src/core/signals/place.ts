// Where a new item goes (grouping.ts does the similarity): the topic of an open incident its link
// is already a lead of; else the most similar active topic; else a new topic. The active topics and
// the batch's known links are read once per batch.
import { and, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { incidents, leads, topics } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import type { Level } from '../levels';
import { clip } from '../text';
import { attachTopic } from '../write/topics';
import { TopicIndex, tokensOf } from './grouping';
import type { SignalItem } from './item';
import type { IngestStatements } from './statements';

export interface ActiveTopics {
  index: TopicIndex;
  incidentOf: Map<number, { id: number; level: Level } | null>;
  /** Links of the batch already leads of an open incident (a person's 上报 or 预警, earlier signals). */
  linkIncident: Map<string, { incidentId: number; level: Level }>;
  similarity: number;
}

/**
 * Topics an item may join: seen within the grouping window, or feeding an open incident — never
 * one whose incident is closed (舆情反复 after 结案 starts a new topic and, if it grows, a new incident).
 * And, in one query, which of the batch's links are leads of an open incident already.
 */
export function loadActiveTopics(tx: Tx, core: Core, placeable: readonly SignalItem[], now: number): ActiveTopics {
  const g = core.playbook.indicators.grouping;
  const since = now - g.windowHours * 3_600_000;
  const rows = tx
    .select({ id: topics.id, tokens: topics.tokens, incidentId: topics.incidentId, level: incidents.level })
    .from(topics)
    .leftJoin(incidents, eq(incidents.id, topics.incidentId))
    .where(
      and(
        or(isNull(topics.incidentId), ne(incidents.status, 'closed')),
        or(gte(topics.lastSeenAt, since), and(sql`${topics.incidentId} is not null`, ne(incidents.status, 'closed'))),
      ),
    )
    .all();
  const linkIncident = new Map<string, { incidentId: number; level: Level }>();
  const links = [...new Set(placeable.map((i) => i.link))];
  if (links.length > 0) {
    const known = tx
      .select({ link: leads.link, incidentId: incidents.id, level: incidents.level })
      .from(leads)
      .innerJoin(incidents, eq(incidents.id, leads.incidentId))
      // A drill's leads are part of its script: a real signal never joins a drill.
      .where(and(inArray(leads.link, links), ne(incidents.status, 'closed'), eq(incidents.isDrill, false)))
      .orderBy(leads.id)
      .all();
    // The earliest lead decides, as the one-row lookup per link did.
    for (const k of known) if (k.link !== null && !linkIncident.has(k.link)) linkIncident.set(k.link, { incidentId: k.incidentId, level: k.level });
  }
  return {
    index: new TopicIndex(rows),
    incidentOf: new Map(rows.map((r) => [r.id, r.incidentId !== null && r.level !== null ? { id: r.incidentId, level: r.level } : null])),
    linkIncident,
    similarity: g.similarity,
  };
}

export type Placed = { id: number; incidentId: number | null; level: Level | null };

/** Same link as a lead of an open incident → that incident's topic; else the most similar topic; else a new one. */
export function placeItem(tx: Tx, statements: IngestStatements, active: ActiveTopics, item: SignalItem, now: number): Placed {
  const tokens = tokensOf(item);
  const known = active.linkIncident.get(item.link);
  const match = active.index.best(tokens, active.similarity);
  const matchIncident = match ? (active.incidentOf.get(match.id) ?? null) : null;
  if (known) {
    const incident = { id: known.incidentId, level: known.level };
    if (match && matchIncident?.id === incident.id) return { id: match.id, incidentId: incident.id, level: incident.level };
    // The link says which incident this is about: a similar topic without one joins it.
    if (match && matchIncident === null) {
      attachTopic(tx, match.id, incident);
      active.incidentOf.set(match.id, incident);
      return { id: match.id, incidentId: incident.id, level: incident.level };
    }
    const topic = statements.newestTopicOfIncident.get({ incidentId: incident.id });
    if (topic) return { id: topic.id, incidentId: incident.id, level: incident.level };
    return newTopic(tx, active, item, tokens, incident, now);
  }
  if (match) return { id: match.id, incidentId: matchIncident?.id ?? null, level: matchIncident?.level ?? null };
  return newTopic(tx, active, item, tokens, null, now);
}

/** A topic started inside an incident (by a link it already has) counts the incident's level as handled. */
function newTopic(tx: Tx, active: ActiveTopics, item: SignalItem, tokens: string[], incident: { id: number; level: Level } | null, now: number): Placed {
  const row = tx
    .insert(topics)
    .values({ title: clip(item.title, 120), tokens, incidentId: incident?.id ?? null, actedLevel: incident?.level ?? null, firstSeenAt: now, lastSeenAt: now })
    .returning({ id: topics.id })
    .get();
  active.index.add(row.id, tokens);
  active.incidentOf.set(row.id, incident);
  return { id: row.id, incidentId: incident?.id ?? null, level: incident?.level ?? null };
}
