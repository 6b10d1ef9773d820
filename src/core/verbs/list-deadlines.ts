// 时限 (without 完成): an incident's response deadlines, met or not. Anyone on the roster may read them.
import { textCard, type Card } from '../cards/card';
import type { VerbContext } from '../context';
import { deadlinesOf, resolveIncident } from '../read/incidents';
import { requireRegistered } from '../read/permissions';
import { humanDuration, shortTime } from '../time';

export function listDeadlines(ctx: VerbContext, input: { incidentNumber?: string | undefined }): Card {
  requireRegistered(ctx.actor.member, '查看响应时限');
  const incident = resolveIncident(ctx.tx, input.incidentNumber, '时限 {n}');
  const list = deadlinesOf(ctx.tx, incident.id);
  const tz = ctx.core.timeZone;
  const lines = list.map(
    (d) =>
      `${d.metAt ? '✅' : d.dueAt < ctx.now ? '⛔' : '⏰'} ${d.label}：${shortTime(d.dueAt, tz, ctx.now)} 截止` +
      (d.metAt ? ` · ${shortTime(d.metAt, tz, ctx.now)} 完成${d.metAt > d.dueAt ? `（迟 ${humanDuration(d.metAt - d.dueAt)}）` : ''}` : ''),
  );
  return textCard(
    `响应时限 · ${incident.number}`,
    lines.length > 0 ? `${lines.join('\n')}\n完成一项后发送「时限 名称 完成」，例如「时限 电话报告上级 完成」。` : '这个事件没有响应时限。',
    'info',
  );
}
