// 应急会议 (001 三(三)4 "立即召开应急会议", 002 四(一)2): an orange or red incident calls one — at
// the time, place and with the attendees its level's `meeting` gives. The warning card announces
// it; it is reminded before it starts and when it does, @mentioning who is invited (stored jobs,
// jobs/meeting-reminder.ts). 会议 changes its time and place (a notice goes out) and records its
// decisions.
import { eq } from 'drizzle-orm';
import { meetings } from '../../db/schema';
import type { Tx } from '../../db/types';
import { markdown, textCard, type Card } from '../cards/card';
import { md } from '../cards/markup';
import { actorMemberId, type AnyActor, type Core, type VerbContext } from '../context';
import { commandAndOrigin, type Destination } from '../read/groups';
import type { Incident } from '../read/incidents';
import { meetingOf, type Meeting } from '../read/meetings';
import { allMembers, membersByIds } from '../read/members';
import { hasAnyRole } from '../read/permissions';
import { humanDuration, shortTime } from '../time';
import { enqueueCard, PRIORITY } from './outbox';
import { cancelPendingJobs, scheduleJob } from './schedule-job';
import { appendTimeline } from './timeline';

/**
 * Calls the meeting the incident's level asks for, or — after an upgrade — brings the one called
 * already forward to the new level's time when that is sooner, inviting the new level's roles too.
 * Returns the meeting when it is new or moved. Called before the warning's cards are built, so
 * they show it.
 */
export function callMeeting(ctx: VerbContext<AnyActor>, incident: Incident): Meeting | undefined {
  const { tx, core, now } = ctx;
  const rule = core.playbook.levels[incident.level].meeting;
  if (!rule) return undefined;
  const invited = allMembers(tx)
    .filter((m) => hasAnyRole(m, rule.attendees))
    .map((m) => m.id);
  const startsAt = now + rule.withinMinutes * 60_000;
  const called = meetingOf(tx, incident.id);
  if (called) {
    if (called.startsAt <= startsAt || called.startsAt <= now) return undefined;
    const attendees = [...new Set([...called.attendees, ...invited])];
    const moved = tx.update(meetings).set({ startsAt, attendees, updatedAt: now }).where(eq(meetings.id, called.id)).returning().get();
    scheduled(ctx, incident, moved, `按${core.playbook.levels[incident.level].name}提前`);
    return moved;
  }
  const meeting = tx
    .insert(meetings)
    .values({
      incidentId: incident.id,
      title: rule.title,
      startsAt,
      place: rule.place ?? null,
      attendees: invited,
      createdBy: actorMemberId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  scheduled(ctx, incident, meeting, '召开');
  return meeting;
}

/** After a meeting is called or its time or place changes: its reminders and the timeline row. */
export function scheduled(ctx: VerbContext<AnyActor>, incident: Incident, meeting: Meeting, what: string): void {
  const { tx, core, now } = ctx;
  planMeetingReminders(tx, core, meeting, incident, now);
  const when = shortTime(meeting.startsAt, core.timeZone, now);
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'meeting_scheduled',
    text: `${meeting.title}${what}：${when} · ${meeting.place ?? '地点待定'} · 参会 ${meeting.attendees.length} 人`,
    data: { meetingId: meeting.id, startsAt: meeting.startsAt, place: meeting.place, attendees: meeting.attendees },
  });
}

/** The notice of a meeting called or changed, in the command centre and the chat it came from. */
export function announceMeeting(ctx: VerbContext<AnyActor>, incident: Incident, meeting: Meeting, origin: Destination | undefined, title?: string): void {
  const { tx, core, now } = ctx;
  const card = meetingNotice(tx, core, incident, meeting, now, title ?? `${meeting.title} · ${incident.number}`);
  for (const to of noticeChats(tx, incident, origin)) enqueueCard(tx, to, card, { now, priority: PRIORITY.warning });
}

/** The reminder before it starts (if there is still time) and the one when it starts. */
function planMeetingReminders(tx: Tx, core: Core, meeting: Meeting, incident: Incident, now: number): void {
  const rule = core.playbook.levels[incident.level].meeting;
  const before = (rule?.remindBeforeMinutes ?? 10) * 60_000;
  cancelPendingJobs(tx, 'meeting', `meeting:${meeting.id}`);
  // The start time is in the subject: a plan made for an earlier time finds it changed and stays quiet.
  const subject = `meeting:${meeting.id}:${meeting.startsAt}`;
  if (meeting.startsAt - before > now) scheduleJob(tx, { kind: 'meeting', subject, step: 0, dueAt: meeting.startsAt - before, now });
  scheduleJob(tx, { kind: 'meeting', subject, step: 1, dueAt: Math.max(meeting.startsAt, now), now });
}

/** The command centre, and the chat the incident was raised in (or the command came from) unless it is the broadcast group. */
export function noticeChats(tx: Tx, incident: Incident, origin: Destination | undefined): Destination[] {
  return commandAndOrigin(tx, origin ?? { platform: incident.originPlatform, chatId: incident.originChatId });
}

export function meetingNotice(tx: Tx, core: Core, incident: Incident, meeting: Meeting, now: number, title: string): Card {
  const people = membersByIds(tx, meeting.attendees);
  const left = meeting.startsAt > now ? `（还有 ${humanDuration(meeting.startsAt - now)}）` : '';
  const card = textCard(
    title,
    md`时间：${shortTime(meeting.startsAt, core.timeZone, now)}${left}\n地点：${meeting.place ?? '待定'}\n参会：${people.map((m) => m.name).join('、') || '（名册中没有预案写的参会角色）'}`,
    'warn',
  );
  card.blocks.push(markdown(md`事件：${incident.number} ${incident.title}\n改时间「会议 时间 14:30」、改地点或链接「会议 地点 …」，记录决定「会议 决定 …」。`));
  card.mentions = people.map((m) => ({ memberId: m.id, name: m.name }));
  return card;
}
