// 演练 (with nothing after it): the playbook's scenarios and the drills running now.
import { textCard, type Card } from '../cards/card';
import type { VerbContext } from '../context';
import { withoutGrade } from '../levels';
import { runningDrills } from '../read/drills';
import { incidentById } from '../read/incidents';
import { humanDuration, shortTime } from '../time';

export function listDrills(ctx: VerbContext, _input: Record<string, never>): Card {
  const { tx, core, now } = ctx;
  const scenarios = core.playbook.drills.map(
    (d) =>
      `${d.key}：${d.name}（${withoutGrade(core.playbook.levels[d.level].name)}，${d.injects.length} 条情景，${humanDuration(d.endAfterMinutes * 60_000)}）`,
  );
  const running = runningDrills(tx).map((d) => `${incidentById(tx, d.incidentId)!.number} ${d.scenarioName}，${shortTime(d.endsAt, core.timeZone, now)} 结束`);
  const lines = [
    scenarios.length > 0 ? `剧本：\n${scenarios.join('\n')}` : '预案里还没有演练剧本（drills 段）。',
    running.length > 0 ? `正在进行：\n${running.join('\n')}` : '',
    scenarios.length > 0 ? `开始演练：「演练 ${core.playbook.drills[0]!.key}」；提前结束：「演练 结束」。` : '',
  ];
  return textCard('演练', lines.filter(Boolean).join('\n'), 'info');
}
