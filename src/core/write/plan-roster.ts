// The roster's reminders, stored as jobs two days ahead (so a restart never loses one): a
// handover reminder before each shift, the evening-before reminder for tomorrow's people, and
// the morning digest to the command centre. jobs/roster-reminders.ts sends them when they fall due.
import type { Core } from '../context';
import { addDays, localDate, zonedTime } from '../time';
import { scheduleJob } from './schedule-job';

export function planRosterReminders(core: Core, now: number): void {
  const duty = core.playbook.duty;
  if (!duty) return;
  const tz = core.timeZone;
  const today = localDate(now, tz);
  core.db.transaction((tx) => {
    const plan = (kind: 'duty_handover' | 'duty_evening' | 'duty_digest', subject: string, dueAt: number) => {
      if (dueAt > now) scheduleJob(tx, { kind, subject, step: 0, dueAt, now });
    };
    for (const date of [today, addDays(today, 1)]) {
      for (const shift of duty.shifts)
        plan('duty_handover', `shift:${date}:${shift.key}`, zonedTime(date, shift.start, tz) - duty.remindBeforeMinutes * 60_000);
      plan('duty_evening', `day:${date}`, zonedTime(addDays(date, -1), duty.eveningAt, tz));
      plan('duty_digest', `day:${date}`, zonedTime(date, duty.digestAt, tz));
    }
  });
}
