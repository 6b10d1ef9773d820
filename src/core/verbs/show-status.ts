// 状态: the overview, or one incident with its tasks, deadlines, releases and latest activity. A
// guest (no role) reads only the leads they reported (000 7.3), and privately.
import type { Card } from '../cards/card';
import { buildIncidentStatusCard, buildOverviewCard, buildOwnReportsCard } from '../cards/status-cards';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { incidentByNumber } from '../read/incidents';
import { readIncidentStatus, readOverview } from '../read/overview';
import { leadsReportedBy } from '../read/visibility';

export function showStatus(ctx: VerbContext, input: { incidentNumber?: string | undefined }): { card: Card; privately: boolean } {
  const { tx, core, now, actor } = ctx;
  if (actor.member.guest) return { card: buildOwnReportsCard(core, leadsReportedBy(tx, actor.member.id), now), privately: true };
  if (!input.incidentNumber) return { card: buildOverviewCard(core, readOverview(tx), now), privately: false };
  const incident = incidentByNumber(tx, input.incidentNumber);
  if (!incident) throw new Refusal(`没有编号为 ${input.incidentNumber.toUpperCase()} 的舆情事件。发送「列表」查看编号。`);
  return { card: buildIncidentStatusCard(core, readIncidentStatus(tx, core, incident, now), now), privately: false };
}
