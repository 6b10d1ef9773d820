// Storing what the clock must do. Called inside the transaction of the change that makes it
// necessary, so a warning and its reminders are written together or not at all.
import { and, eq, like, or } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Tx } from '../../db/types';

export type JobKind =
  | 'deadline'
  | 'task_ladder'
  | 'approval_wait'
  | 'duty_handover'
  | 'duty_evening'
  | 'duty_digest'
  | 'update_cadence'
  | 'signals_refresh'
  | 'observation_end'
  | 'drill_inject'
  | 'drill_end'
  | 'periodic_report'
  | 'meeting';

export function scheduleJob(tx: Tx, job: { kind: JobKind; subject: string; step: number; dueAt: number; now: number }): void {
  tx.insert(jobs)
    .values({ kind: job.kind, subject: job.subject, step: job.step, dueAt: job.dueAt, status: 'pending', createdAt: job.now })
    .onConflictDoNothing()
    .run();
}

/**
 * Drops the not-yet-fired jobs of one thing (`deadline:4`, and its re-timed plans `deadline:4:…`)
 * before it is planned again at another time. Fired jobs stay: they are what happened.
 */
export function cancelPendingJobs(tx: Tx, kind: JobKind, subject: string): void {
  tx.delete(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.status, 'pending'), or(eq(jobs.subject, subject), like(jobs.subject, `${subject}:%`))))
    .run();
}
