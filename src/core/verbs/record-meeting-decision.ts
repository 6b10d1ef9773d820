// 会议 决定: a decision of the 应急会议, on the timeline (meeting_decision, read by the review) and
// in the command centre.
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { requireIncidentOpen, resolveIncident } from '../read/incidents';
import { meetingOf } from '../read/meetings';
import { requirePermission } from '../read/permissions';
import { clip } from '../text';
import { noticeChats } from '../write/meetings';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function recordMeetingDecision(ctx: VerbContext, input: { incidentNumber?: string | undefined; text: string }): { reply: string | null; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'meeting');
  const found = resolveIncident(tx, input.incidentNumber, '会议 {n} 决定 由宣传部今晚发布情况说明');
  const incident = requireIncidentOpen(tx, found.id, '记录会议决定');
  const meeting = meetingOf(tx, incident.id);
  if (!meeting) throw new Refusal(`${incident.number} 还没有应急会议；先「会议 ${incident.number} 时间 14:30」，再记录决定。`);
  const text = clip(input.text, 1000);
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'meeting_decision',
    text: `${meeting.title}决定（${actor.member.name} 记录）：${text}`,
    data: { meetingId: meeting.id, decision: text },
  });
  touchIncident(ctx, incident.id);
  const card = textCard(`会议决定 · ${incident.number}`, `${meeting.title}决定：${text}\n（${actor.member.name} 记录，已记入时间线）`, 'info');
  let here = false;
  for (const to of noticeChats(tx, incident, undefined)) {
    enqueueCard(tx, to, card, { now, priority: PRIORITY.reply });
    here ||= to.platform === actor.platform && to.chatId === actor.chatId;
  }
  return { reply: here ? null : `已记录会议决定，并同步到指挥中心。`, toast: '已记录会议决定' };
}
