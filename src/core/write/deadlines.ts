// 时限: a response deadline with its reminders, and meeting one. Meeting a deadline late closes its
// line in the late-report ledger with who met it and how late.
import { and, eq, isNull } from 'drizzle-orm';
import { deadlines, lateReports } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import type { Deadline } from '../read/incidents';
import { planDeadline } from './plan-jobs';

/** A deadline of the playbook, due `minutes` from now, and its reminders. */
export function insertDeadline(tx: Tx, core: Core, input: { incidentId: number; kind: string; label: string; minutes: number; now: number }): Deadline {
  const deadline = tx
    .insert(deadlines)
    .values({ incidentId: input.incidentId, kind: input.kind, label: input.label, dueAt: input.now + input.minutes * 60_000 })
    .returning()
    .get();
  planDeadline(tx, core, deadline, input.now);
  return deadline;
}

/** Marks a deadline met (once). Returns how late, in ms (0 when on time). */
export function markDeadlineMet(tx: Tx, deadline: Deadline, actorId: number, now: number): number {
  tx.update(deadlines)
    .set({ metAt: now })
    .where(and(eq(deadlines.id, deadline.id), isNull(deadlines.metAt)))
    .run();
  tx.update(lateReports).set({ metAt: now, metBy: actorId }).where(eq(lateReports.deadlineId, deadline.id)).run();
  return Math.max(0, now - deadline.dueAt);
}
