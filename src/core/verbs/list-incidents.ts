// 列表: the open incidents, or (全部) the newest of all. Anyone may read it.
import type { Card } from '../cards/card';
import { buildIncidentListCard } from '../cards/status-cards';
import type { VerbContext } from '../context';
import { readIncidentList } from '../read/overview';

export function listIncidents(ctx: VerbContext, input: { all: boolean }): Card {
  return buildIncidentListCard(ctx.core, readIncidentList(ctx.tx, input.all), input.all, ctx.now);
}
