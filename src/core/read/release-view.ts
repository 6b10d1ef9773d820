// Everything the approval cards of a release show (cards/release-card.ts), read in one place.
import type { DbOrTx } from '../../db/types';
import { incidentById } from './incidents';
import { membersByIds } from './members';
import { approverNames, decisionsOf, type Decision, type Release } from './releases';

export interface ReleaseView {
  release: Release;
  incidentNumber: string;
  /** Its incident is a drill: every card of it says 【演练】. */
  isDrill: boolean;
  /** Every decision on every version, oldest first. */
  decisions: Decision[];
  /** The author's and the deciders' names, by member id. */
  names: Map<number, string>;
  /** Who may decide the open step, in words; '' when no step is open. */
  approvers: string;
}

export function readReleaseView(db: DbOrTx, release: Release): ReleaseView {
  const decisions = decisionsOf(db, release.id);
  const step = release.chain[release.step];
  const incident = incidentById(db, release.incidentId)!;
  return {
    release,
    incidentNumber: incident.number,
    isDrill: incident.isDrill,
    decisions,
    names: new Map(membersByIds(db, [release.authorId, ...decisions.map((d) => d.deciderId)]).map((m) => [m.id, m.name])),
    approvers: release.status === 'pending' && step ? approverNames(db, step) : '',
  };
}
