// 预警: raise a warning. Creates the incident, its tasks per department and its deadlines from
// the playbook, and queues the warning card to every group the level names — one transaction.
import type { VerbContext } from '../context';
import type { Level } from '../levels';
import type { Incident } from '../read/incidents';
import { requirePermission } from '../read/permissions';
import { clip, extractLinks } from '../text';
import { openIncident } from './open-incident';

export interface RaiseWarningInput {
  level: Level;
  description: string;
  isDrill: boolean;
}

export function raiseWarning(ctx: VerbContext, input: RaiseWarningInput): { incident: Incident; toast: string } {
  const { core, actor } = ctx;
  requirePermission(core.playbook, actor.member, 'warn');
  const rule = core.playbook.levels[input.level];
  const { links, rest } = extractLinks(input.description);
  const title = clip(rest || input.description, 120);
  const { incident, destinations } = openIncident(ctx, {
    level: input.level,
    title,
    links,
    isDrill: input.isDrill,
    raisedBy: 'person',
    origin: { platform: actor.platform, chatId: actor.chatId },
    timeline: {
      text: `${actor.member.name} 发布${rule.name}：${title}${input.isDrill ? '（演练）' : ''}`,
      data: { level: input.level, links, tasks: rule.tasks.length },
    },
  });
  return { incident, toast: `已发布${rule.name} ${incident.number}，通知 ${destinations.length} 个群` };
}
