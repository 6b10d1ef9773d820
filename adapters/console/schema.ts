// The console's own chat log: what a simulated group shows, people's lines and the bot's cards.
// Kept apart from the core schema; drizzle-kit reads both files into one migration folder.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const consoleMessages = sqliteTable(
  'console_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: text('chat_id').notNull(),
    author: text('author', { enum: ['member', 'bot'] }).notNull(),
    memberKey: text('member_key'),
    text: text('text').notNull(),
    /** The rendered console card (JSON) for bot cards; null for plain lines. */
    card: text('card', { mode: 'json' }),
    /** The outbox's idempotency key: a redelivered send finds its first copy instead of a second. */
    dedupeKey: text('dedupe_key').unique(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('console_messages_chat').on(t.chatId, t.id)],
);
