// 应急会议: the meeting an orange or red incident calls (write/meetings.ts), as cards and 会议 read it.
import { and, asc, desc, eq } from 'drizzle-orm';
import { meetings, timeline } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { addDays, localDate, zonedTime } from '../time';
import { parseDay } from './roster';

export type Meeting = typeof meetings.$inferSelect;

/** The incident's meeting (the newest, should there ever be more than one). */
export function meetingOf(db: DbOrTx, incidentId: number): Meeting | undefined {
  return db.select().from(meetings).where(eq(meetings.incidentId, incidentId)).orderBy(desc(meetings.id)).get();
}

export function meetingById(db: DbOrTx, id: number): Meeting | undefined {
  return db.select().from(meetings).where(eq(meetings.id, id)).get();
}

/** The decisions recorded with 会议 决定, oldest first: they live on the timeline (kind meeting_decision). */
export function meetingDecisions(db: DbOrTx, incidentId: number): (typeof timeline.$inferSelect)[] {
  return db
    .select()
    .from(timeline)
    .where(and(eq(timeline.incidentId, incidentId), eq(timeline.kind, 'meeting_decision')))
    .orderBy(asc(timeline.id))
    .all();
}

/**
 * When a meeting is to start, as people write it: `14:30` (today; tomorrow if that is past),
 * `明天 14:30`, `11-23 09:00`, `30分钟后`, `1小时后`. Undefined when it is none of these.
 */
export function parseMeetingTime(words: readonly string[], now: number, timeZone: string): number | undefined {
  const text = words.join(' ').replace(/：/g, ':').trim();
  const after = /^(\d{1,3})\s*(分钟|分|小时|min|h)后?$/i.exec(text);
  if (after) return now + Number(after[1]) * (/小时|h/i.test(after[2]!) ? 3_600_000 : 60_000);
  const at = /^(?:(\S+)\s+)?([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!at) return undefined;
  const hhmm = `${at[2]!.padStart(2, '0')}:${at[3]}`;
  if (at[1]) {
    const day = parseDay(at[1], now, timeZone);
    return day ? zonedTime(day, hhmm, timeZone) : undefined;
  }
  const today = zonedTime(localDate(now, timeZone), hhmm, timeZone);
  return today > now ? today : zonedTime(addDays(localDate(now, timeZone), 1), hhmm, timeZone);
}
