// Readable incident numbers: YQ-<date in the organisation's zone>-<sequence of the day>.
import type { DbOrTx } from '../../db/types';
import { dayStamp } from '../time';
import { countIncidentsWithPrefix } from './queries';

/** Safe because SQLite serialises writers: the count and the insert share one transaction. */
export function nextIncidentNumber(db: DbOrTx, now: number, timeZone: string): string {
  const prefix = `YQ-${dayStamp(now, timeZone)}-`;
  const n = countIncidentsWithPrefix(db, prefix) + 1;
  return `${prefix}${String(n).padStart(3, '0')}`;
}
