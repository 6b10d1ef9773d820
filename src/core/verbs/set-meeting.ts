// 会议 时间 / 地点: set when and where the 应急会议 meets. Orange and red call one with the warning
// (write/meetings.ts); for any other incident this calls one. Its reminders follow the new time,
// the change goes on the timeline (meeting_scheduled) and to the command centre.
import { eq } from 'drizzle-orm';
import { meetings } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { requireIncidentOpen, resolveIncident } from '../read/incidents';
import { meetingOf } from '../read/meetings';
import { allMembers } from '../read/members';
import { hasAnyRole, requirePermission } from '../read/permissions';
import { shortTime } from '../time';
import { announceMeeting, scheduled } from '../write/meetings';
import { touchIncident } from '../write/refresh-incident';

/** Who a meeting called by hand invites when the level names nobody: the command centre's leaders and the department leads. */
const DEFAULT_ATTENDEES = ['总指挥', '副总指挥', '部门负责人'];

export function setMeeting(
  ctx: VerbContext,
  input: { incidentNumber?: string | undefined; startsAt?: number | undefined; place?: string | undefined },
): { reply: string | null; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'meeting');
  const found = resolveIncident(tx, input.incidentNumber, '会议 {n} 时间 14:30');
  const incident = requireIncidentOpen(tx, found.id, '安排会议');
  if (input.startsAt !== undefined && input.startsAt <= now)
    throw new Refusal(`会议时间要在现在之后（现在 ${shortTime(now, core.timeZone)}）。例如「会议 时间 14:30」或「会议 时间 30分钟后」。`);
  const called = meetingOf(tx, incident.id);
  const rule = core.playbook.levels[incident.level].meeting;
  let meeting;
  if (called) {
    meeting = tx
      .update(meetings)
      .set({ startsAt: input.startsAt ?? called.startsAt, place: input.place ?? called.place, updatedAt: now })
      .where(eq(meetings.id, called.id))
      .returning()
      .get();
  } else {
    if (input.startsAt === undefined)
      throw new Refusal(`${incident.number} 还没有应急会议；请先定时间，例如「会议 ${incident.number} 时间 14:30 地点 三楼会议室」。`);
    const roles = rule?.attendees ?? DEFAULT_ATTENDEES;
    meeting = tx
      .insert(meetings)
      .values({
        incidentId: incident.id,
        title: rule?.title ?? '应急会议',
        startsAt: input.startsAt,
        place: input.place ?? rule?.place ?? null,
        attendees: allMembers(tx)
          .filter((m) => hasAnyRole(m, roles))
          .map((m) => m.id),
        createdBy: actor.member.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
  }
  const what = !called ? '召开' : input.startsAt !== undefined ? `改到 ${shortTime(meeting.startsAt, core.timeZone, now)}` : '改地点';
  scheduled(ctx, incident, meeting, `${what}（${actor.member.name}）`);
  touchIncident(ctx, incident.id);
  announceMeeting(ctx, incident, meeting, { platform: actor.platform, chatId: actor.chatId }, `${meeting.title}${called ? '有变更' : ''} · ${incident.number}`);
  return { reply: null, toast: `已更新${meeting.title}` };
}
