// 时限: see an incident's response deadlines, and mark one met. Meeting a deadline late closes its
// line in the late-report ledger with who met it and how late.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/types';
import { deadlines, lateReports } from '../../db/schema';
import { textCard, type Card } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { requireRegistered } from '../read/permissions';
import { humanDuration, shortTime } from '../time';
import { appendTimeline } from '../write/timeline';
import { deadlinesOf, resolveIncident, type Deadline } from '../read/incidents';
import { touchIncident } from '../write/refresh-incident';

/** Marks a deadline met (once). Returns how late, in ms (0 when on time). */
export function markDeadlineMet(tx: Tx, deadline: Deadline, actorId: number, now: number): number {
  tx.update(deadlines).set({ metAt: now }).where(and(eq(deadlines.id, deadline.id), isNull(deadlines.metAt))).run();
  tx.update(lateReports).set({ metAt: now, metBy: actorId }).where(eq(lateReports.deadlineId, deadline.id)).run();
  return Math.max(0, now - deadline.dueAt);
}

export function listDeadlines(ctx: VerbContext, incidentNumber: string | undefined): Card {
  const incident = resolveIncident(ctx.tx, incidentNumber, '时限 {n}');
  const list = deadlinesOf(ctx.tx, incident.id);
  const tz = ctx.core.timeZone;
  const lines = list.map(
    (d) =>
      `${d.metAt ? '✅' : d.dueAt < ctx.now ? '⛔' : '⏰'} ${d.label}：${shortTime(d.dueAt, tz, ctx.now)} 截止` +
      (d.metAt ? ` · ${shortTime(d.metAt, tz, ctx.now)} 完成${d.metAt > d.dueAt ? `（迟 ${humanDuration(d.metAt - d.dueAt)}）` : ''}` : ''),
  );
  return textCard(`响应时限 · ${incident.number}`, lines.length > 0 ? `${lines.join('\n')}\n完成一项后发送「时限 名称 完成」，例如「时限 电话报告上级 完成」。` : '这个事件没有响应时限。', 'info');
}

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
