// 24 小时值班: who is on duty at any moment, from the playbook's shifts and rotations and the
// overrides people set with 排班 / 换班 / 代班. A night shift belongs to the day it starts.
import { eq } from 'drizzle-orm';
import { dutyOverrides, members } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core, Member } from '../context';
import { Refusal } from '../errors';
import type { Playbook } from '../playbook/schema';
import { addDays, daysBetween, localDate, zonedTime } from '../time';
import { toMember } from './members';

type Duty = NonNullable<Playbook['duty']>;

export interface ShiftSlot {
  date: string;
  shiftKey: string;
  shiftName: string;
  start: number;
  end: number;
  people: { roleKey: string; roleName: string; member: Member; overridden: boolean }[];
}

/** The shifts of one day, with who holds each duty role in them. */
export function shiftsOn(db: DbOrTx, core: Core, date: string): ShiftSlot[] {
  const duty = core.playbook.duty;
  if (!duty) return [];
  const overrides = db.select().from(dutyOverrides).where(eq(dutyOverrides.date, date)).all();
  const byKey = new Map(
    db
      .select()
      .from(members)
      .all()
      .map((m) => [m.key, toMember(m)]),
  );
  const byId = new Map([...byKey.values()].map((m) => [m.id, m]));
  const day = daysBetween(duty.rotationStart, date);
  return duty.shifts.map((shift, s) => {
    const start = zonedTime(date, shift.start, core.timeZone);
    const end = zonedTime(shift.end <= shift.start ? addDays(date, 1) : date, shift.end, core.timeZone);
    const people = duty.roles.flatMap((role) => {
      const override = overrides.find((o) => o.shiftKey === shift.key && o.roleKey === role.key);
      const key = role.rotation[rotationIndex(day * duty.shifts.length + s, role.rotation.length, duty.shifts.length)]!;
      const member = override ? byId.get(override.memberId) : byKey.get(key);
      return member ? [{ roleKey: role.key, roleName: role.name, member, overridden: Boolean(override) }] : [];
    });
    return { date, shiftKey: shift.key, shiftName: shift.name, start, end, people };
  });
}

/** The shift running at `now` (yesterday's night shift included), if the playbook has a roster. */
export function shiftAt(db: DbOrTx, core: Core, now: number): ShiftSlot | undefined {
  const today = localDate(now, core.timeZone);
  return [...shiftsOn(db, core, addDays(today, -1)), ...shiftsOn(db, core, today)].find((s) => s.start <= now && now < s.end);
}

/** The slots a member holds on a day. */
export function slotsOf(db: DbOrTx, core: Core, date: string, memberId: number): { shift: ShiftSlot; roleKey: string; roleName: string }[] {
  return shiftsOn(db, core, date).flatMap((shift) =>
    shift.people.filter((p) => p.member.id === memberId).map((p) => ({ shift, roleKey: p.roleKey, roleName: p.roleName })),
  );
}

/**
 * Who takes slot k (slots counted across days and shifts). Plain k mod n would pin people to one
 * shift whenever n and the number of shifts share a factor (2 leaders, 2 shifts: one always on
 * nights); moving one place further each time a full cycle has passed makes everyone rotate.
 */
export function rotationIndex(k: number, n: number, shiftsPerDay: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const cycle = (n * shiftsPerDay) / gcd(n, shiftsPerDay);
  return (((k + Math.floor(k / cycle)) % n) + n) % n;
}

/** The roster, or a refusal saying the playbook has none yet (for 排班, 换班, 代班). */
export function requireRoster(core: Pick<Core, 'playbook'>): Duty {
  const duty = core.playbook.duty;
  if (!duty) throw new Refusal('预案里还没有排班（duty 段），先由管理员在预案文件中设置班次和轮值名单。');
  return duty;
}

/** 今天 / 明天 / 后天 / 2026-11-23 / 11-23 / 11月23日 → YYYY-MM-DD in the zone. */
export function parseDay(word: string | undefined, now: number, timeZone: string): string | undefined {
  const today = localDate(now, timeZone);
  if (!word || word === '今天' || word === 'today') return today;
  if (word === '明天' || word === 'tomorrow') return addDays(today, 1);
  if (word === '后天') return addDays(today, 2);
  const real = (d: string) => (addDays(d, 0) === d ? d : undefined); // 2026-02-30 is not a day
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) return real(word);
  const md = /^(\d{1,2})(?:-|月)(\d{1,2})日?$/.exec(word);
  if (!md) return undefined;
  const thisYear = real(`${today.slice(0, 4)}-${md[1]!.padStart(2, '0')}-${md[2]!.padStart(2, '0')}`);
  if (!thisYear) return undefined;
  // A month-day already behind us means next year's (in December, 1-5 is next January).
  return thisYear < today ? real(`${Number(today.slice(0, 4)) + 1}${thisYear.slice(4)}`) : thisYear;
}

/** The day a roster change is about: the given day (not in the past), or the shift running now. */
export function dayToChange(db: DbOrTx, core: Core, now: number, word: string | undefined): string {
  const today = localDate(now, core.timeZone);
  // At 02:00 the night shift still belongs to yesterday: with no date, that is the one meant.
  const date = word ? parseDay(word, now, core.timeZone) : (shiftAt(db, core, now)?.date ?? today);
  if (!date) throw new Refusal(`「${word}」不是日期。可以写：今天、明天、11-23 或 2026-11-23。`);
  if (date < addDays(today, -1)) throw new Refusal(`${date} 已经过去，不能再调整。`);
  return date;
}
