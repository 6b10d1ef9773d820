// A stretch of time as people name it — 今天, 本周, 上周, 本月, 上月, 近7天, 近30天, 全部, or two dates —
// for the accountability list, the archive and the periodic reports. Days are the organisation's
// calendar days; a week starts on Monday.
import { addDays, localDate, zonedTime } from '../time';

export interface Period {
  from: number;
  /** Exclusive. */
  to: number;
  label: string;
}

/** Monday of the week `date` (YYYY-MM-DD) is in. */
export function weekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

function dayPeriod(fromDate: string, toDate: string, timeZone: string, label: string): Period {
  return { from: zonedTime(fromDate, '00:00', timeZone), to: zonedTime(addDays(toDate, 1), '00:00', timeZone), label };
}

/** A past or present calendar day: YYYY-MM-DD, or MM-DD / M月D日 this year (last year if still ahead). */
export function pastDay(word: string, now: number, timeZone: string): string | undefined {
  const today = localDate(now, timeZone);
  const real = (d: string) => (addDays(d, 0) === d ? d : undefined);
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) return real(word);
  const m = /^(\d{1,2})(?:-|月)(\d{1,2})日?$/.exec(word);
  if (!m) return undefined;
  const day = real(`${today.slice(0, 4)}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`);
  if (!day) return undefined;
  return day > today ? real(`${Number(today.slice(0, 4)) - 1}${day.slice(4)}`) : day;
}

/** The period the words name; undefined when they name none. No words: the last 30 days. */
export function parsePeriod(words: string[], now: number, timeZone: string): Period | undefined {
  const today = localDate(now, timeZone);
  const [first, second] = words;
  if (!first) return dayPeriod(addDays(today, -29), today, timeZone, '近 30 天');
  if (second !== undefined) {
    const a = pastDay(first, now, timeZone);
    const b = pastDay(second, now, timeZone);
    if (!a || !b) return undefined;
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return dayPeriod(lo, hi, timeZone, `${lo} 至 ${hi}`);
  }
  const recent = /^近(\d{1,3})天$/.exec(first);
  if (recent && Number(recent[1]) > 0) return dayPeriod(addDays(today, -(Number(recent[1]) - 1)), today, timeZone, `近 ${Number(recent[1])} 天`);
  switch (first) {
    case '今天':
      return dayPeriod(today, today, timeZone, '今天');
    case '昨天':
      return dayPeriod(addDays(today, -1), addDays(today, -1), timeZone, '昨天');
    case '本周':
      return dayPeriod(weekStart(today), today, timeZone, '本周');
    case '上周': {
      const monday = addDays(weekStart(today), -7);
      return dayPeriod(monday, addDays(monday, 6), timeZone, '上周');
    }
    case '本月':
      return dayPeriod(`${today.slice(0, 8)}01`, today, timeZone, '本月');
    case '上月': {
      const last = addDays(`${today.slice(0, 8)}01`, -1);
      return dayPeriod(`${last.slice(0, 8)}01`, last, timeZone, '上月');
    }
    case '全部':
      return { from: 0, to: now + 1, label: '全部' };
  }
  const day = pastDay(first, now, timeZone);
  return day ? dayPeriod(day, day, timeZone, day) : undefined;
}

export const PERIOD_HINT = '可以写：今天、昨天、本周、上周、本月、上月、近7天、近30天、全部，或两个日期（如 11-01 11-30）';
