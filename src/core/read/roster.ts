// 24 小时值班: who is on duty at any moment, from the playbook's shifts and rotations and the
// overrides people set with 排班 / 换班 / 代班. A night shift belongs to the day it starts.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/types';
import { dutyOverrides, members } from '../../db/schema';
import type { Core } from '../context';
import { toMember, type Member } from './members';
import type { Playbook } from '../playbook/schema';
import { addDays, daysBetween, localDate, zonedTime } from '../time';

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
  const byKey = new Map(db.select().from(members).all().map((m) => [m.key, toMember(m)]));
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
  return shiftsOn(db, core, date).flatMap((shift) => shift.people.filter((p) => p.member.id === memberId).map((p) => ({ shift, roleKey: p.roleKey, roleName: p.roleName })));
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

export function setSlot(db: DbOrTx, slot: { date: string; shiftKey: string; roleKey: string }, memberId: number, reason: 'set' | 'swap' | 'cover', setBy: number, now: number): void {
  db.insert(dutyOverrides)
    .values({ ...slot, memberId, reason, setBy, createdAt: now })
    .onConflictDoUpdate({ target: [dutyOverrides.date, dutyOverrides.shiftKey, dutyOverrides.roleKey], set: { memberId, reason, setBy, createdAt: now } })
    .run();
}

export function dutyConfig(core: Core): Duty | undefined {
  return core.playbook.duty;
}
