// After any change to an incident, its tasks or deadlines: every card about it is rebuilt, the
// broadcast group's summary with it.
import { eq } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import { buildIncidentCard } from '../cards/incident-card';
import type { VerbContext } from '../context';
import { readIncidentView } from '../read/incident-view';
import { incidentById } from '../read/incidents';
import { refreshSubject } from './outbox';
import { incidentSubject, incidentSummarySubject } from './subjects';
import { broadcastCard } from './warning-card';

export function touchIncident(ctx: Pick<VerbContext, 'tx' | 'core' | 'now'>, incidentId: number): void {
  ctx.tx.update(incidents).set({ updatedAt: ctx.now }).where(eq(incidents.id, incidentId)).run();
  const incident = incidentById(ctx.tx, incidentId)!;
  refreshSubject(ctx.tx, incidentSubject(incidentId), buildIncidentCard(ctx.core, readIncidentView(ctx.tx, incident), ctx.now), { now: ctx.now });
  refreshSubject(ctx.tx, incidentSummarySubject(incidentId), () => broadcastCard(ctx.tx, ctx.core, incident, ctx.now), { now: ctx.now });
}
