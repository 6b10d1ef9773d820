// Fires what has fallen due. Each job is claimed by a conditional UPDATE inside the transaction
// that writes its messages and timeline row: it fires once, even with two processes on one
// database, and never half. A job fired well after its time (the process was down) is marked late.
import { and, asc, eq, lte } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Core } from '../context';
import { fireDigest, fireEvening, fireHandover } from '../duty/reminders';
import { fireApprovalWait, fireDeadline, fireTaskLadder, fireUpdateCadence, type JobHandler } from './handlers';

/** Fired more than this after its time means the clock was not running: say so in the message. */
export const LATE_AFTER_MS = 60_000;

const HANDLERS: Record<string, JobHandler> = {
  deadline: fireDeadline,
  task_ladder: fireTaskLadder,
  approval_wait: fireApprovalWait,
  duty_handover: fireHandover,
  duty_evening: fireEvening,
  duty_digest: fireDigest,
  update_cadence: fireUpdateCadence,
};

export function fireDueJobs(core: Core, now: number, limit = 200): number {
  const due = core.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), lte(jobs.dueAt, now)))
    .orderBy(asc(jobs.dueAt), asc(jobs.id))
    .limit(limit)
    .all();
  let fired = 0;
  for (const job of due) {
    const handler = HANDLERS[job.kind];
    const done = core.db.transaction(
      (tx) => {
        const claimed = tx
          .update(jobs)
          .set({ status: 'fired', firedAt: now, late: now - job.dueAt > LATE_AFTER_MS })
          .where(and(eq(jobs.id, job.id), eq(jobs.status, 'pending')))
          .returning()
          .get();
        if (!claimed) return false;
        handler?.(tx, core, claimed, now);
        return true;
      },
      { behavior: 'immediate' },
    );
    if (done) fired++;
  }
  return fired;
}
