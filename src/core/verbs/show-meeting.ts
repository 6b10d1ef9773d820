// 会议 (alone): the incident's 应急会议 — when, where, who, and the decisions recorded so far.
import { markdown, textCard, type Card } from '../cards/card';
import { joinMd, md } from '../cards/markup';
import type { VerbContext } from '../context';
import { resolveIncident } from '../read/incidents';
import { meetingDecisions, meetingOf } from '../read/meetings';
import { requireRegistered } from '../read/permissions';
import { shortTime } from '../time';
import { meetingNotice } from '../write/meetings';

export function showMeeting(ctx: VerbContext, input: { incidentNumber?: string | undefined }): Card {
  const { tx, core, now, actor } = ctx;
  requireRegistered(actor.member, '查看应急会议');
  const incident = resolveIncident(tx, input.incidentNumber, '会议 {n}');
  const meeting = meetingOf(tx, incident.id);
  if (!meeting)
    return textCard(
      `应急会议 · ${incident.number}`,
      `${incident.number} 还没有应急会议（预案规定橙色、红色预警时召开）。需要时发送「会议 ${incident.number} 时间 14:30 地点 …」。`,
      'info',
    );
  const card = meetingNotice(tx, core, incident, meeting, now, `${meeting.title} · ${incident.number}`);
  // Reading it @-s nobody.
  card.mentions = undefined;
  const decisions = meetingDecisions(tx, incident.id);
  card.blocks.push(
    markdown(
      decisions.length > 0
        ? md`**会议决定**\n${joinMd(
            decisions.map((d) => md`${shortTime(d.createdAt, core.timeZone, now)} ${String(d.data?.decision ?? d.text)}`),
            '\n',
          )}`
        : md`
还没有记录会议决定。
          `,
    ),
  );
  return card;
}
