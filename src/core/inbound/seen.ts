// The inbox: which platform deliveries have been handled. The hot path of every webhook, so the
// insert is prepared once per database instead of being rebuilt for each event.
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/types';
import { inbox } from '../../db/schema';
import type { InboundEvent } from './event';

function buildInsert(db: DbOrTx) {
  return db
    .insert(inbox)
    .values({ platform: sql.placeholder('platform'), eventId: sql.placeholder('eventId'), receivedAt: sql.placeholder('receivedAt') })
    .onConflictDoNothing()
    .returning({ eventId: inbox.eventId })
    .prepare();
}

const prepared = new WeakMap<object, ReturnType<typeof buildInsert>>();

/**
 * Records the delivery; false when it was recorded before (a redelivery). One INSERT is atomic on
 * its own, so chatter needs no transaction; inside a verb's transaction it joins that transaction
 * (same connection).
 */
export function markSeen(db: Db, event: Pick<InboundEvent, 'platform' | 'eventId'>, now: number): boolean {
  let insert = prepared.get(db);
  if (!insert) prepared.set(db, (insert = buildInsert(db)));
  return insert.get({ platform: event.platform, eventId: event.eventId, receivedAt: now }) !== undefined;
}
