// The times a cron expression of the playbook names, in the organisation's zone. node-cron reads
// and matches the expression; this walks the candidate minutes (the hours and minutes node-cron
// parsed, day by day) from a given instant, so the next slot is found with a handful of matches
// rather than one per minute, and from the injected clock rather than the wall's.
import { createTask, parse, type ScheduledTask } from 'node-cron';
import { addDays, localDate, zonedTime } from '../time';

/** One stopped node-cron task per expression and zone, used only for its match(): created once, kept. */
const matchers = new Map<string, ScheduledTask>();

function matcher(expression: string, timeZone: string): ScheduledTask {
  const key = `${timeZone}\u0000${expression}`;
  let task = matchers.get(key);
  if (!task) {
    task = createTask(expression, () => undefined, { timezone: timeZone, name: `fenghuo-match-${matchers.size}` });
    matchers.set(key, task);
  }
  return task;
}

/** Whether the expression names the minute starting at `at`. */
export function cronMatches(expression: string, at: number, timeZone: string): boolean {
  return at % 60_000 === 0 && matcher(expression, timeZone).match(new Date(at));
}

/** The first minute after `after` the expression names, within about a year; undefined if none (31 February). */
export function nextCronSlot(expression: string, after: number, timeZone: string): number | undefined {
  const fields = parse(expression);
  const hm = fields.hour.flatMap((h) => fields.minute.map((m) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)).sort();
  const first = localDate(after, timeZone);
  for (let d = 0; d <= 400; d++) {
    const day = addDays(first, d);
    for (const t of hm) {
      const at = zonedTime(day, t, timeZone);
      if (at > after && cronMatches(expression, at, timeZone)) return at;
    }
  }
  return undefined;
}
