// 升级 / 降级 / 级别: a person changes an incident's warning level (apply-level-change.ts does it).
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { LEVEL_RANK, stepLevel, type Level } from '../levels';
import { resolveIncident } from '../read/incidents';
import { requirePermission } from '../read/permissions';
import { applyLevelChange } from './apply-level-change';

export function changeLevel(
  ctx: VerbContext,
  input: { direction: 'up' | 'down' | 'auto'; incidentNumber?: string | undefined; level?: Level | undefined },
): { reply: string; toast: string } {
  const { tx, core, actor } = ctx;
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
    throw new Refusal(
      `从${core.playbook.levels[from].name}到${core.playbook.levels[to].name}是${rising ? '升级' : '降级'}，请发送「${rising ? '升级' : '降级'} ${incident.number} ${core.playbook.levels[to].name.slice(0, 1)}」。`,
    );

  applyLevelChange(ctx, {
    incident,
    level: to,
    origin: { platform: actor.platform, chatId: actor.chatId },
    timelineText: `${actor.member.name} 将 ${incident.number} 从${core.playbook.levels[from].name}${word}为${core.playbook.levels[to].name}`,
  });
  const rule = core.playbook.levels[to];
  return { reply: `${incident.number} 已${word}为${rule.name}。${rising ? rule.response : ''}`, toast: `已${word}为${rule.name}` };
}
