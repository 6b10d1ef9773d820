// 代班: take over someone's shifts of a day. Covering a role needs being on its rotation, or the
// right to edit the roster. The absent person and the cover are @mentioned in the reply.
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { oneMemberNamed } from '../read/members';
import { may, requireRegistered } from '../read/permissions';
import { dayToChange, requireRoster, slotsOf } from '../read/roster';
import { setSlot } from '../write/roster';
import { appendTimeline } from '../write/timeline';

export function coverDuty(ctx: VerbContext, input: { member: string; day?: string | undefined }) {
  requireRegistered(ctx.actor.member, '代班');
  const duty = requireRoster(ctx.core);
  const date = dayToChange(ctx.tx, ctx.core, ctx.now, input.day);
  const absent = oneMemberNamed(ctx.tx, input.member, '代班 王小宣 明天');
  if (absent.id === ctx.actor.member.id) throw new Refusal('不能给自己代班。');
  const slots = slotsOf(ctx.tx, ctx.core, date, absent.id);
  if (slots.length === 0) throw new Refusal(`${date} ${absent.name} 没有班，不需要代班。`);
  const canEdit = may(ctx.core.playbook, ctx.actor.member, 'roster');
  const notEligible = slots.filter((s) => !canEdit && !duty.roles.find((r) => r.key === s.roleKey)?.rotation.includes(ctx.actor.member.key));
  if (notEligible.length > 0)
    throw new Refusal(
      `${ctx.actor.member.name} 不在「${notEligible.map((s) => s.roleName).join('、')}」的轮值名单里，不能代这个班；请${ctx.core.playbook.permissions.roster.join('、')}用「排班」安排。`,
    );
  for (const s of slots) setSlot(ctx.tx, { date, shiftKey: s.shift.shiftKey, roleKey: s.roleKey }, ctx.actor.member.id, 'cover', ctx.actor.member.id, ctx.now);
  const text = `${date} ${slots.map((s) => `${s.shift.shiftName}${s.roleName}`).join('、')}：${ctx.actor.member.name} 替 ${absent.name} 值班`;
  appendTimeline(ctx, { incidentId: null, kind: 'duty_covered', text });
  return { reply: { ...textCard('已代班', text, 'ok'), mentions: [absent, ctx.actor.member].map((m) => ({ memberId: m.id, name: m.name })) }, toast: '已代班' };
}
