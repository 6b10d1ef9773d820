// The roster's reminders when they fall due (planned by write/plan-roster.ts): the handover
// reminder before a shift, the evening-before reminder, and the morning digest, to the command centre.
import type { jobs } from '../../db/schema';
import type { Tx } from '../../db/types';
import { textCard, type Card } from '../cards/card';
import type { Core } from '../context';
import { commandDestinations } from '../read/groups';
import { shiftsOn, type ShiftSlot } from '../read/roster';
import { clockTime } from '../time';
import { enqueueCard, PRIORITY } from '../write/outbox';
import type { JobHandler } from './handlers';

const line = (s: ShiftSlot, tz: string) =>
  `${s.shiftName} ${clockTime(s.start, tz)}–${clockTime(s.end, tz)}：${s.people.map((p) => `${p.roleName} ${p.member.name}`).join('，')}`;
const mentionAll = (slots: ShiftSlot[]) => [
  ...new Map(slots.flatMap((s) => s.people).map((p) => [p.member.id, { memberId: p.member.id, name: p.member.name }])).values(),
];

function toCommandCentre(tx: Tx, card: Card, now: number): void {
  for (const to of commandDestinations(tx)) enqueueCard(tx, to, card, { now, priority: PRIORITY.routine });
}

function late(core: Core, job: typeof jobs.$inferSelect): string {
  return job.late ? `\n（系统恢复后补发，原定 ${clockTime(job.dueAt, core.timeZone)}）` : '';
}

export const fireHandover: JobHandler = (tx, core, job, now) => {
  const [, date, key] = job.subject.split(':');
  const slot = shiftsOn(tx, core, date!).find((s) => s.shiftKey === key);
  // After downtime, a reminder for a shift that has already begun is no longer a reminder.
  if (!slot || now >= slot.start) return;
  const card = textCard(
    `接班提醒 · ${slot.shiftName}`,
    `${line(slot, core.timeZone)}\n${clockTime(slot.start, core.timeZone)} 接班，请提前到岗并查看「状态」。${late(core, job)}`,
    'info',
  );
  toCommandCentre(tx, { ...card, mentions: mentionAll([slot]) }, now);
};

export const fireEvening: JobHandler = (tx, core, job, now) => {
  const date = job.subject.split(':')[1]!;
  const slots = shiftsOn(tx, core, date);
  const card = textCard(
    `明日值班 · ${date}`,
    `${slots.map((s) => line(s, core.timeZone)).join('\n')}\n如需调整请用「换班」或「代班」。${late(core, job)}`,
    'info',
  );
  toCommandCentre(tx, { ...card, mentions: mentionAll(slots) }, now);
};

export const fireDigest: JobHandler = (tx, core, job, now) => {
  const date = job.subject.split(':')[1]!;
  const slots = shiftsOn(tx, core, date);
  toCommandCentre(tx, textCard(`今日值班表 · ${date}`, `${slots.map((s) => line(s, core.timeZone)).join('\n')}${late(core, job)}`, 'info'), now);
};
