// A click on one of our WeCom template cards, from the app or the intelligent robot. The click's
// task_id is the message's platformRef (see send.ts), so it finds the card as it is now. 刷新状态
// is WeCom-only: a card changes only when someone clicks it, so the click shows the latest state
// (and, for the app, whose card can change once, sends it again as a new message).
import { and, eq, gt, lt, or } from 'drizzle-orm';
import type { Card } from '../../src/core/cards/card';
import type { Core } from '../../src/core/context';
import type { InboundAction } from '../../src/core/inbound/event';
import { handleInbound } from '../../src/core/inbound/handle';
import { markSeen } from '../../src/core/inbound/seen';
import { enqueueCard, PRIORITY } from '../../src/core/write/outbox';
import { botMessages } from '../../src/db/schema';
import type { DbOrTx } from '../../src/db/types';
import { REFRESH_KEY } from './template-card';

export type ClickOutcome =
  | { kind: 'duplicate' }
  | { kind: 'refreshed'; card: Card | undefined }
  | { kind: 'acted'; done: boolean; toast: string; card: Card | undefined };

export function clickCard(core: Core, click: { event: InboundAction; taskId: string }, opts: { resendOnRefresh: boolean }): ClickOutcome {
  const now = core.clock.now();
  if (click.event.action === REFRESH_KEY) {
    return core.db.transaction((tx) => {
      // core.db, not tx: markSeen keeps one prepared insert per database; it is the same
      // connection, so the insert is part of this transaction all the same.
      if (!markSeen(core.db, click.event, now)) return { kind: 'duplicate' as const };
      const message = clickedMessage(tx, click.taskId);
      if (message && opts.resendOnRefresh)
        enqueueCard(tx, { platform: 'wecom', chatId: message.chatId }, message.card as Card, { now, priority: PRIORITY.reply, subject: message.subject ?? undefined });
      return { kind: 'refreshed' as const, card: message?.card as Card | undefined };
    });
  }
  const result = handleInbound(core, click.event);
  if (result.outcome === 'duplicate') return { kind: 'duplicate' };
  // Read after the change: the verb refreshed every card about its subject in its transaction.
  const card = clickedMessage(core.db, click.taskId)?.card as Card | undefined;
  if (result.outcome === 'ignored') return { kind: 'acted', done: false, toast: '', card };
  return { kind: 'acted', done: result.outcome === 'done', toast: result.toast, card };
}

/** The platformRef is the task_id, or `task_id#response_code` for an app card (see send.ts). */
function clickedMessage(db: DbOrTx, taskId: string) {
  const withCode = and(gt(botMessages.platformRef, `${taskId}#`), lt(botMessages.platformRef, `${taskId}$`)); // '$' follows '#'
  return db
    .select()
    .from(botMessages)
    .where(and(eq(botMessages.platform, 'wecom'), or(eq(botMessages.platformRef, taskId), withCode)))
    .get();
}
