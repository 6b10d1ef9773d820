// Fires what has fallen due. Each job is claimed by a conditional UPDATE inside the transaction
// that writes its messages and timeline row: it fires once, even with two processes on one
// database, and never half. A job fired well after its time (the process was down) is marked late.
import { and, asc, eq, lte } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Core } from '../context';
import { changeMark, containDrillMessages } from '../write/drill-containment';
import { fireApprovalWait, fireDeadline, fireTaskLadder, fireUpdateCadence, type JobHandler } from './handlers';
import { fireDrillEnd, fireDrillInject } from './drill-jobs';
import { fireObservationEnd } from './observation';
import { firePeriodicReport } from './periodic-report';
import { fireMeetingReminder } from './meeting-reminder';
import { fireDigest, fireEvening, fireHandover } from './roster-reminders';
import { fireSignalsRefresh } from './signals-refresh';

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
  signals_refresh: fireSignalsRefresh,
  observation_end: fireObservationEnd,
  drill_inject: fireDrillInject,
  drill_end: fireDrillEnd,
  periodic_report: firePeriodicReport,
  meeting: fireMeetingReminder,
};

export function fireDueJobs(core: Core, now: number, limit = 200): { fired: number; failed: { jobId: number; error: unknown }[] } {
  const due = core.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), lte(jobs.dueAt, now)))
    .orderBy(asc(jobs.dueAt), asc(jobs.id))
    .limit(limit)
    .all();
  let fired = 0;
  const failed: { jobId: number; error: unknown }[] = [];
  for (const job of due) {
    try {
      if (claimAndFire(core, job.id, now)) fired++;
    } catch (error) {
      // A job that cannot run (its subject gone, a bug) must not hold up every job behind it.
      core.db
        .update(jobs)
        .set({ status: 'failed', firedAt: now })
        .where(and(eq(jobs.id, job.id), eq(jobs.status, 'pending')))
        .run();
      failed.push({ jobId: job.id, error });
    }
  }
  return { fired, failed };
}

/** Claims one job and runs it, in one transaction; false when another process got it first. */
export function claimAndFire(core: Core, jobId: number, now: number): boolean {
  return core.db.transaction(
    (tx) => {
      const claimed = tx
        .update(jobs)
        .set({ status: 'fired', firedAt: now })
        .where(and(eq(jobs.id, jobId), eq(jobs.status, 'pending')))
        .returning()
        .get();
      if (!claimed) return false;
      const late = now - claimed.dueAt > LATE_AFTER_MS;
      if (late) tx.update(jobs).set({ late }).where(eq(jobs.id, jobId)).run();
      const mark = changeMark(tx);
      HANDLERS[claimed.kind]?.(tx, core, { ...claimed, late }, now);
      // A reminder or rung about a drill says so, is not urgent, stays out of broadcast groups.
      containDrillMessages(tx, mark);
      return true;
    },
    { behavior: 'immediate' },
  );
}
