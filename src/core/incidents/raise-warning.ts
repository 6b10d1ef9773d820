// 预警: raise a warning. Creates the incident, its tasks per department and its deadlines from
// the playbook, and queues the warning card to every group the level names — one transaction.
import { deadlines, incidents, leads, tasks } from '../../db/schema';
import { buildIncidentCard, incidentSubject } from '../cards/incident-card';
import type { VerbContext } from '../context';
import type { Level } from '../levels';
import { warningAudience } from '../org/duty';
import { warningDestinations } from '../org/groups';
import { requirePermission } from '../org/permissions';
import { enqueueCard, PRIORITY } from '../outbox/enqueue';
import { clip, extractLinks, sourceOfLink } from '../text';
import { appendTimeline } from '../timeline/append';
import { planDeadline, planTaskLadder, planUpdateCadence } from '../jobs/plans';
import { nextIncidentNumber } from './number';
import type { Incident } from './queries';

export interface RaiseWarningInput {
  level: Level;
  description: string;
  isDrill: boolean;
}

export function raiseWarning(ctx: VerbContext, input: RaiseWarningInput): { incident: Incident; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'warn');
  const rule = core.playbook.levels[input.level];
  const { links, rest } = extractLinks(input.description);
  const title = clip(rest || input.description, 120);

  const incident = tx
    .insert(incidents)
    .values({
      number: nextIncidentNumber(tx, now, core.timeZone),
      title,
      level: input.level,
      status: rule.status,
      isDrill: input.isDrill,
      createdBy: actor.member.id,
      originPlatform: actor.platform,
      originChatId: actor.chatId,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();

  for (const link of links) {
    tx.insert(leads).values({ incidentId: incident.id, source: sourceOfLink(link), link, summary: title, reportedBy: actor.member.id, createdAt: now }).run();
  }
  for (const t of rule.tasks) {
    const task = tx
      .insert(tasks)
      .values({
        incidentId: incident.id,
        departmentKey: t.department,
        title: t.title,
        status: 'open',
        claimDueAt: now + rule.claimWithinMinutes * 60_000,
        createdBy: actor.member.id,
        createdAt: now,
      })
      .returning()
      .get();
    planTaskLadder(tx, core, task, now);
  }
  for (const d of rule.deadlines) {
    const deadline = tx.insert(deadlines).values({ incidentId: incident.id, kind: d.kind, label: d.label, dueAt: now + d.minutes * 60_000 }).returning().get();
    planDeadline(tx, core, deadline, now);
  }
  planUpdateCadence(tx, core, incident.id, input.level, now);
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'warning_raised',
    text: `${actor.member.name} 发布${rule.name}：${title}${input.isDrill ? '（演练）' : ''}`,
    data: { level: input.level, links, tasks: rule.tasks.length },
  });

  const taskDepartments = new Set(rule.tasks.map((t) => t.department));
  const card = {
    ...buildIncidentCard(tx, core, incident, now),
    mentions: warningAudience(tx, core, now, taskDepartments, rule.urgent).map((m) => ({ memberId: m.id, name: m.name })),
    urgent: rule.urgent,
  };
  const destinations = warningDestinations(tx, rule.notify, taskDepartments, { platform: actor.platform, chatId: actor.chatId });
  for (const to of destinations) {
    enqueueCard(tx, to, card, {
      now,
      priority: input.level === 'red' ? PRIORITY.red : PRIORITY.warning,
      subject: incidentSubject(incident.id),
    });
  }
  return { incident, toast: `已发布${rule.name} ${incident.number}，通知 ${destinations.length} 个群` };
}
