// 值班: who is on duty now and next, or on a day, or this week. Anyone on the roster may read it
// (the roster is the organisation's directory, not for guests).
import { textCard, type Card } from '../cards/card';
import { bold, joinMd, md } from '../cards/markup';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { onDutyNow } from '../read/audience';
import { requireRegistered } from '../read/permissions';
import { parseDay, shiftAt, shiftsOn, type ShiftSlot } from '../read/roster';
import { addDays, clockTime, localDate } from '../time';

export function showDuty(ctx: VerbContext, input: { when?: string | undefined }): Card {
  const { tx, core, now } = ctx;
  requireRegistered(ctx.actor.member, '查看值班表');
  const { when } = input;
  const tz = core.timeZone;
  if (!core.playbook.duty) {
    const people = onDutyNow(tx, core, now);
    return textCard(
      '当前值班',
      people.length > 0
        ? people.map((m) => `${m.name}（${m.roles.join('、')}）`).join('\n')
        : '预案里没有排班（duty），组织文件中也没有标记值班人员（onDuty: true）。',
      'info',
    );
  }
  if (!when || when === '现在' || when === 'now') {
    const current = shiftAt(tx, core, now);
    const upcoming = [...shiftsOn(tx, core, localDate(now, tz)), ...shiftsOn(tx, core, addDays(localDate(now, tz), 1))].find((s) => s.start > now);
    return textCard(
      '当前值班',
      [current ? `现在：${describeShift(current, tz)}` : '现在没有排班。', upcoming ? `下一班：${describeShift(upcoming, tz)}` : ''].filter(Boolean).join('\n'),
      'info',
    );
  }
  if (when === '本周' || when === 'week') {
    const start = localDate(now, tz);
    const lines = Array.from({ length: 7 }, (_, i) => addDays(start, i)).flatMap((d) => [
      bold(d),
      ...shiftsOn(tx, core, d).map((s) => md`${describeShift(s, tz)}`),
    ]);
    return textCard('本周值班表', joinMd(lines, '\n'), 'info');
  }
  const day = parseDay(when, now, tz);
  if (!day) throw new Refusal(`「${when}」不是日期。可以写：今天、明天、本周、11-23 或 2026-11-23。`);
  return textCard(
    `${day} 值班表`,
    shiftsOn(tx, core, day)
      .map((s) => describeShift(s, tz))
      .join('\n'),
    'info',
  );
}

function describeShift(s: ShiftSlot, tz: string): string {
  const people = s.people.map((p) => `${p.roleName} ${p.member.name}${p.overridden ? '（调）' : ''}`).join('，');
  return `${s.shiftName} ${clockTime(s.start, tz)}–${clockTime(s.end, tz)}：${people}`;
}
