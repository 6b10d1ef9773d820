// The console's chat log: what each simulated group shows, people's lines and the bot's cards.
// It stands in for a chat platform's own servers, so it lives here with the adapter, in memory,
// like the fakes of the real platforms; the bot's durable record (incidents, timeline, outbox)
// is the core's. After a restart the simulated groups start empty.
import { EventEmitter } from 'node:events';
import type { ConsoleCard } from './types';

export interface ConsoleLine {
  id: number;
  chatId: string;
  author: 'member' | 'bot';
  /** The person's console identity; null for the bot. */
  memberKey: string | null;
  text: string;
  card: ConsoleCard | null;
  /** Shown to this console identity alone (a reply that concerns only them): nobody else reads it. */
  visibleTo?: string | undefined;
  createdAt: number;
  updatedAt: number;
}

/** Lines kept per group: the page shows the latest 200. */
const KEEP_PER_CHAT = 500;

export class ConsoleStore {
  private readonly changes = new EventEmitter();
  private readonly lines = new Map<number, ConsoleLine>();
  private readonly byChat = new Map<string, number[]>();
  /** A redelivered send or a retried post finds its first copy instead of adding a second. */
  private readonly byDedupeKey = new Map<string, number>();
  private nextId = 1;

  constructor() {
    this.changes.setMaxListeners(0);
  }

  addLine(line: Omit<ConsoleLine, 'id'>, dedupeKey?: string): ConsoleLine {
    const first = dedupeKey === undefined ? undefined : this.lines.get(this.byDedupeKey.get(dedupeKey) ?? 0);
    if (first) return first;
    const row = { ...line, id: this.nextId++ };
    this.lines.set(row.id, row);
    if (dedupeKey !== undefined) this.byDedupeKey.set(dedupeKey, row.id);
    const ids = this.byChat.get(row.chatId) ?? [];
    ids.push(row.id);
    this.byChat.set(row.chatId, ids);
    while (ids.length > KEEP_PER_CHAT) this.lines.delete(ids.shift()!);
    this.changes.emit('change', row.chatId);
    return row;
  }

  /** False when the line is no longer kept (a card from before a restart): nothing to redraw. */
  updateCard(id: number, card: ConsoleCard, now: number): boolean {
    const row = this.lines.get(id);
    if (!row) return false;
    Object.assign(row, { card, text: card.text, updatedAt: now });
    this.changes.emit('change', row.chatId);
    return true;
  }

  get(id: number): ConsoleLine | undefined {
    return this.lines.get(id);
  }

  /** The group's latest lines as `viewer` sees them: private replies to others left out. */
  recent(chatId: string, viewer: string, limit = 200): ConsoleLine[] {
    return (this.byChat.get(chatId) ?? [])
      .map((id) => this.lines.get(id)!)
      .filter((l) => l.visibleTo === undefined || l.visibleTo === viewer)
      .slice(-limit);
  }

  onChange(listener: (chatId: string) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }
}
