// Storing what the clock must do. Called inside the transaction of the change that makes it
// necessary, so a warning and its reminders are written together or not at all.
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
  | 'periodic_report';

export function scheduleJob(tx: Tx, job: { kind: JobKind; subject: string; step: number; dueAt: number; now: number }): void {
  tx.insert(jobs)
    .values({ kind: job.kind, subject: job.subject, step: job.step, dueAt: job.dueAt, status: 'pending', createdAt: job.now })
    .onConflictDoNothing()
    .run();
}
