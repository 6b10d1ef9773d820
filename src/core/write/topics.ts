// topics: what the warning engine's topics are attached to, and topics.acted_level — the highest
// level handled for a topic (raised, proposed, or judged by a person), so the engine does nothing
// twice at a level and never undoes a person's decision (signals/act.ts).
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { leads, signals, timeline, topics } from '../../db/schema';
import type { Tx } from '../../db/types';
import { higherLevel, type Level } from '../levels';
import type { Incident } from '../read/incidents';

/**
 * The topic, every lead of its signals and its spread so far (the signals_received rows written
 * before it had an incident) now belong to the incident: its timeline starts where the topic did.
 * The incident's level counts as handled for the topic: the engine acts only above it.
 */
export function attachTopic(tx: Tx, topicId: number, incident: Pick<Incident, 'id' | 'level'>): void {
  const before = tx.select({ actedLevel: topics.actedLevel }).from(topics).where(eq(topics.id, topicId)).get();
  tx.update(topics)
    .set({ incidentId: incident.id, actedLevel: higherLevel(before?.actedLevel ?? null, incident.level) })
    .where(eq(topics.id, topicId))
    .run();
  const ofTopic = tx.select({ id: signals.leadId }).from(signals).where(eq(signals.topicId, topicId));
  tx.update(leads)
    .set({ incidentId: incident.id })
    .where(and(inArray(leads.id, ofTopic), isNull(leads.incidentId)))
    .run();
  tx.update(timeline)
    .set({ incidentId: incident.id })
    .where(and(isNull(timeline.incidentId), eq(timeline.kind, 'signals_received'), sql`json_extract(${timeline.data}, '$.topicId') = ${topicId}`))
    .run();
}

/**
 * A person lowered an incident from `from`: every topic feeding it counts `from` as handled, so the
 * engine does not raise it again while the score stays in that band. It acts again only after the
 * score has left the band and crossed back (see signals/act.ts).
 */
export function holdAfterHandDowngrade(tx: Tx, incidentId: number, from: Level): void {
  const rows = tx.select({ id: topics.id, actedLevel: topics.actedLevel }).from(topics).where(eq(topics.incidentId, incidentId)).all();
  for (const t of rows) {
    const acted = higherLevel(t.actedLevel, from);
    if (acted !== t.actedLevel) tx.update(topics).set({ actedLevel: acted }).where(eq(topics.id, t.id)).run();
  }
}
