// Closing the loop: what happens to an incident after its warning — 平息, 结案, a level change — is
// said in every group that got the warning (the broadcast group included), not only where it was
// typed. Private copies (an urgent alert's `user:` chat) are left to their card, which is refreshed.
import type { Tx } from '../../db/types';
import type { Card } from '../cards/card';
import type { Destination } from '../read/groups';
import { chatsWithSubject, enqueueCard } from './outbox';
import { incidentSubject, incidentSummarySubject } from './subjects';

/**
 * Queues `card` in every group with a card about the incident — `forBroadcast` instead where
 * the group has only the broadcast summary — except those in `skip`. Returns where it went.
 */
export function announceToWarned(
  tx: Tx,
  incidentId: number,
  card: Card,
  opts: { now: number; priority: number; skip?: readonly Destination[]; forBroadcast?: Card },
): Destination[] {
  const key = (d: Destination) => `${d.platform}\u0000${d.chatId}`;
  const skip = new Set((opts.skip ?? []).map(key));
  const full = chatsWithSubject(tx, incidentSubject(incidentId));
  const fullKeys = new Set(full.map(key));
  const summaryOnly = chatsWithSubject(tx, incidentSummarySubject(incidentId)).filter((d) => !fullKeys.has(key(d)));
  const sent: Destination[] = [];
  for (const [list, what] of [
    [full, card],
    [summaryOnly, opts.forBroadcast ?? card],
  ] as const) {
    for (const d of list) {
      if (d.chatId.startsWith('user:') || skip.has(key(d))) continue;
      enqueueCard(tx, d, what, { now: opts.now, priority: opts.priority });
      sent.push(d);
    }
  }
  return sent;
}
