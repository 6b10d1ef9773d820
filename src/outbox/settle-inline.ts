// A platform that shows the new card in its synchronous answer (a Feishu card callback response)
// has delivered that version already: queued updates of that message would only repeat it.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/types';
import { botMessages, outbox } from '../db/schema';

export function settleDeliveredInline(db: Db, botMessageId: number, version: number, now: number): void {
  db.transaction((tx) => {
    const current = tx.select().from(botMessages).where(eq(botMessages.id, botMessageId)).get();
    if (!current || current.version !== version) return; // changed again meanwhile: let the update go
    tx.update(botMessages).set({ deliveredVersion: version }).where(eq(botMessages.id, botMessageId)).run();
    tx.update(outbox)
      .set({ status: 'sent', doneAt: now, lastError: null })
      .where(and(eq(outbox.botMessageId, botMessageId), eq(outbox.kind, 'update'), eq(outbox.status, 'pending')))
      .run();
  });
}
