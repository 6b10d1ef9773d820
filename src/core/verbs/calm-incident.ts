// 平息: an incident has calmed down. It is still followed, and closed (结案) once it stays calm.
import { eq } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { resolveIncident } from '../read/incidents';
import { requirePermission } from '../read/permissions';
import { afterCalm } from '../write/closing';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';

export function calmIncident(ctx: VerbContext, input: { incidentNumber?: string | undefined }): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'resolve');
  const incident = resolveIncident(tx, input.incidentNumber, '平息 {n}');
  if (incident.status === 'closed' || incident.status === 'calmed')
    throw new Refusal(`${incident.number} 已经${incident.status === 'closed' ? '结案' : '平息'}了。`);
  tx.update(incidents).set({ status: 'calmed', updatedAt: now }).where(eq(incidents.id, incident.id)).run();
  appendTimeline(ctx, { incidentId: incident.id, kind: 'incident_calmed', text: `${actor.member.name} 确认 ${incident.number} 已平息` });
  touchIncident(ctx, incident.id);
  const watch = afterCalm(ctx, { ...incident, status: 'calmed' });
  return { reply: `${incident.number} 已标记为「已平息」。${watch}确认无反复后发送「结案 ${incident.number} 总结」。`, toast: '已平息' };
}
