// 演练 <剧本>: a drill from a playbook scenario (000 6.2). Raised as an incident of the scenario's
// level with its tasks and deadlines, exactly as a real warning, but marked 【演练】 everywhere,
// never urgent and kept out of broadcast groups unless the scenario says so (write/drill-containment.ts);
// its injects and its end are stored jobs, played by the clock.
import { drills } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { runningDrills, scenarioNamed } from '../read/drills';
import { requirePermission } from '../read/permissions';
import { humanDuration } from '../time';
import { scheduleJob } from '../write/schedule-job';
import { appendTimeline } from '../write/timeline';
import { openIncident } from './open-incident';

export function startDrill(ctx: VerbContext, input: { scenario: string }): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'drill');
  const scenario = scenarioNamed(core.playbook, input.scenario);
  if (runningDrills(tx).some((d) => d.scenarioKey === scenario.key))
    throw new Refusal(`剧本「${scenario.name}」的演练正在进行。要重新开始，请先发送「演练 结束」。`);
  const rule = core.playbook.levels[scenario.level];
  const { incident } = openIncident(ctx, {
    level: scenario.level,
    title: scenario.title,
    links: scenario.links,
    isDrill: true,
    raisedBy: 'person',
    origin: { platform: actor.platform, chatId: actor.chatId },
    timeline: {
      text: `${actor.member.name} 发布${rule.name}：${scenario.title}（演练）`,
      data: { level: scenario.level, links: scenario.links, tasks: rule.tasks.length, scenario: scenario.key },
    },
  });
  const drill = tx
    .insert(drills)
    .values({
      incidentId: incident.id,
      scenarioKey: scenario.key,
      scenarioName: scenario.name,
      scenario: scenario as unknown as Record<string, unknown>,
      broadcast: scenario.broadcast,
      startedAt: now,
      startedBy: actor.member.id,
      endsAt: now + scenario.endAfterMinutes * 60_000,
    })
    .returning()
    .get();
  scenario.injects.forEach((inject, step) =>
    scheduleJob(tx, { kind: 'drill_inject', subject: `drill:${drill.id}`, step, dueAt: now + inject.afterMinutes * 60_000, now }),
  );
  scheduleJob(tx, { kind: 'drill_end', subject: `drill:${drill.id}`, step: 0, dueAt: drill.endsAt, now });
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'drill_started',
    text: `${actor.member.name} 开始演练「${scenario.name}」：${scenario.injects.length} 条情景，${humanDuration(scenario.endAfterMinutes * 60_000)}后结束并评分`,
    data: { drillId: drill.id, scenario: scenario.key },
  });
  return {
    reply: `演练「${scenario.name}」已开始（${incident.number}）：按预案处置，${scenario.injects.length} 条情景会按时发来，${humanDuration(scenario.endAfterMinutes * 60_000)}后自动结束并按预案时限评分。提前结束请发送「演练 结束 ${incident.number}」。`,
    toast: `演练已开始 ${incident.number}`,
  };
}
