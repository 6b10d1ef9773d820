// Which reminders and rungs each thing gets, from the playbook's clock settings.
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import type { Level } from '../levels';
import type { Deadline, Task } from '../read/incidents';
import type { Release } from '../read/releases';
import { scheduleJob } from './schedule-job';

/**
 * Steps 0..n-1 are the reminders at the playbook's shares of the span; step n is the deadline itself.
 * A deadline re-timed (a stricter level) is planned again under `deadline:<id>:<due>`, its old
 * pending reminders cancelled first (write/deadlines.ts).
 */
export function planDeadline(tx: Tx, core: Core, deadline: Deadline, from: number, retimed = false): void {
  const subject = retimed ? `deadline:${deadline.id}:${deadline.dueAt}` : `deadline:${deadline.id}`;
  const span = deadline.dueAt - from;
  const shares = [...core.playbook.clock.remindAt].sort((a, b) => a - b);
  shares.forEach((share, step) => scheduleJob(tx, { kind: 'deadline', subject, step, dueAt: from + Math.round(span * share), now: from }));
  scheduleJob(tx, { kind: 'deadline', subject, step: shares.length, dueAt: deadline.dueAt, now: from });
}

/**
 * 续报: at the level's cadence, the command centre is asked for a progress update (fireUpdateCadence).
 * A chain belongs to one level, started at one minute (`incident:3:orange:29883000`); when the level
 * changes, the old chain ends at its next beat and a new one starts.
 */
export function planUpdateCadence(tx: Tx, core: Core, incidentId: number, level: Level, now: number, chain?: string, step = 0): void {
  const every = core.playbook.levels[level].updateEveryMinutes;
  const subject = chain ?? `incident:${incidentId}:${level}:${Math.floor(now / 60_000)}`;
  if (every) scheduleJob(tx, { kind: 'update_cadence', subject, step, dueAt: now + every * 60_000, now });
}

/** Rung 0 at the claim deadline (department group), then the department lead, then the commander. */
export function planTaskLadder(tx: Tx, core: Core, task: Task, now: number, retimed = false): void {
  if (task.claimDueAt === null) return;
  const subject = retimed ? `task:${task.id}:${task.claimDueAt}` : `task:${task.id}`;
  const every = core.playbook.clock.escalateEveryMinutes * 60_000;
  for (let step = 0; step < 3; step++) scheduleJob(tx, { kind: 'task_ladder', subject, step, dueAt: task.claimDueAt + step * every, now });
}

/** The open step of a release: its approvers are reminded, then the deputies. */
export function planApprovalWait(tx: Tx, core: Core, release: Release, now: number): void {
  if (release.status !== 'pending') return;
  const wait = core.playbook.clock.approvalWaitMinutes * 60_000;
  const subject = `release:${release.id}:v${release.version}:s${release.step}`;
  for (let step = 0; step < 2; step++) scheduleJob(tx, { kind: 'approval_wait', subject, step, dueAt: now + (step + 1) * wait, now });
}
