// 应急会议 reminders: before it starts, and when it does, to the command centre with the invited
// @mentioned. A reminder planned for a time the meeting no longer has stays quiet (the subject
// carries the start time), and so does one for a closed incident.
import { meetingById } from '../read/meetings';
import { incidentById } from '../read/incidents';
import { clockTime } from '../time';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { meetingNotice, noticeChats } from '../write/meetings';
import { writeTimeline } from '../write/timeline';
import type { JobHandler } from './handlers';

export const fireMeetingReminder: JobHandler = (tx, core, job, now) => {
  const [, id, startsAt] = job.subject.split(':');
  const meeting = meetingById(tx, Number(id));
  if (!meeting || meeting.startsAt !== Number(startsAt)) return;
  const incident = incidentById(tx, meeting.incidentId);
  if (!incident || incident.status === 'closed') return;
  const starting = job.step >= 1;
  // After downtime, "starting soon" for a meeting under way helps nobody: its start reminder says it.
  if (!starting && meeting.startsAt <= now) return;
  const late = job.late ? `（系统恢复后补发，原定 ${clockTime(job.dueAt, core.timeZone)} 提醒）` : '';
  const title = `${starting ? '现在开始' : '即将开始'} · ${meeting.title} · ${incident.number}${late}`;
  const card = meetingNotice(tx, core, incident, meeting, now, title);
  for (const to of noticeChats(tx, incident, undefined)) enqueueCard(tx, to, card, { now, priority: PRIORITY.warning });
  writeTimeline(tx, {
    incidentId: incident.id,
    kind: 'meeting_reminder',
    text: `提醒${meeting.title}${starting ? '开始' : `${clockTime(meeting.startsAt, core.timeZone)} 开始`}`,
    data: { meetingId: meeting.id, step: job.step },
    actorId: null,
    platform: 'system',
    now,
  });
};
