// Everything the card of a 预警建议 shows (cards/proposal-card.ts), read in one place.
import type { DbOrTx } from '../../db/types';
import { incidentById, type Incident } from './incidents';
import { memberById } from './members';
import { signalCount, topicById, topSignals, type Proposal, type SignalRow, type Topic } from './signals';

/** The card lists the strongest few signals of the topic. */
const SIGNALS_SHOWN = 3;

export interface ProposalView {
  proposal: Proposal;
  topic: Topic;
  /** The incident it would upgrade, or the one its confirmation raised. */
  incident: Incident | undefined;
  signalCount: number;
  strongest: SignalRow[];
  /** Who decided it ('' while pending, '?' for someone no longer on the roster). */
  decidedBy: string;
}

export function readProposalView(db: DbOrTx, proposal: Proposal): ProposalView {
  const topic = topicById(db, proposal.topicId)!;
  return {
    proposal,
    topic,
    incident: proposal.incidentId ? incidentById(db, proposal.incidentId) : undefined,
    signalCount: signalCount(db, [topic.id]),
    strongest: topSignals(db, [topic.id], SIGNALS_SHOWN),
    decidedBy: proposal.decidedBy ? (memberById(db, proposal.decidedBy)?.name ?? '?') : '',
  };
}
