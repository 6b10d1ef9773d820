// 时限 … 完成: mark a deadline met. Late, it is written into the late-report ledger as met, with how late.
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { deadlinesOf, resolveIncident } from '../read/incidents';
import { requireRegistered } from '../read/permissions';
import { humanDuration, shortTime } from '../time';
import { markDeadlineMet } from '../write/deadlines';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function meetDeadline(ctx: VerbContext, input: { incidentNumber?: string | undefined; name: string; note: string }): { reply: string; toast: string } {
  const { tx, actor, now } = ctx;
  requireRegistered(actor.member, '标记时限完成');
  const incident = resolveIncident(tx, input.incidentNumber, `时限 {n} ${input.name} 完成`);
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已结案。`);
  const list = deadlinesOf(tx, incident.id);
  const deadline = list.find((d) => d.label === input.name || d.kind === input.name) ?? list.filter((d) => d.label.includes(input.name))[0];
  if (!deadline) throw new Refusal(`${incident.number} 没有叫「${input.name}」的时限。现有：${list.map((d) => d.label).join('、') || '无'}。`);
  if (deadline.metAt !== null) throw new Refusal(`「${deadline.label}」已于 ${shortTime(deadline.metAt, ctx.core.timeZone, now)} 完成。`);
  const lateBy = markDeadlineMet(tx, deadline, actor.member.id, now);
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'deadline_met',
    text: `${actor.member.name} 完成「${deadline.label}」${lateBy > 0 ? `，迟 ${humanDuration(lateBy)}` : ''}${input.note ? `：${input.note}` : ''}`,
    data: { deadlineId: deadline.id, lateByMs: lateBy },
  });
  touchIncident(ctx, incident.id);
  return {
    reply: `已记录：${incident.number}「${deadline.label}」完成${lateBy > 0 ? `（超过时限 ${humanDuration(lateBy)}，已记入迟报台账）` : '，在时限内'}。`,
    toast: `「${deadline.label}」已完成`,
  };
}
