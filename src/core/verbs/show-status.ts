// 状态: the overview, or one incident with its tasks, deadlines, releases and latest activity.
// Anyone may read it, including self-registered members.
import type { Card } from '../cards/card';
import { buildIncidentStatusCard, buildOverviewCard } from '../cards/status-cards';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { incidentByNumber } from '../read/incidents';
import { readIncidentStatus, readOverview } from '../read/overview';

export function showStatus(ctx: VerbContext, input: { incidentNumber?: string | undefined }): Card {
  const { tx, core, now } = ctx;
  if (!input.incidentNumber) return buildOverviewCard(core, readOverview(tx), now);
  const incident = incidentByNumber(tx, input.incidentNumber);
  if (!incident) throw new Refusal(`没有编号为 ${input.incidentNumber.toUpperCase()} 的舆情事件。发送「列表」查看编号。`);
  return buildIncidentStatusCard(core, readIncidentStatus(tx, incident), now);
}
