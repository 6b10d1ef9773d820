// The message a person tapped, found by the id its platform gave it, and — for platforms whose
// answer to the tap shows the new card (a Feishu card callback) — marked as delivered in that
// version, so queued updates of the same message do not repeat it.
import { and, eq, gt, lt, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/types';
import { botMessages, outbox } from '../../db/schema';

export type BotMessage = typeof botMessages.$inferSelect;

/**
 * A platformRef may carry data its adapter needs later after a '#' (a WeCom app card's
 * `task_id#response_code`); the part before it names the message.
 */
export function messageByRef(db: DbOrTx, platform: string, ref: string): BotMessage | undefined {
  const withSuffix = and(gt(botMessages.platformRef, `${ref}#`), lt(botMessages.platformRef, `${ref}$`)); // '$' follows '#'
  return db
    .select()
    .from(botMessages)
    .where(and(eq(botMessages.platform, platform), or(eq(botMessages.platformRef, ref), withSuffix)))
    .get();
}

export function settleDeliveredInline(db: Db, message: BotMessage, now: number): void {
  db.transaction((tx) => {
    const current = tx.select().from(botMessages).where(eq(botMessages.id, message.id)).get();
    if (!current || current.version !== message.version) return; // changed again meanwhile: let the update go
    tx.update(botMessages).set({ deliveredVersion: message.version }).where(eq(botMessages.id, message.id)).run();
    tx.update(outbox)
      .set({ status: 'sent', doneAt: now, lastError: null })
      .where(and(eq(outbox.botMessageId, message.id), eq(outbox.kind, 'update'), eq(outbox.status, 'pending')))
      .run();
  });
}
