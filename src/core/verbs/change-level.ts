// 升级 / 降级: change an incident's warning level. An upgrade adds the new level's tasks and
// deadlines that the incident does not have yet and re-broadcasts to the groups the new level
// names; a downgrade only updates the cards (and holds off the warning engine, see acted-level.ts).
import { eq } from 'drizzle-orm';
import { deadlines, incidents, tasks } from '../../db/schema';
import { buildIncidentCard } from '../cards/incident-card';
import { readIncidentView } from '../read/incident-view';
import type { Tx } from '../../db/types';
import type { Core, VerbContext } from '../context';
import { Refusal } from '../errors';
import { LEVEL_RANK, LEVELS, type Level } from '../levels';
import { warningAudience } from '../read/audience';
import { warningDestinations } from '../read/groups';
import { requirePermission } from '../read/permissions';
import { chatsWithSubject, enqueueCard, PRIORITY } from '../write/outbox';
import type { Destination } from '../read/groups';
import { writeTimeline } from '../write/timeline';
import { planDeadline, planTaskLadder, planUpdateCadence } from '../write/plan-jobs';
import { holdAfterHandDowngrade } from '../write/topics';
import type { Doer } from './open-incident';
import { deadlinesOf, resolveIncident, tasksOf, type Incident } from '../read/incidents';
import { touchIncident } from '../write/refresh-incident';
import { incidentSubject } from '../write/subjects';

export function changeLevel(
  ctx: VerbContext,
  input: { direction: 'up' | 'down' | 'auto'; incidentNumber?: string | undefined; level?: Level | undefined },
): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'changeLevel');
  const incident = resolveIncident(tx, input.incidentNumber, `${input.direction === 'down' ? '降级' : '升级'} {n} 橙`);
  if (input.direction === 'auto' && !input.level) throw new Refusal('请写要调整到的级别，例如「级别 橙」。');
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已结案，不能再调整级别。`);
  const from = incident.level;
  const to = input.level ?? stepLevel(from, input.direction === 'down' ? 'down' : 'up');
  if (!to) throw new Refusal(`${incident.number} 已经是${input.direction === 'up' ? '最高（红色）' : '最低（蓝色）'}级别。`);
  const rising = LEVEL_RANK[to] > LEVEL_RANK[from];
  const word = rising ? '升级' : '降级';
  if (to === from) throw new Refusal(`${incident.number} 已经是${core.playbook.levels[to].name}。`);
  if (input.direction !== 'auto' && rising !== (input.direction === 'up'))
    throw new Refusal(`从${core.playbook.levels[from].name}到${core.playbook.levels[to].name}是${rising ? '升级' : '降级'}，请发送「${rising ? '升级' : '降级'} ${incident.number} ${core.playbook.levels[to].name.slice(0, 1)}」。`);

  applyLevelChange(ctx, incident, to, {
    by: { memberId: actor.member.id, name: actor.member.name, platform: actor.platform },
    origin: { platform: actor.platform, chatId: actor.chatId },
    timelineText: `${actor.member.name} 将 ${incident.number} 从${core.playbook.levels[from].name}${word}为${core.playbook.levels[to].name}`,
  });
  const rule = core.playbook.levels[to];
  return { reply: `${incident.number} 已${word}为${rule.name}。${rising ? rule.response : ''}`, toast: `已${word}为${rule.name}` };
}

/**
 * Moves an incident to a level (caller checked who may): an upgrade adds the new level's missing
 * tasks and deadlines and broadcasts to the groups it names that have no card yet; a downgrade
 * only refreshes the cards. One timeline row. Shared by 升级/降级/级别 and confirmed proposals.
 */
export function applyLevelChange(
  c: { tx: Tx; core: Core; now: number },
  incident: Incident,
  to: Level,
  opts: { by: Doer; origin: Destination; timelineText: string; data?: Record<string, unknown> },
): { rising: boolean } {
  const { tx, core, now } = c;
  const from = incident.level;
  const rising = LEVEL_RANK[to] > LEVEL_RANK[from];
  const rule = core.playbook.levels[to];
  const status = rising && rule.status === 'responding' ? 'responding' : incident.status;
  tx.update(incidents).set({ level: to, status, updatedAt: now }).where(eq(incidents.id, incident.id)).run();
  if (rising) {
    const haveDepartments = new Set(tasksOf(tx, incident.id).map((t) => t.departmentKey));
    for (const t of rule.tasks.filter((t) => !haveDepartments.has(t.department))) {
      const task = tx
        .insert(tasks)
        .values({ incidentId: incident.id, departmentKey: t.department, title: t.title, status: 'open', claimDueAt: now + rule.claimWithinMinutes * 60_000, createdBy: opts.by.memberId, createdAt: now })
        .returning()
        .get();
      planTaskLadder(tx, core, task, now);
    }
    const haveKinds = new Set(deadlinesOf(tx, incident.id).map((d) => d.kind));
    for (const d of rule.deadlines.filter((d) => !haveKinds.has(d.kind))) {
      const deadline = tx.insert(deadlines).values({ incidentId: incident.id, kind: d.kind, label: d.label, dueAt: now + d.minutes * 60_000 }).returning().get();
      planDeadline(tx, core, deadline, now);
    }
  }
  // A person's downgrade stands: the warning engine counts the old level as handled for the topics
  // feeding this incident, and raises it again only after their score has left that band and come back.
  if (!rising) holdAfterHandDowngrade(tx, incident.id, from);
  // The new level's cadence takes over from now; the old chain stops at its next beat.
  planUpdateCadence(tx, core, incident.id, to, now);
  writeTimeline(tx, { incidentId: incident.id, kind: 'level_changed', text: opts.timelineText, data: { from, to, ...opts.data }, actorId: opts.by.memberId, platform: opts.by.platform, now });
  touchIncident(c, incident.id);

  if (rising) {
    const updated = { ...incident, level: to, status };
    const taskDepartments = new Set(tasksOf(tx, incident.id).flatMap((t) => (t.departmentKey ? [t.departmentKey] : [])));
    const card = {
      ...buildIncidentCard(core, readIncidentView(tx, updated), now),
      mentions: warningAudience(tx, core, now, taskDepartments, rule.urgent).map((m) => ({ memberId: m.id, name: m.name })),
      urgent: rule.urgent,
    };
    card.title = `已升级 · ${card.title}`;
    // Chats that already have a card about it got the refreshed one above; the rest get a new card.
    const already = chatsWithSubject(tx, incidentSubject(incident.id));
    for (const dest of warningDestinations(tx, rule.notify, taskDepartments, opts.origin)) {
      if (already.has(`${dest.platform}:${dest.chatId}`)) continue;
      enqueueCard(tx, dest, card, { now, priority: to === 'red' ? PRIORITY.red : PRIORITY.warning, subject: incidentSubject(incident.id) });
    }
  }
  return { rising };
}

function stepLevel(level: Level, direction: 'up' | 'down'): Level | undefined {
  const ordered = [...LEVELS].sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b]);
  const i = ordered.indexOf(level) + (direction === 'up' ? 1 : -1);
  return ordered[i];
}
