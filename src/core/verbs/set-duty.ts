// 排班: give one slot of a day (shift and duty role) to a member. The member is @mentioned in the reply.
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { oneMemberNamed } from '../read/members';
import { requirePermission } from '../read/permissions';
import { dayToChange, requireRoster } from '../read/roster';
import { setSlot } from '../write/roster';
import { appendTimeline } from '../write/timeline';

export function setDuty(ctx: VerbContext, input: { day: string | undefined; shift: string; role: string; member: string }) {
  requirePermission(ctx.core.playbook, ctx.actor.member, 'roster');
  const duty = requireRoster(ctx.core);
  const date = dayToChange(ctx.tx, ctx.core, ctx.now, input.day);
  const shift = duty.shifts.find((s) => s.name === input.shift || s.key === input.shift);
  if (!shift) throw new Refusal(`没有班次「${input.shift}」。班次：${duty.shifts.map((s) => s.name).join('、')}。`);
  const role = duty.roles.find((r) => r.name === input.role || r.key === input.role);
  if (!role) throw new Refusal(`没有值班角色「${input.role}」。值班角色：${duty.roles.map((r) => r.name).join('、')}。`);
  const member = oneMemberNamed(ctx.tx, input.member, '排班 明天 白班 值班员 王小宣');
  if (member.guest) throw new Refusal(`${member.name} 还没有登记在组织名册里，不能排班。`);
  setSlot(ctx.tx, { date, shiftKey: shift.key, roleKey: role.key }, member.id, 'set', ctx.actor.member.id, ctx.now);
  appendTimeline(ctx, { incidentId: null, kind: 'duty_set', text: `${ctx.actor.member.name} 排班：${date} ${shift.name} ${role.name} ${member.name}` });
  return {
    reply: { ...textCard('已排班', `${date} ${shift.name} ${role.name}：${member.name}`, 'ok'), mentions: [{ memberId: member.id, name: member.name }] },
    toast: '已排班',
  };
}
