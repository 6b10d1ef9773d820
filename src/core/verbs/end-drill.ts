// 演练 结束 [事件编号]: end a running drill now; it is scored and its evaluation opens.
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { drillOfIncident, runningDrills } from '../read/drills';
import { incidentById, incidentByNumber } from '../read/incidents';
import { requirePermission } from '../read/permissions';
import { finishDrill } from '../write/drills';

export function endDrill(ctx: VerbContext, input: { incidentNumber?: string | undefined }): { reply: string; toast: string } {
  const { tx, core, actor } = ctx;
  requirePermission(core.playbook, actor.member, 'drill');
  let drill;
  if (input.incidentNumber) {
    const incident = incidentByNumber(tx, input.incidentNumber);
    drill = incident ? drillOfIncident(tx, incident.id) : undefined;
    if (!drill) throw new Refusal(`${input.incidentNumber.toUpperCase()} 不是按剧本进行的演练。发送「演练」查看正在进行的演练。`);
  } else {
    const running = runningDrills(tx);
    if (running.length === 0) throw new Refusal('现在没有正在进行的演练。');
    if (running.length > 1)
      throw new Refusal(`有 ${running.length} 个演练正在进行，请写明事件编号，例如「演练 结束 ${incidentById(tx, running[0]!.incidentId)!.number}」。`);
    drill = running[0]!;
  }
  const number = incidentById(tx, drill.incidentId)!.number;
  const done = finishDrill(ctx, drill);
  if (!done) throw new Refusal(`演练 ${number} 已经结束了。发送「总结 ${number}」查看演练评估。`);
  return {
    reply: `演练 ${number} 已结束，得分 ${done.score.score}。演练评估已发到指挥中心，请补充经验、问题和改进措施。`,
    toast: `演练已结束，得分 ${done.score.score}`,
  };
}
