// 谁做了什么: for a review, each person's actions on the incident's timeline, counted by kind, in
// the order they first acted. The system's own rows (reminders, escalations) are not anyone's, nor
// is what followed from an action by itself (the review opened by 平息).
import type { ReviewRecord } from './review-record';

/** What a timeline kind is, as a review names it. Kinds not listed count as 其他. */
const ACTION_NAMES: Record<string, string> = {
  lead_reported: '上报线索',
  warning_raised: '发布预警',
  level_changed: '调整级别',
  task_created: '派发任务',
  task_claimed: '认领任务',
  task_handoff: '转交任务',
  task_done: '完成任务',
  progress: '续报进展',
  release_submitted: '提交发布稿',
  release_approved_step: '审批同意',
  release_rejected: '审批驳回',
  release_published: '对外发布',
  report_sent: '上报上级',
  report_signed: '签批报告',
  report_rejected: '驳回报告',
  deadline_met: '完成时限',
  meeting_scheduled: '召开会议',
  meeting_decision: '会议决定',
  incident_calmed: '确认平息',
  incident_closed: '结案',
  review_note: '总结评估意见',
  review_signed: '签发总结评估',
  finding_recorded: '责任认定',
  drill_started: '开始演练',
  drill_ended: '结束演练',
};

/** Rows written under a person's name that are not an act of theirs but a consequence of one. */
const FOLLOWS = new Set(['review_opened']);

export interface PersonFigures {
  name: string;
  department: string | null;
  /** Action name → how many times, in the order first done. */
  actions: { action: string; count: number }[];
  firstAt: number;
}

export function peopleFigures(record: ReviewRecord): PersonFigures[] {
  const byPerson = new Map<number, PersonFigures>();
  for (const row of record.timeline) {
    if (row.actorId === null || FOLLOWS.has(row.kind)) continue;
    const who = record.people.get(row.actorId);
    if (!who) continue;
    let person = byPerson.get(row.actorId);
    if (!person) {
      const department = who.departmentKey ? (record.departments.get(who.departmentKey) ?? who.departmentKey) : null;
      person = { name: who.name, department, actions: [], firstAt: row.createdAt };
      byPerson.set(row.actorId, person);
    }
    const action = ACTION_NAMES[row.kind] ?? '其他';
    const counted = person.actions.find((a) => a.action === action);
    if (counted) counted.count += 1;
    else person.actions.push({ action, count: 1 });
  }
  return [...byPerson.values()];
}
