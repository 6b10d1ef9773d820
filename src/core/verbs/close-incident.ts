// 结案: close an incident with a summary for the review. Who may follows the level (红色：总指挥).
// Then, in the order a responder meets them (docs/after-incident.md): a scenario drill ends by
// 演练 结束; the observation period after 平息 must have run (read/closing-rules.ts); a level in
// review.requiredFor closes only once its 总结评估 is signed (write/closing.ts); and with tasks or
// response deadlines still open it asks last: the answer lists them and says how to confirm
// (「结案 编号 确认 理由」), and the reason goes on the timeline with what was left open.
// Every group that got the warning is told; every card about it turns grey, its buttons gone.
import { and, eq, ne } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { taskRef } from '../names';
import { requireObservationDone } from '../read/closing-rules';
import { deadlinesOf, resolveIncident, tasksOf } from '../read/incidents';
import { requireResolver } from '../read/permissions';
import { clip } from '../text';
import { shortTime } from '../time';
import { announceToWarned } from '../write/announce';
import { reviewRequiredBeforeClose } from '../write/closing';
import { PRIORITY } from '../write/outbox';
import { withdrawProposalsOfIncident } from '../write/proposals';
import { touchIncident } from '../write/refresh-incident';
import { openReview } from '../write/reviews';
import { retireTaskReminders } from '../write/task-reminders';
import { appendTimeline } from '../write/timeline';

export function closeIncident(
  ctx: VerbContext,
  input: { incidentNumber?: string | undefined; summary: string; confirmed?: boolean | undefined },
): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  const { summary } = input;
  const incident = resolveIncident(tx, input.incidentNumber, '结案 {n} 总结');
  requireResolver(core.playbook, actor.member, incident.level);
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已经结案了。`);
  const openTasks = tasksOf(tx, incident.id).filter((t) => t.status !== 'done');
  const openDeadlines = deadlinesOf(tx, incident.id).filter((d) => d.metAt === null);
  const tz = core.timeZone;
  const left = [
    ...openTasks.map((t) => `${taskRef(t.id)} ${clip(t.title, 24)}（${t.status === 'open' ? '未认领' : '未完成'}）`),
    ...openDeadlines.map((d) => `时限「${d.label}」${shortTime(d.dueAt, tz, now)}${d.dueAt < now ? ' 已超时' : ' 截止'}`),
  ];
  const openCount = `${openTasks.length} 项任务、${openDeadlines.length} 个响应时限未完成`;
  requireObservationDone(tx, core, incident, now);
  // Said now, so the commander is not surprised by one more question after signing.
  const held = reviewRequiredBeforeClose(ctx, incident, summary, left.length > 0 ? `另有 ${openCount}，签发后结案时需要确认。` : '');
  if (held) return held;
  if (left.length > 0 && !input.confirmed)
    throw new Refusal(
      `${incident.number} 还有 ${openCount}：\n${left.join('\n')}\n` +
        `确认现在结案请发送「结案 ${incident.number} 确认 理由」（理由记入时间线），或先完成它们（「完成 任务号 说明」「时限 名称 完成」）。`,
      '还有未完成事项，需确认',
    );
  if (input.confirmed && !summary) throw new Refusal(`请写确认结案的理由，例如「结案 ${incident.number} 确认 舆情已平稳，新闻发布会不再召开」。`, '请写理由');
  const closed = tx
    .update(incidents)
    .set({ status: 'closed', summary: summary || null, closedAt: now, updatedAt: now })
    .where(and(eq(incidents.id, incident.id), ne(incidents.status, 'closed')))
    .returning()
    .get();
  if (!closed) throw new Refusal(`${incident.number} 刚刚已被结案。`);
  const confirmedOpen = left.length > 0 ? `（确认结案，理由：${summary}；未完成：${left.join('、')}）` : '';
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'incident_closed',
    text: `${actor.member.name} 结案 ${incident.number}${summary && !confirmedOpen ? `：${summary}` : ''}${confirmedOpen}`,
    data: {
      summary: summary || null,
      ...(left.length > 0 ? { confirmed: true, reason: summary, openTasks: openTasks.map((t) => t.id), openDeadlines: openDeadlines.map((d) => d.id) } : {}),
    },
  });
  // A 预警建议 waiting to upgrade it could now only open a new incident: withdrawn, its card says why.
  withdrawProposalsOfIncident(ctx, incident);
  touchIncident(ctx, incident.id);
  const { review } = openReview(ctx, closed, { summary });
  retireTaskReminders(tx, closed, now);
  const title = `已结案 · ${incident.number}`;
  const told = announceToWarned(
    tx,
    incident.id,
    textCard(title, `${incident.number}「${incident.title}」已结案（${actor.member.name}）${summary ? `：${summary}` : '。'}`, 'ok'),
    {
      now,
      priority: PRIORITY.warning,
      // The summary is for the review: the broadcast group hears only that it is over.
      forBroadcast: textCard(title, `${incident.number}「${incident.title}」已结案，感谢大家配合。`, 'ok'),
    },
  );
  const next = review.status === 'signed' ? '总结评估已签发。' : `请补充总结评估：发送「总结 ${incident.number}」查看。`;
  return {
    reply: `${incident.number} 已结案${told.length > 0 ? `，已通知 ${told.length} 个群` : ''}。${left.length > 0 ? `未完成的 ${left.length} 项和理由已记入时间线。` : ''}${next}`,
    toast: '已结案',
  };
}
