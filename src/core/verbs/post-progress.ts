// 进展: a progress note (续报) on an incident; it goes on the timeline and to the command centre.
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { commandDestinations } from '../read/groups';
import { resolveIncident } from '../read/incidents';
import { requireRegistered } from '../read/permissions';
import { clockTime } from '../time';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function postProgress(ctx: VerbContext, input: { incidentNumber?: string | undefined; text: string }): { reply: string | null; toast: string } {
  const { tx, core, actor, now } = ctx;
  const { text } = input;
  requireRegistered(actor.member, '续报进展');
  const incident = resolveIncident(tx, input.incidentNumber, '进展 {n} 已联系当事人核实');
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已结案；如舆情反复，请重新「预警」。`);
  appendTimeline(ctx, { incidentId: incident.id, kind: 'progress', text: `${actor.member.name} 续报：${text}` });
  touchIncident(ctx, incident.id);
  const card = textCard(`续报 · ${incident.number}`, `${actor.member.name} ${clockTime(now, core.timeZone)}：${text}`, 'info');
  let sentHere = false;
  for (const dest of commandDestinations(tx)) {
    enqueueCard(tx, dest, card, { now, priority: PRIORITY.reply });
    sentHere ||= dest.platform === actor.platform && dest.chatId === actor.chatId;
  }
  return { reply: sentHere ? null : `已记录 ${incident.number} 的进展，并同步到指挥中心。`, toast: '已记录进展' };
}
