// Queues outgoing messages in the caller's transaction, so a change and the messages it causes
// are written together or not at all. Delivering them is the drain's job, outside the core.
import { and, eq, inArray } from 'drizzle-orm';
import { botMessages, outbox } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Card } from '../cards/card';
import type { Level } from '../levels';
import type { Destination } from '../read/groups';
import { platformIdsOf } from '../read/members';

/** Lower goes first. */
export const PRIORITY = { red: 0, warning: 2, reply: 5, routine: 9 } as const;

/** A warning, its upgrade or a proposal of it: red goes ahead of everything. */
export function warningPriority(level: Level): number {
  return level === 'red' ? PRIORITY.red : PRIORITY.warning;
}

/**
 * Queues a new card in one chat. `subject` (e.g. `incident:3`) lets later changes refresh it;
 * `recipient` (a platform user id) makes it a reply for that person alone (see bot_messages.recipient).
 */
export function enqueueCard(
  tx: Tx,
  to: Destination,
  card: Card,
  opts: { now: number; priority: number; subject?: string | undefined; recipient?: string | undefined },
): number {
  const resolved = withPlatformMentions(tx, card, to.platform);
  const message = tx
    .insert(botMessages)
    .values({
      platform: to.platform,
      chatId: to.chatId,
      subject: opts.subject ?? null,
      recipient: opts.recipient ?? null,
      card: resolved,
      createdAt: opts.now,
    })
    .returning({ id: botMessages.id })
    .get();
  tx.insert(outbox)
    .values({
      kind: 'send',
      platform: to.platform,
      chatId: to.chatId,
      botMessageId: message.id,
      priority: opts.priority,
      status: 'pending',
      nextAttemptAt: opts.now,
      createdAt: opts.now,
    })
    .run();
  return message.id;
}

/**
 * Replaces the card of every message about `subject` with a fresh one. A message whose delivery
 * or update is still queued just gets the newer card (the drain sends the latest); others get
 * an update row. Mentions stay as first sent: an update does not notify people again.
 */
export function refreshSubject(tx: Tx, subject: string, card: Card | (() => Card), opts: { now: number; priority?: number }): number {
  const messages = tx.select().from(botMessages).where(eq(botMessages.subject, subject)).all();
  if (messages.length === 0) return 0;
  // Built only when there is a card to refresh.
  if (typeof card === 'function') card = card();
  for (const m of messages) {
    const previous = m.card as Card;
    const next = { ...card, mentions: previous.mentions };
    // Nothing changed on this card: no new version, no update call spent on it.
    if (JSON.stringify(next) === JSON.stringify(previous)) continue;
    const queued = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.botMessageId, m.id), eq(outbox.status, 'pending')))
      .get();
    // Never delivered and nothing queued: its send died (reported once). Updating it would only
    // send it again, fail again, and report again.
    if (!m.platformRef && !queued) continue;
    tx.update(botMessages)
      .set({ card: next, version: m.version + 1 })
      .where(eq(botMessages.id, m.id))
      .run();
    if (!queued) {
      tx.insert(outbox)
        .values({
          kind: 'update',
          platform: m.platform,
          chatId: m.chatId,
          botMessageId: m.id,
          priority: opts.priority ?? PRIORITY.reply,
          status: 'pending',
          nextAttemptAt: opts.now,
          createdAt: opts.now,
        })
        .run();
    }
  }
  return messages.length;
}

/** The chats that already have (or will have) a card about one of `subjects`, each once, oldest first. */
export function chatsWithSubject(tx: Tx, ...subjects: string[]): Destination[] {
  const rows = tx
    .select({ platform: botMessages.platform, chatId: botMessages.chatId })
    .from(botMessages)
    .where(inArray(botMessages.subject, subjects))
    .orderBy(botMessages.id)
    .all();
  return [...new Map(rows.map((r) => [`${r.platform}\u0000${r.chatId}`, { platform: r.platform, chatId: r.chatId }])).values()];
}

function withPlatformMentions(tx: Tx, card: Card, platform: string): Card {
  if (!card.mentions || card.mentions.length === 0) return card;
  const ids = platformIdsOf(
    tx,
    platform,
    card.mentions.map((m) => m.memberId),
  );
  return { ...card, mentions: card.mentions.map((m) => ({ ...m, userId: ids.get(m.memberId) })) };
}
