// New signals change an incident's cards (signal count, score, leads), but a busy topic brings a
// batch every few seconds and every card update is a platform call. So: the first batch of a minute
// refreshes the cards at once; later ones in that minute leave one stored job for the minute's end
// (fired by the clock, so the cards catch up even if the stream stops).
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import { incidentById, type Incident } from '../incidents/queries';
import { touchIncident } from '../incidents/refresh';
import type { JobHandler } from '../jobs/handlers';
import { scheduleJob } from '../jobs/schedule';

const MINUTE = 60_000;

export function refreshForSignals(c: { tx: Tx; core: Core; now: number }, incident: Incident): void {
  const minute = Math.floor(c.now / MINUTE);
  // updatedAt moves with every change that refreshed the cards, this one's included.
  if (Math.floor(incident.updatedAt / MINUTE) < minute) {
    touchIncident(c, incident.id);
    return;
  }
  scheduleJob(c.tx, { kind: 'signals_refresh', subject: `incident:${incident.id}`, step: minute, dueAt: (minute + 1) * MINUTE, now: c.now });
}

export const fireSignalsRefresh: JobHandler = (tx, core, job, now) => {
  const incident = incidentById(tx, Number(job.subject.split(':')[1]));
  if (incident && incident.status !== 'closed') touchIncident({ tx, core, now }, incident.id);
};
