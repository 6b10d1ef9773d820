// 平息: an incident has calmed down. It is still followed, and closed (结案) once it stays calm.
// Who may follows the level (permissions.ts requireResolver); every group that got the warning is told.
// It opens the 总结评估 and starts the level's observation period (write/closing.ts afterCalm).
import { eq } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { resolveIncident } from '../read/incidents';
import { requireResolver } from '../read/permissions';
import { announceToWarned } from '../write/announce';
import { afterCalm } from '../write/closing';
import { PRIORITY } from '../write/outbox';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function calmIncident(ctx: VerbContext, input: { incidentNumber?: string | undefined }): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  const incident = resolveIncident(tx, input.incidentNumber, '平息 {n}');
  requireResolver(core.playbook, actor.member, incident.level);
  if (incident.status === 'closed' || incident.status === 'calmed')
    throw new Refusal(`${incident.number} 已经${incident.status === 'closed' ? '结案' : '平息'}了。`);
  tx.update(incidents).set({ status: 'calmed', updatedAt: now }).where(eq(incidents.id, incident.id)).run();
  appendTimeline(ctx, { incidentId: incident.id, kind: 'incident_calmed', text: `${actor.member.name} 确认 ${incident.number} 已平息` });
  touchIncident(ctx, incident.id);
  const watch = afterCalm(ctx, { ...incident, status: 'calmed' });
  const told = announceToWarned(
    tx,
    incident.id,
    textCard(`已平息 · ${incident.number}`, `${incident.number}「${incident.title}」已平息（${actor.member.name} 确认）。请继续关注，发现反复及时上报。`, 'ok'),
    { now, priority: PRIORITY.warning },
  );
  const here = told.some((d) => d.platform === actor.platform && d.chatId === actor.chatId);
  return {
    reply: `${incident.number} 已标记为「已平息」${here ? '' : `，已通知 ${told.length} 个群`}。${watch}确认无反复后发送「结案 ${incident.number} 总结」。`,
    toast: '已平息',
  };
}
