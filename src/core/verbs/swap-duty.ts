// 换班: two people swap their shifts of a day, in the duty roles they share. Either of them may, and
// so may those who may edit the roster. Both are @mentioned in the reply.
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { oneMemberNamed } from '../read/members';
import { may } from '../read/permissions';
import { dayToChange, requireRoster, slotsOf } from '../read/roster';
import { setSlot } from '../write/roster';
import { appendTimeline } from '../write/timeline';

export function swapDuty(ctx: VerbContext, input: { a: string; b: string; day?: string | undefined }) {
  requireRoster(ctx.core);
  const date = dayToChange(ctx.tx, ctx.core, ctx.now, input.day);
  const a = oneMemberNamed(ctx.tx, input.a, '换班 郑监测 王小宣 明天');
  const b = oneMemberNamed(ctx.tx, input.b, '换班 郑监测 王小宣 明天');
  if (a.id === b.id) throw new Refusal('换班要写两个不同的人，例如「换班 郑监测 王小宣 明天」。');
  // Who may swap depends on who is named: the two themselves, or those who may edit the roster.
  const self = ctx.actor.member.id === a.id || ctx.actor.member.id === b.id;
  if (!self && !may(ctx.core.playbook, ctx.actor.member, 'roster'))
    throw new Refusal(`只有${a.name}、${b.name}本人或${ctx.core.playbook.permissions.roster.join('、')}可以给他们换班。`);
  const allA = slotsOf(ctx.tx, ctx.core, date, a.id);
  const allB = slotsOf(ctx.tx, ctx.core, date, b.id);
  if (allA.length === 0 || allB.length === 0) throw new Refusal(`${date} ${allA.length === 0 ? a.name : b.name} 没有班，无法换班；可以用「代班」或「排班」。`);
  // A 值班员 swaps with a 值班员, never into 带班领导.
  const common = new Set(allA.map((s) => s.roleKey).filter((r) => allB.some((s) => s.roleKey === r)));
  if (common.size === 0)
    throw new Refusal(
      `只能在同一值班角色之间换班：${date} ${a.name} 是${allA.map((s) => s.roleName).join('、')}，${b.name} 是${allB.map((s) => s.roleName).join('、')}。需要调整请找${ctx.core.playbook.permissions.roster.join('、')}「排班」。`,
    );
  const slotsA = allA.filter((s) => common.has(s.roleKey));
  const slotsB = allB.filter((s) => common.has(s.roleKey));
  for (const s of slotsA) setSlot(ctx.tx, { date, shiftKey: s.shift.shiftKey, roleKey: s.roleKey }, b.id, 'swap', ctx.actor.member.id, ctx.now);
  for (const s of slotsB) setSlot(ctx.tx, { date, shiftKey: s.shift.shiftKey, roleKey: s.roleKey }, a.id, 'swap', ctx.actor.member.id, ctx.now);
  const text = `${date}：${a.name} 改上 ${slotsB.map((s) => `${s.shift.shiftName}${s.roleName}`).join('、')}；${b.name} 改上 ${slotsA.map((s) => `${s.shift.shiftName}${s.roleName}`).join('、')}`;
  appendTimeline(ctx, { incidentId: null, kind: 'duty_swapped', text: `${ctx.actor.member.name} 换班：${text}` });
  return { reply: { ...textCard('已换班', text, 'ok'), mentions: [a, b].map((m) => ({ memberId: m.id, name: m.name })) }, toast: '已换班' };
}
