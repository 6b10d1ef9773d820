// Reading topics, signals and proposals.
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { proposals, signals, topics } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { Refusal } from '../errors';

export type Topic = typeof topics.$inferSelect;
export type SignalRow = typeof signals.$inferSelect;
export type Proposal = typeof proposals.$inferSelect;

export function proposalOf(db: DbOrTx, ref: string): Proposal {
  const id = Number(ref.replace(/^[Pp]/, ''));
  const found = Number.isSafeInteger(id) && id > 0 ? db.select().from(proposals).where(eq(proposals.id, id)).get() : undefined;
  if (!found) throw new Refusal(`没有预警建议 ${ref.toUpperCase()}。建议编号形如 P3，在「预警建议」卡片上可以看到。`, `没有建议 ${ref.toUpperCase()}`);
  return found;
}

export function topicById(db: DbOrTx, id: number): Topic | undefined {
  return db.select().from(topics).where(eq(topics.id, id)).get();
}

/** The strongest signals of a topic, for cards: most influential first. */
export function topSignals(db: DbOrTx, topicIds: number[], limit: number): SignalRow[] {
  if (topicIds.length === 0) return [];
  return db.select().from(signals).where(inArray(signals.topicId, topicIds)).orderBy(desc(signals.weight), desc(signals.id)).limit(limit).all();
}

export function signalCount(db: DbOrTx, topicIds: number[]): number {
  if (topicIds.length === 0) return 0;
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(signals)
      .where(inArray(signals.topicId, topicIds))
      .get()?.n ?? 0
  );
}

/** The topics feeding an incident, newest first. */
export function topicsOfIncident(db: DbOrTx, incidentId: number): Topic[] {
  return db.select().from(topics).where(eq(topics.incidentId, incidentId)).orderBy(desc(topics.id)).all();
}
