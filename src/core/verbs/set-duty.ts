// 值班 / 排班 / 换班 / 代班: reading and changing the roster. Every change is on the timeline and
// the people it moves are told (@mentioned) in the reply.
import { textCard, type Card } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { onDutyNow } from '../read/audience';
import { oneMemberNamed } from '../read/members';
import { may, requirePermission, requireRegistered } from '../read/permissions';
import { addDays, clockTime, localDate } from '../time';
import { appendTimeline } from '../write/timeline';
import { setSlot, shiftAt, shiftsOn, slotsOf, type ShiftSlot } from '../read/roster';

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
function changeDay(ctx: VerbContext, word: string | undefined): string {
  const today = localDate(ctx.now, ctx.core.timeZone);
  // At 02:00 the night shift still belongs to yesterday: with no date, that is the one meant.
  const date = word ? parseDay(word, ctx.now, ctx.core.timeZone) : (shiftAt(ctx.tx, ctx.core, ctx.now)?.date ?? today);
  if (!date) throw new Refusal(`「${word}」不是日期。可以写：今天、明天、11-23 或 2026-11-23。`);
  if (date < addDays(today, -1)) throw new Refusal(`${date} 已经过去，不能再调整。`);
  return date;
}

function describeShift(s: ShiftSlot, tz: string): string {
  const people = s.people.map((p) => `${p.roleName} ${p.member.name}${p.overridden ? '（调）' : ''}`).join('，');
  return `${s.shiftName} ${clockTime(s.start, tz)}–${clockTime(s.end, tz)}：${people}`;
}

export function showDuty(ctx: VerbContext, when: string | undefined): Card {
  const { tx, core, now } = ctx;
  const tz = core.timeZone;
  if (!core.playbook.duty) {
    const people = onDutyNow(tx, core, now);
    return textCard('当前值班', people.length > 0 ? people.map((m) => `${m.name}（${m.roles.join('、')}）`).join('\n') : '预案里没有排班（duty），组织文件中也没有标记值班人员（onDuty: true）。', 'info');
  }
  if (!when || when === '现在' || when === 'now') {
    const current = shiftAt(tx, core, now);
    const upcoming = [...shiftsOn(tx, core, localDate(now, tz)), ...shiftsOn(tx, core, addDays(localDate(now, tz), 1))].find((s) => s.start > now);
    return textCard('当前值班', [current ? `现在：${describeShift(current, tz)}` : '现在没有排班。', upcoming ? `下一班：${describeShift(upcoming, tz)}` : ''].filter(Boolean).join('\n'), 'info');
  }
  if (when === '本周' || when === 'week') {
    const start = localDate(now, tz);
    const lines = Array.from({ length: 7 }, (_, i) => addDays(start, i)).flatMap((d) => [`**${d}**`, ...shiftsOn(tx, core, d).map((s) => describeShift(s, tz))]);
    return textCard('本周值班表', lines.join('\n'), 'info');
  }
  const day = parseDay(when, now, tz);
  if (!day) throw new Refusal(`「${when}」不是日期。可以写：今天、明天、本周、11-23 或 2026-11-23。`);
  return textCard(`${day} 值班表`, shiftsOn(tx, core, day).map((s) => describeShift(s, tz)).join('\n'), 'info');
}

function requireRoster(ctx: VerbContext): NonNullable<VerbContext['core']['playbook']['duty']> {
  const duty = ctx.core.playbook.duty;
  if (!duty) throw new Refusal('预案里还没有排班（duty 段），先由管理员在预案文件中设置班次和轮值名单。');
  return duty;
}

export function setDuty(ctx: VerbContext, input: { day: string | undefined; shift: string; role: string; member: string }) {
  const duty = requireRoster(ctx);
  requirePermission(ctx.core.playbook, ctx.actor.member, 'roster');
  const date = changeDay(ctx, input.day);
  const shift = duty.shifts.find((s) => s.name === input.shift || s.key === input.shift);
  if (!shift) throw new Refusal(`没有班次「${input.shift}」。班次：${duty.shifts.map((s) => s.name).join('、')}。`);
  const role = duty.roles.find((r) => r.name === input.role || r.key === input.role);
  if (!role) throw new Refusal(`没有值班角色「${input.role}」。值班角色：${duty.roles.map((r) => r.name).join('、')}。`);
  const member = oneMemberNamed(ctx.tx, input.member, '排班 明天 白班 值班员 王小宣');
  if (member.guest) throw new Refusal(`${member.name} 还没有登记在组织名册里，不能排班。`);
  setSlot(ctx.tx, { date, shiftKey: shift.key, roleKey: role.key }, member.id, 'set', ctx.actor.member.id, ctx.now);
  appendTimeline(ctx, { incidentId: null, kind: 'duty_set', text: `${ctx.actor.member.name} 排班：${date} ${shift.name} ${role.name} ${member.name}` });
  return { reply: { ...textCard('已排班', `${date} ${shift.name} ${role.name}：${member.name}`, 'ok'), mentions: [{ memberId: member.id, name: member.name }] }, toast: '已排班' };
}

export function swapDuty(ctx: VerbContext, input: { a: string; b: string; day?: string | undefined }) {
  requireRoster(ctx);
  const date = changeDay(ctx, input.day);
  const a = oneMemberNamed(ctx.tx, input.a, '换班 郑监测 王小宣 明天');
  const b = oneMemberNamed(ctx.tx, input.b, '换班 郑监测 王小宣 明天');
  if (a.id === b.id) throw new Refusal('换班要写两个不同的人，例如「换班 郑监测 王小宣 明天」。');
  const self = ctx.actor.member.id === a.id || ctx.actor.member.id === b.id;
  if (!self && !may(ctx.core.playbook, ctx.actor.member, 'roster'))
    throw new Refusal(`只有${a.name}、${b.name}本人或${ctx.core.playbook.permissions.roster.join('、')}可以给他们换班。`);
  const allA = slotsOf(ctx.tx, ctx.core, date, a.id);
  const allB = slotsOf(ctx.tx, ctx.core, date, b.id);
  if (allA.length === 0 || allB.length === 0) throw new Refusal(`${date} ${allA.length === 0 ? a.name : b.name} 没有班，无法换班；可以用「代班」或「排班」。`);
  // A 值班员 swaps with a 值班员, never into 带班领导.
  const common = new Set(allA.map((s) => s.roleKey).filter((r) => allB.some((s) => s.roleKey === r)));
  if (common.size === 0)
    throw new Refusal(`只能在同一值班角色之间换班：${date} ${a.name} 是${allA.map((s) => s.roleName).join('、')}，${b.name} 是${allB.map((s) => s.roleName).join('、')}。需要调整请找${ctx.core.playbook.permissions.roster.join('、')}「排班」。`);
  const slotsA = allA.filter((s) => common.has(s.roleKey));
  const slotsB = allB.filter((s) => common.has(s.roleKey));
  for (const s of slotsA) setSlot(ctx.tx, { date, shiftKey: s.shift.shiftKey, roleKey: s.roleKey }, b.id, 'swap', ctx.actor.member.id, ctx.now);
  for (const s of slotsB) setSlot(ctx.tx, { date, shiftKey: s.shift.shiftKey, roleKey: s.roleKey }, a.id, 'swap', ctx.actor.member.id, ctx.now);
  const text = `${date}：${a.name} 改上 ${slotsB.map((s) => `${s.shift.shiftName}${s.roleName}`).join('、')}；${b.name} 改上 ${slotsA.map((s) => `${s.shift.shiftName}${s.roleName}`).join('、')}`;
  appendTimeline(ctx, { incidentId: null, kind: 'duty_swapped', text: `${ctx.actor.member.name} 换班：${text}` });
  return { reply: { ...textCard('已换班', text, 'ok'), mentions: [a, b].map((m) => ({ memberId: m.id, name: m.name })) }, toast: '已换班' };
}

export function coverDuty(ctx: VerbContext, input: { member: string; day?: string | undefined }) {
  requireRoster(ctx);
  const duty = requireRoster(ctx);
  requireRegistered(ctx.actor.member, '代班');
  const date = changeDay(ctx, input.day);
  const absent = oneMemberNamed(ctx.tx, input.member, '代班 王小宣 明天');
  if (absent.id === ctx.actor.member.id) throw new Refusal('不能给自己代班。');
  const slots = slotsOf(ctx.tx, ctx.core, date, absent.id);
  if (slots.length === 0) throw new Refusal(`${date} ${absent.name} 没有班，不需要代班。`);
  // Covering a role needs being on that role's rotation (or the right to edit the roster).
  const canEdit = may(ctx.core.playbook, ctx.actor.member, 'roster');
  const notEligible = slots.filter((s) => !canEdit && !duty.roles.find((r) => r.key === s.roleKey)?.rotation.includes(ctx.actor.member.key));
  if (notEligible.length > 0)
    throw new Refusal(`${ctx.actor.member.name} 不在「${notEligible.map((s) => s.roleName).join('、')}」的轮值名单里，不能代这个班；请${ctx.core.playbook.permissions.roster.join('、')}用「排班」安排。`);
  for (const s of slots) setSlot(ctx.tx, { date, shiftKey: s.shift.shiftKey, roleKey: s.roleKey }, ctx.actor.member.id, 'cover', ctx.actor.member.id, ctx.now);
  const text = `${date} ${slots.map((s) => `${s.shift.shiftName}${s.roleName}`).join('、')}：${ctx.actor.member.name} 替 ${absent.name} 值班`;
  appendTimeline(ctx, { incidentId: null, kind: 'duty_covered', text });
  return { reply: { ...textCard('已代班', text, 'ok'), mentions: [absent, ctx.actor.member].map((m) => ({ memberId: m.id, name: m.name })) }, toast: '已代班' };
}
