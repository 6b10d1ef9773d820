// New signals change an incident's cards (signal count, score, leads), but a busy topic brings a
// batch every few seconds and every card update is a platform call. So: the first batch of a minute
// refreshes the cards at once; later ones in that minute leave one stored job for the minute's end
// (fired by the clock, jobs/signals-refresh.ts, so the cards catch up even if the stream stops).
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import type { Incident } from '../read/incidents';
import { touchIncident } from '../write/refresh-incident';
import { ingestStatements } from './statements';

const MINUTE = 60_000;

export function refreshForSignals(c: { tx: Tx; core: Core; now: number }, incident: Incident): void {
  const minute = Math.floor(c.now / MINUTE);
  // updatedAt moves with every change that refreshed the cards, this one's included.
  if (Math.floor(incident.updatedAt / MINUTE) < minute) {
    touchIncident(c, incident.id);
    return;
  }
  // Every later batch of a busy minute comes here: prepared statements, and the common case (the
  // minute's job stored already by an earlier batch) is one indexed lookup that writes nothing.
  const s = ingestStatements(c.core.db);
  const key = { subject: `incident:${incident.id}`, step: minute };
  if (s.refreshJobExists.get(key)) return;
  s.scheduleRefreshJob.run({ ...key, dueAt: (minute + 1) * MINUTE, now: c.now });
}
