// 加急: a level that says `urgent` reaches each person it names in person — their own copy of the
// warning card, and an urgent push on it — once per person per incident level, however many chats
// the warning reached (one red warning to 202 chats used to mean 205 pushes naming the same 7
// people). The row of urgent_pushes is the "once": written here, in the warning's transaction,
// under a unique index; the delivery (src/delivery/urgent.ts) makes the call at most once.
import { and, eq } from 'drizzle-orm';
import { urgentPushes } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Card } from '../cards/card';
import type { Core, Member } from '../context';
import type { Incident } from '../read/incidents';
import { identitiesOn } from '../read/members';
import { enqueueCard, warningPriority } from './outbox';
import { incidentSubject } from './subjects';

/**
 * Sends `card` privately to each of `people` not yet alerted at the incident's current level and
 * queues its urgent push. Returns who was alerted now (the others had been, at this level).
 */
export function alertPeople(tx: Tx, core: Core, incident: Incident, card: Card, people: Member[], now: number): Member[] {
  if (!core.playbook.levels[incident.level].urgent) return [];
  const byId = new Map(people.map((m) => [m.id, m]));
  const alerted = new Map<number, Member>();
  for (const id of identitiesOn(tx, core.urgentPlatforms, [...byId.keys()])) {
    const already = tx
      .select({ id: urgentPushes.id })
      .from(urgentPushes)
      .where(
        and(
          eq(urgentPushes.incidentId, incident.id),
          eq(urgentPushes.level, incident.level),
          eq(urgentPushes.memberId, id.memberId),
          eq(urgentPushes.platform, id.platform),
        ),
      )
      .get();
    if (already) continue;
    // Their own copy: no @ needed; it is refreshed like every card about the incident.
    const { mentions: _, ...own } = card;
    const botMessageId = enqueueCard(
      tx,
      { platform: id.platform, chatId: `user:${id.platformUserId}` },
      { ...own, title: `加急 · ${card.title}` },
      { now, priority: warningPriority(incident.level), subject: incidentSubject(incident.id) },
    );
    tx.insert(urgentPushes)
      .values({
        incidentId: incident.id,
        level: incident.level,
        memberId: id.memberId,
        platform: id.platform,
        platformUserId: id.platformUserId,
        botMessageId,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      })
      .run();
    alerted.set(id.memberId, byId.get(id.memberId)!);
  }
  return [...alerted.values()];
}
