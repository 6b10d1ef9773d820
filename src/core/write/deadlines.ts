// 时限: a response deadline with its reminders, and meeting one. Meeting a deadline late closes its
// line in the late-report ledger with who met it and how late.
import { and, eq, isNull } from 'drizzle-orm';
import { deadlines, lateReports, tasks } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import type { LevelRule } from '../playbook/schema';
import { deadlinesOf, tasksOf, type Deadline } from '../read/incidents';
import { planDeadline, planTaskLadder } from './plan-jobs';
import { cancelPendingJobs } from './schedule-job';

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

/** A deadline brought forward by a stricter level: its label, and when it was and is now due. */
export interface Retimed {
  label: string;
  from: number;
  to: number;
}

/**
 * A stricter level re-times what it makes stricter: every unmet deadline whose kind the level
 * lists, and every open task's claim window, are due at the level's span from now when that is
 * sooner than they were — never later. Their reminders are planned again; old ones are cancelled.
 */
export function tightenToLevel(tx: Tx, core: Core, incidentId: number, rule: LevelRule, now: number): Retimed[] {
  const changed: Retimed[] = [];
  const spans = new Map(rule.deadlines.map((d) => [d.kind, d.minutes * 60_000]));
  for (const d of deadlinesOf(tx, incidentId)) {
    const span = spans.get(d.kind);
    if (d.metAt !== null || span === undefined || now + span >= d.dueAt) continue;
    const dueAt = now + span;
    const moved = tx.update(deadlines).set({ dueAt }).where(eq(deadlines.id, d.id)).returning().get();
    cancelPendingJobs(tx, 'deadline', `deadline:${d.id}`);
    planDeadline(tx, core, moved, now, true);
    changed.push({ label: d.label, from: d.dueAt, to: dueAt });
  }
  const claimBy = now + rule.claimWithinMinutes * 60_000;
  for (const t of tasksOf(tx, incidentId)) {
    if (t.status !== 'open' || t.claimDueAt === null || claimBy >= t.claimDueAt) continue;
    const moved = tx.update(tasks).set({ claimDueAt: claimBy }).where(eq(tasks.id, t.id)).returning().get();
    cancelPendingJobs(tx, 'task_ladder', `task:${t.id}`);
    planTaskLadder(tx, core, moved, now, true);
    changed.push({ label: `T${t.id} 认领`, from: t.claimDueAt, to: claimBy });
  }
  return changed;
}
