// The measured figures of a 总结评估, from the record alone (no clock but the `asOf` given): how
// long from the first lead to the warning, to each claim, to the first 进展, to each approval step,
// to publication and to each upward report; every deadline met or late and by how much; the
// escalation rungs used; level changes and meetings; who did what. Pure: the same record gives the
// same figures, so a signed review can store them and a test can check each against the timeline.
// Kinds another part of the bot writes (release_published, report_sent, report_signed,
// meeting_scheduled, meeting_decision) are read when present.
import type { Playbook } from '../playbook/schema';
import { releaseRef, STATUS_NAME, taskRef } from '../names';
import type { ReviewRecord, TimelineRow } from './review-record';
import { peopleFigures, type PersonFigures } from './review-people';

export interface ClaimFigure {
  ref: string;
  title: string;
  department: string | null;
  createdAt: number;
  /** When the task was first claimed (or handed to someone while open); null if never. */
  claimedAt: number | null;
  by: string | null;
  fromWarningMs: number | null;
  /** The claim window of the task (claim_due_at − created_at). */
  windowMs: number | null;
  late: boolean;
  lateByMs: number;
  /** Rungs of the escalation ladder it climbed (task_escalated). */
  rungs: number;
}

export interface ApprovalFigure {
  ref: string;
  version: number;
  step: string;
  decision: 'approve' | 'reject';
  decider: string;
  submittedAt: number;
  decidedAt: number;
  /** From the moment the step opened (submission or the previous step's approval). */
  waitMs: number;
  fromWarningMs: number;
  /** Reminder rungs the step needed (approval_escalated). */
  rungs: number;
}

export interface DeadlineFigure {
  kind: string;
  label: string;
  dueAt: number;
  metAt: number | null;
  by: string | null;
  outcome: 'on_time' | 'late' | 'missed' | 'open';
  /** Late by (late, or missed as of the review); early by is negative. */
  marginMs: number;
}

export interface ReviewFigures {
  asOf: number;
  incident: {
    number: string;
    title: string;
    level: string;
    levelName: string;
    isDrill: boolean;
    status: string;
    raisedAt: number;
    calmedAt: number | null;
    closedAt: number | null;
  };
  firstLead: { at: number; source: string; summary: string; link: string | null; by: string | null } | null;
  warning: { at: number; by: string | null; leadToWarningMs: number | null };
  claims: ClaimFigure[];
  firstProgress: { at: number; by: string | null; text: string; fromWarningMs: number } | null;
  progressCount: number;
  approvals: ApprovalFigure[];
  /** Releases that passed every step (可发布). */
  approved: { ref: string; version: number; at: number; fromWarningMs: number }[];
  /** Releases published (release_published), when recorded. */
  publications: { ref: string; at: number; channels: string[]; fromWarningMs: number }[];
  /** Upward reports sent (report_sent), when recorded. */
  reports: { type: string; typeName: string; at: number; method: string | null; recipient: string | null; fromWarningMs: number; signedAt: number | null }[];
  deadlines: DeadlineFigure[];
  escalations: { taskRungs: number; approvalRungs: number; updateRequests: number; deadlineReminders: number };
  levels: { at: number; from: string; to: string; by: string | null }[];
  meetings: { at: number; kind: 'scheduled' | 'decision'; text: string }[];
  people: PersonFigures[];
}

const REPORT_TYPE: Record<string, string> = { initial: '初报', follow_up: '续报', final: '终报' };

export function reviewFigures(record: ReviewRecord, playbook: Playbook, asOf: number): ReviewFigures {
  const { incident, timeline } = record;
  const name = (id: number | null | undefined) => (id ? (record.people.get(id)?.name ?? null) : null);
  const of = (kind: string) => timeline.filter((t) => t.kind === kind);
  const raised = of('warning_raised')[0];
  const warnedAt = raised?.createdAt ?? incident.createdAt;
  const since = (at: number) => at - warnedAt;
  const lead = record.leads[0];
  const calmed = of('incident_calmed').at(-1);
  const progress = of('progress');

  return {
    asOf,
    incident: {
      number: incident.number,
      title: incident.title,
      level: incident.level,
      levelName: playbook.levels[incident.level].name,
      isDrill: incident.isDrill,
      status: STATUS_NAME[incident.status],
      raisedAt: warnedAt,
      calmedAt: calmed?.createdAt ?? null,
      closedAt: incident.closedAt,
    },
    firstLead: lead ? { at: lead.createdAt, source: lead.source, summary: lead.summary, link: lead.link, by: name(lead.reportedBy) } : null,
    warning: { at: warnedAt, by: name(raised?.actorId), leadToWarningMs: lead ? Math.max(0, warnedAt - lead.createdAt) : null },
    claims: claimFigures(record, since, name),
    firstProgress: progress[0]
      ? { at: progress[0].createdAt, by: name(progress[0].actorId), text: progress[0].text, fromWarningMs: since(progress[0].createdAt) }
      : null,
    progressCount: progress.length,
    approvals: approvalFigures(record, since, name),
    approved: of('release_approved_step')
      .filter((t) => {
        const release = record.releases.find((r) => r.id === t.data?.releaseId);
        return release !== undefined && t.data?.step === release.chain.length - 1;
      })
      .map((t) => ({ ref: releaseRef(num(t.data, 'releaseId')), version: num(t.data, 'version'), at: t.createdAt, fromWarningMs: since(t.createdAt) })),
    publications: of('release_published').map((t) => {
      const at = instant(t.data?.publishedAt) ?? t.createdAt;
      return { ref: releaseRef(num(t.data, 'releaseId')), at, channels: list(t.data?.channels), fromWarningMs: since(at) };
    }),
    reports: reportFigures(of('report_sent'), of('report_signed'), since),
    deadlines: record.deadlines.map((d) => deadlineFigure(d, timeline, name, asOf)),
    escalations: {
      taskRungs: of('task_escalated').length,
      approvalRungs: of('approval_escalated').length,
      updateRequests: of('update_requested').length,
      deadlineReminders: of('deadline_reminder').length,
    },
    levels: of('level_changed').map((t) => ({ at: t.createdAt, from: str(t.data?.from), to: str(t.data?.to), by: name(t.actorId) })),
    meetings: [...of('meeting_scheduled'), ...of('meeting_decision')]
      .sort((a, b) => a.id - b.id)
      .map((t) => ({ at: t.createdAt, kind: t.kind === 'meeting_scheduled' ? 'scheduled' : 'decision', text: t.text })),
    people: peopleFigures(record),
  };
}

function claimFigures(record: ReviewRecord, since: (at: number) => number, name: (id: number | null) => string | null): ClaimFigure[] {
  return record.tasks.map((task) => {
    // The first claim, or the hand-off that gave an open task its owner.
    const taken = record.timeline.find((t) => (t.kind === 'task_claimed' || (t.kind === 'task_handoff' && t.data?.from == null)) && t.data?.taskId === task.id);
    const claimedAt = taken?.createdAt ?? task.claimedAt;
    const by = taken ? (taken.kind === 'task_claimed' ? name(taken.actorId) : name(num(taken.data, 'to'))) : name(task.ownerId);
    const late = claimedAt !== null && task.claimDueAt !== null ? claimedAt > task.claimDueAt : false;
    return {
      ref: taskRef(task.id),
      title: task.title,
      department: task.departmentKey ? (record.departments.get(task.departmentKey) ?? task.departmentKey) : null,
      createdAt: task.createdAt,
      claimedAt,
      by: claimedAt === null ? null : by,
      fromWarningMs: claimedAt === null ? null : since(claimedAt),
      windowMs: task.claimDueAt === null ? null : task.claimDueAt - task.createdAt,
      late,
      lateByMs: late ? claimedAt! - task.claimDueAt! : 0,
      rungs: record.timeline.filter((t) => t.kind === 'task_escalated' && t.data?.taskId === task.id).length,
    };
  });
}

function approvalFigures(record: ReviewRecord, since: (at: number) => number, name: (id: number | null) => string | null): ApprovalFigure[] {
  return record.decisions.map((d) => {
    const release = record.releases.find((r) => r.id === d.releaseId)!;
    const submitted = record.timeline.find((t) => t.kind === 'release_submitted' && t.data?.releaseId === d.releaseId && t.data?.version === d.version);
    const submittedAt = submitted?.createdAt ?? release.createdAt;
    // The step opened when the version was submitted, or when its previous step was approved.
    const previous = record.decisions.find((p) => p.releaseId === d.releaseId && p.version === d.version && p.step === d.step - 1 && p.decision === 'approve');
    const openedAt = previous?.createdAt ?? submittedAt;
    return {
      ref: releaseRef(d.releaseId),
      version: d.version,
      step: release.chain[d.step]?.label ?? `第 ${d.step + 1} 步`,
      decision: d.decision,
      decider: name(d.deciderId) ?? '',
      submittedAt,
      decidedAt: d.createdAt,
      waitMs: d.createdAt - openedAt,
      fromWarningMs: since(d.createdAt),
      rungs: record.timeline.filter(
        (t) => t.kind === 'approval_escalated' && t.data?.releaseId === d.releaseId && t.data?.version === d.version && t.data?.step === d.step,
      ).length,
    };
  });
}

function reportFigures(sent: TimelineRow[], signed: TimelineRow[], since: (at: number) => number): ReviewFigures['reports'] {
  return sent.map((t) => {
    const at = instant(t.data?.sentAt) ?? t.createdAt;
    const type = str(t.data?.type);
    // A report is signed step by step: the step that completed it (data.complete), else its last.
    const steps = signed.filter((s) => t.data?.reportId !== undefined && s.data?.reportId === t.data?.reportId);
    const sign = steps.find((s) => s.data?.complete === true) ?? steps.at(-1);
    return {
      type,
      typeName: REPORT_TYPE[type] ?? (type || '报告'),
      at,
      method: t.data?.method === undefined ? null : str(t.data.method),
      recipient: t.data?.recipient === undefined ? null : str(t.data.recipient),
      fromWarningMs: since(at),
      signedAt: sign ? (instant(sign.data?.signedAt) ?? sign.createdAt) : null,
    };
  });
}

function deadlineFigure(
  d: ReviewRecord['deadlines'][number],
  timeline: TimelineRow[],
  name: (id: number | null) => string | null,
  asOf: number,
): DeadlineFigure {
  // Met by 时限 … 完成 (its own row), or by the change at that moment (the last approval of a statement).
  const met =
    timeline.find((t) => t.kind === 'deadline_met' && t.data?.deadlineId === d.id) ??
    (d.metAt === null ? undefined : timeline.find((t) => t.createdAt === d.metAt && t.actorId !== null));
  const metAt = d.metAt;
  const outcome = metAt !== null ? (metAt > d.dueAt ? 'late' : 'on_time') : asOf > d.dueAt ? 'missed' : 'open';
  return {
    kind: d.kind,
    label: d.label,
    dueAt: d.dueAt,
    metAt,
    by: name(met?.actorId ?? null),
    outcome,
    marginMs: (metAt ?? asOf) - d.dueAt,
  };
}

function num(data: Record<string, unknown> | null, key: string): number {
  const v = data?.[key];
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
}

/** An instant written as epoch ms or an ISO string. */
function instant(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}
