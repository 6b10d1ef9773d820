// What 结案 waits for (002 四(六)1): an incident of a level with an observation period must have
// been 已平息 that long — calm and watched, no relapse — before it is closed. Drills are exempt:
// a drill ends by its script or by 演练 结束.
import { and, desc, eq } from 'drizzle-orm';
import { timeline } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { Refusal } from '../errors';
import { humanDuration, shortTime } from '../time';
import type { Incident } from './incidents';

/** How long the playbook has incidents of this level watched between 平息 and 结案. */
export function observationMs(core: Pick<Core, 'playbook'>, incident: Incident): number {
  return incident.isDrill ? 0 : core.playbook.review.observeMinutes[incident.level] * 60_000;
}

/** When the incident was last marked 已平息 (null if it is not calmed now). */
export function calmedAt(db: DbOrTx, incident: Incident): number | null {
  if (incident.status !== 'calmed') return null;
  const row = db
    .select({ at: timeline.createdAt })
    .from(timeline)
    .where(and(eq(timeline.incidentId, incident.id), eq(timeline.kind, 'incident_calmed')))
    .orderBy(desc(timeline.id))
    .get();
  return row?.at ?? null;
}

/** Refuses 结案 while the observation period runs, saying when it ends. */
export function requireObservationDone(db: DbOrTx, core: Pick<Core, 'playbook' | 'timeZone'>, incident: Incident, now: number): void {
  const watch = observationMs(core, incident);
  if (watch === 0) return;
  const level = core.playbook.levels[incident.level].name;
  const since = calmedAt(db, incident);
  if (since === null)
    throw new Refusal(
      `${incident.number} 是${level}，预案要求平息后观察 ${humanDuration(watch)}、确认无反复再结案。请先发送「平息 ${incident.number}」。`,
      '请先平息，观察期满后结案',
    );
  const left = since + watch - now;
  if (left > 0)
    throw new Refusal(
      `${incident.number} 于 ${shortTime(since, core.timeZone, now)} 平息，观察期 ${humanDuration(watch)}，还剩 ${humanDuration(left)}（${shortTime(since + watch, core.timeZone, now)} 后可以结案）。期间请继续跟踪，如有反复请「进展」或「升级」。`,
      `观察期还剩 ${humanDuration(left)}`,
    );
}
