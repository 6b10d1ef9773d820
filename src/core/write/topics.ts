// topics.acted_level: the highest level that has been handled for a topic — raised, proposed, or
// judged by a person — so the engine does nothing twice at a level and never undoes a person's
// decision. Kept here (and not in act.ts) because incidents/change-level.ts needs it too, and
// act.ts depends on change-level.ts.
import { eq } from 'drizzle-orm';
import { topics } from '../../db/schema';
import type { Tx } from '../../db/types';
import { LEVEL_RANK, type Level } from '../levels';

/** The more serious of two levels (null is below blue). */
export function higherLevel(a: Level | null, b: Level | null): Level | null {
  if (a === null) return b;
  if (b === null) return a;
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** Whether `level` is at or above `floor` (null reaches nothing). */
export function reaches(level: Level | null, floor: Level): boolean {
  return level !== null && LEVEL_RANK[level] >= LEVEL_RANK[floor];
}

/**
 * A person lowered an incident from `from`: every topic feeding it counts `from` as handled, so the
 * engine does not raise it again while the score stays in that band. It acts again only after the
 * score has left the band and crossed back (see act.ts).
 */
export function holdAfterHandDowngrade(tx: Tx, incidentId: number, from: Level): void {
  const rows = tx.select({ id: topics.id, actedLevel: topics.actedLevel }).from(topics).where(eq(topics.incidentId, incidentId)).all();
  for (const t of rows) {
    const acted = higherLevel(t.actedLevel, from);
    if (acted !== t.actedLevel) tx.update(topics).set({ actedLevel: acted }).where(eq(topics.id, t.id)).run();
  }
}
