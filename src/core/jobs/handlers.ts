// What each kind of job does when it fires. Each checks first whether it is still needed (the
// deadline met, the task claimed, the step decided): then it does nothing.
import { and, desc, eq, like } from 'drizzle-orm';
import { deadlines, groups, jobs, lateReports, timeline } from '../../db/schema';
import type { Tx } from '../../db/types';
import { markdown, textCard, type Card } from '../cards/card';
import { bold, md } from '../cards/markup';
import type { Core, Member } from '../context';
import { releaseRef, taskRef } from '../names';
import { ROLE } from '../org/roles';
import { commandLeaders, departmentLeads } from '../read/audience';
import { commandAndOrigin, commandDestinations, departmentNames, type Destination } from '../read/groups';
import { incidentById, taskOf } from '../read/incidents';
import { allMembers } from '../read/members';
import { approversOf, releaseOf } from '../read/releases';
import { clockTime, humanDuration } from '../time';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { planUpdateCadence } from '../write/plan-jobs';
import { taskReminderSubject } from '../write/subjects';
import { writeTimeline } from '../write/timeline';

export type JobHandler = (tx: Tx, core: Core, job: typeof jobs.$inferSelect, now: number) => void;

function lateNote(core: Core, job: typeof jobs.$inferSelect): string {
  return job.late ? `\n（系统恢复后补发，原定 ${clockTime(job.dueAt, core.timeZone)} 提醒）` : '';
}

function send(tx: Tx, to: Destination[], card: Card, now: number, priority: number = PRIORITY.warning, subject?: string): void {
  const seen = new Set<string>();
  for (const d of to) {
    const key = `${d.platform}:${d.chatId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    enqueueCard(tx, d, card, { now, priority, subject });
  }
}

const mention = (people: Member[]) => people.map((m) => ({ memberId: m.id, name: m.name }));

/** Half-way and 80% reminders; at the deadline itself, a miss goes into the late-report ledger. */
export const fireDeadline: JobHandler = (tx, core, job, now) => {
  const deadline = tx
    .select()
    .from(deadlines)
    .where(eq(deadlines.id, Number(job.subject.split(':')[1])))
    .get();
  if (!deadline || deadline.metAt !== null) return;
  const incident = incidentById(tx, deadline.incidentId)!;
  if (incident.status === 'closed') return;
  const to = commandAndOrigin(tx, { platform: incident.originPlatform, chatId: incident.originChatId });
  const due = clockTime(deadline.dueAt, core.timeZone);
  const isDeadline = deadline.dueAt <= job.dueAt;
  // After downtime, "still 0 minutes left" helps nobody: the deadline's own job says it is late.
  if (!isDeadline && deadline.dueAt <= now) return;
  if (!isDeadline) {
    send(
      tx,
      to,
      textCard(
        `⏰ 时限提醒 · ${incident.number}`,
        `「${deadline.label}」${due} 截止，还剩 ${humanDuration(deadline.dueAt - now)}。\n完成后发送「时限 ${deadline.label} 完成」。${lateNote(core, job)}`,
        'warn',
      ),
      now,
    );
    writeTimeline(tx, {
      incidentId: incident.id,
      kind: 'deadline_reminder',
      text: `提醒「${deadline.label}」${due} 截止`,
      data: { deadlineId: deadline.id, step: job.step },
      actorId: null,
      platform: 'system',
      now,
    });
    return;
  }
  tx.insert(lateReports)
    .values({ incidentId: incident.id, deadlineId: deadline.id, label: deadline.label, dueAt: deadline.dueAt, recordedAt: now })
    .onConflictDoNothing()
    .run();
  writeTimeline(tx, {
    incidentId: incident.id,
    kind: 'deadline_missed',
    text: `「${deadline.label}」超过时限（${due} 截止），记入迟报台账`,
    data: { deadlineId: deadline.id },
    actorId: null,
    platform: 'system',
    now,
  });
  send(
    tx,
    to,
    textCard(
      `⛔ 已超时 · ${incident.number}`,
      `「${deadline.label}」已超过时限（${due} 截止），已记入迟报台账。\n完成后请立即发送「时限 ${deadline.label} 完成」。${lateNote(core, job)}`,
      'error',
    ),
    now,
    PRIORITY.red,
  );
};

/** An unclaimed task climbs: its department group, then the department lead, then the commander. */
export const fireTaskLadder: JobHandler = (tx, core, job, now) => {
  const task = taskOf(tx, `T${job.subject.split(':')[1]}`);
  if (task.status !== 'open') return;
  const incident = incidentById(tx, task.incidentId)!;
  if (incident.status === 'closed') return;
  const dept = task.departmentKey ? (departmentNames(tx).get(task.departmentKey) ?? task.departmentKey) : '';
  const deptGroups = task.departmentKey
    ? tx
        .select()
        .from(groups)
        .where(eq(groups.departmentKey, task.departmentKey))
        .all()
        .map((g) => ({ platform: g.platform, chatId: g.chatId }))
    : [];
  const ref = taskRef(task.id);
  const overdue = humanDuration(now - (task.claimDueAt ?? now));
  const rungs = [
    { who: [] as Member[], to: deptGroups.length > 0 ? deptGroups : commandDestinations(tx), label: `${dept}群` },
    {
      who: task.departmentKey ? departmentLeads(tx, new Set([task.departmentKey])) : [],
      to: [...deptGroups, ...commandDestinations(tx)],
      label: `${dept}负责人`,
    },
    { who: commandLeaders(tx).filter((m) => m.roles.includes(ROLE.commander)), to: commandDestinations(tx), label: '总指挥' },
  ];
  const rung = rungs[job.step] ?? rungs[2]!;
  const card: Card = {
    title: `任务未认领 · ${ref}`,
    tone: job.step >= 2 ? 'error' : 'warn',
    blocks: [
      markdown(md`${bold(ref)} ${dept ? `${dept} · ` : ''}${task.title}\n已超过认领时限 ${overdue}（${incident.number}）。${lateNote(core, job)}`),
      { type: 'actions', buttons: [{ label: '认领', action: 'claim', value: ref, style: 'primary' }] },
    ],
    mentions: mention(rung.who),
  };
  // Under the task's reminder subject: closing the incident takes its button away (write/task-reminders.ts).
  send(tx, rung.to, card, now, PRIORITY.warning, taskReminderSubject(task.id));
  writeTimeline(tx, {
    incidentId: incident.id,
    kind: 'task_escalated',
    text: `${ref} 超过认领时限 ${overdue}，催办第 ${job.step + 1} 级：${rung.label}${rung.who.length > 0 ? `（${rung.who.map((m) => m.name).join('、')}）` : ''}`,
    data: { taskId: task.id, rung: job.step + 1 },
    actorId: null,
    platform: 'system',
    now,
  });
};

/** An approval step waiting too long: its approvers are reminded, then the deputies. */
export const fireApprovalWait: JobHandler = (tx, core, job, now) => {
  const m = /^release:(\d+):v(\d+):s(\d+)$/.exec(job.subject);
  if (!m) return;
  const release = releaseOf(tx, `A${m[1]}`);
  if (release.status !== 'pending' || release.version !== Number(m[2]) || release.step !== Number(m[3])) return;
  // Closed with the draft still waiting: nobody is asked to approve a statement about a closed incident.
  if (incidentById(tx, release.incidentId)?.status === 'closed') return;
  const step = release.chain[release.step]!;
  const who = job.step === 0 ? approversOf(tx, step) : allMembers(tx).filter((x) => x.roles.includes(ROLE.deputy));
  const ref = releaseRef(release.id);
  const waited = humanDuration(now - release.updatedAt);
  const card = textCard(
    `审批等待 · ${ref}`,
    `「${step.label}」已等待 ${waited}，请尽快处理：回复「同意 ${ref}」或「驳回 ${ref} 理由」。${job.step > 0 ? '\n已升级提醒副总指挥。' : ''}${lateNote(core, job)}`,
    job.step > 0 ? 'error' : 'warn',
  );
  send(tx, commandDestinations(tx), { ...card, mentions: mention(who) }, now);
  writeTimeline(tx, {
    incidentId: release.incidentId,
    kind: 'approval_escalated',
    text: `${ref}「${step.label}」等待 ${waited}，提醒${job.step === 0 ? '审批人' : '副总指挥'}：${who.map((x) => x.name).join('、')}`,
    data: { releaseId: release.id, version: release.version, step: release.step, rung: job.step + 1 },
    actorId: null,
    platform: 'system',
    now,
  });
};

/**
 * 续报 cadence: while an incident is being handled, every `updateEveryMinutes` the command centre
 * is asked for a progress update — unless one was posted within the period. Each beat plans the next.
 */
export const fireUpdateCadence: JobHandler = (tx, core, job, now) => {
  const [, id, level] = job.subject.split(':');
  const incident = incidentById(tx, Number(id));
  if (!incident || incident.level !== level || incident.status === 'closed' || incident.status === 'calmed') return;
  // Only the newest chain goes on (升级 then 降级 back starts a new one; the old must not run beside it).
  const newest = tx
    .select({ subject: jobs.subject })
    .from(jobs)
    .where(and(eq(jobs.kind, 'update_cadence'), eq(jobs.step, 0), like(jobs.subject, `incident:${incident.id}:%`)))
    .orderBy(desc(jobs.id))
    .get();
  if (newest && newest.subject !== job.subject) return;
  const every = core.playbook.levels[incident.level].updateEveryMinutes;
  if (!every) return;
  const since = now - every * 60_000;
  const recent = tx
    .select()
    .from(timeline)
    .where(eq(timeline.incidentId, incident.id))
    .all()
    .some((t) => t.kind === 'progress' && t.createdAt > since);
  if (!recent) {
    send(
      tx,
      commandAndOrigin(tx, { platform: incident.originPlatform, chatId: incident.originChatId }),
      textCard(
        `请续报 · ${incident.number}`,
        `${core.playbook.levels[incident.level].name}要求每 ${humanDuration(every * 60_000)}续报一次，已超过 ${humanDuration(every * 60_000)}没有新进展。\n请发送「进展 最新情况」。${lateNote(core, job)}`,
        'warn',
      ),
      now,
    );
    writeTimeline(tx, {
      incidentId: incident.id,
      kind: 'update_requested',
      text: `提醒续报（每 ${humanDuration(every * 60_000)}）`,
      data: { everyMinutes: every },
      actorId: null,
      platform: 'system',
      now,
    });
  }
  planUpdateCadence(tx, core, incident.id, incident.level, now, job.subject, job.step + 1);
};
