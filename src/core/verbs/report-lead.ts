// 上报: report a lead (线索) — a link and what it says. Anyone may, including people the bot has
// just met. Attached to the incident named, or to the only open one, or kept unattached.
import { leads } from '../../db/schema';
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { commandDestinations } from '../read/groups';
import { incidentByNumber, openIncidentWithLink, openIncidents } from '../read/incidents';
import { clip, extractLinks, sourceOfLink } from '../text';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function reportLead(
  ctx: VerbContext,
  input: { incidentNumber?: string | undefined; text: string },
): { reply: string; toast: string; privately?: boolean } {
  const { tx, actor, now } = ctx;
  const { links, rest } = extractLinks(input.text);
  if (links.length === 0 && rest.length < 4) throw new Refusal('请写上线索的链接和摘要，例如：上报 https://weibo.com/123 网传某地停水三天');
  // A guest learns nothing of the incidents, not even which numbers exist: a wrong one is just left out.
  const guest = actor.member.guest;
  let incident = input.incidentNumber ? incidentByNumber(tx, input.incidentNumber) : undefined;
  if (guest && incident?.status === 'closed') incident = undefined;
  if (input.incidentNumber && !incident && !guest) throw new Refusal(`没有编号为 ${input.incidentNumber.toUpperCase()} 的事件。发送「列表」查看编号。`);
  if (incident?.status === 'closed') throw new Refusal(`${incident.number} 已结案。如舆情反复，请不写编号直接上报，或重新发「预警」。`);
  // A link the bot already knows (from a person or a monitoring tool) belongs to that incident.
  if (!incident && links[0]) incident = openIncidentWithLink(tx, links[0]);
  let open: ReturnType<typeof openIncidents> = [];
  if (!incident) {
    // A real lead never goes into a drill unless the drill's number is written.
    open = openIncidents(tx).filter((i) => !i.isDrill);
    if (open.length === 1) incident = open[0];
  }
  const summary = clip(rest || '（无摘要）', 500);
  const link = links[0] ?? null;
  const lead = tx
    .insert(leads)
    .values({ incidentId: incident?.id ?? null, source: link ? sourceOfLink(link) : '人工上报', link, summary, reportedBy: actor.member.id, createdAt: now })
    .returning()
    .get();
  appendTimeline(ctx, {
    incidentId: incident?.id ?? null,
    kind: 'lead_reported',
    text: `${actor.member.name} 上报线索 L${lead.id}：${summary}${link ? ` ${link}` : ''}`,
    data: { leadId: lead.id },
  });
  if (incident) touchIncident(ctx, incident.id);
  const where = incident ? `，已归入 ${incident.number}` : open.length > 1 ? `，未归入事件。如属某个事件，请发送「上报 ${open[0]!.number} 链接 摘要」` : '';
  const card = textCard(
    `新线索 L${lead.id}${incident ? ` · ${incident.number}` : ''}`,
    `${actor.member.name} 上报：${summary}${link ? `\n${link}` : ''}${incident ? '' : '\n如需预警请发送「预警 级别 描述」。'}`,
    'info',
  );
  for (const dest of commandDestinations(tx)) {
    if (dest.platform === actor.platform && dest.chatId === actor.chatId) continue;
    enqueueCard(tx, dest, card, { now, priority: PRIORITY.reply });
  }
  if (guest)
    return { reply: `已记录线索 L${lead.id}，已转交指挥中心。谢谢！发送「状态」可查看你上报的线索。`, toast: `已记录线索 L${lead.id}`, privately: true };
  return { reply: `已记录线索 L${lead.id}${where}。谢谢！`, toast: `已记录线索 L${lead.id}` };
}
