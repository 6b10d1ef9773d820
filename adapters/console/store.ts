// The console's chat log in SQLite, and a signal when a group's log changes (for the live page).
import { EventEmitter } from 'node:events';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/types';
import { consoleMessages } from './schema';

export type ConsoleLine = typeof consoleMessages.$inferSelect;

export class ConsoleStore {
  private readonly changes = new EventEmitter();

  constructor(private readonly db: Db) {
    this.changes.setMaxListeners(0);
  }

  addLine(line: Omit<typeof consoleMessages.$inferInsert, 'id'>): ConsoleLine {
    if (line.dedupeKey) {
      const first = this.db.select().from(consoleMessages).where(eq(consoleMessages.dedupeKey, line.dedupeKey)).get();
      if (first) return first;
    }
    const row = this.db.insert(consoleMessages).values(line).returning().get();
    this.changes.emit('change', row.chatId);
    return row;
  }

  updateCard(id: number, card: unknown, text: string, now: number): void {
    const row = this.db.update(consoleMessages).set({ card, text, updatedAt: now }).where(eq(consoleMessages.id, id)).returning().get();
    if (!row) throw new Error(`console message ${id} does not exist`);
    this.changes.emit('change', row.chatId);
  }

  get(id: number): ConsoleLine | undefined {
    return this.db.select().from(consoleMessages).where(eq(consoleMessages.id, id)).get();
  }

  recent(chatId: string, limit = 200): ConsoleLine[] {
    return this.db.select().from(consoleMessages).where(eq(consoleMessages.chatId, chatId)).orderBy(desc(consoleMessages.id)).limit(limit).all().reverse();
  }

  onChange(listener: (chatId: string) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }
}
