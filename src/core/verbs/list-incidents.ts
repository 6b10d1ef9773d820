// 列表: the open incidents, or (全部) the newest of all. A guest gets the leads they reported instead.
import type { Card } from '../cards/card';
import { buildIncidentListCard, buildOwnReportsCard } from '../cards/status-cards';
import type { VerbContext } from '../context';
import { readIncidentList } from '../read/overview';
import { leadsReportedBy } from '../read/visibility';

export function listIncidents(ctx: VerbContext, input: { all: boolean }): { card: Card; privately: boolean } {
  const { tx, core, now, actor } = ctx;
  if (actor.member.guest) return { card: buildOwnReportsCard(core, leadsReportedBy(tx, actor.member.id), now), privately: true };
  return { card: buildIncidentListCard(core, readIncidentList(tx, input.all), input.all, now), privately: false };
}
