// "Something changed": what the board's live updates listen to. Every change the core makes writes
// a timeline row (and signals move their topic), whichever door or process it came through, so one
// cheap fingerprint of the database, read once a second while anyone is watching, is enough.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/types';

const EVERY_MS = 1000;

export class Changes {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private last = '';

  constructor(private readonly db: Db) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.last = this.fingerprint();
      this.timer = setInterval(() => this.check(), EVERY_MS);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private check(): void {
    let now: string;
    try {
      now = this.fingerprint();
    } catch {
      return; // the database closed under us (shutting down)
    }
    if (now === this.last) return;
    this.last = now;
    for (const l of this.listeners) l();
  }

  private fingerprint(): string {
    const row = this.db.get<{ t: number | null; b: number | null; s: number | null; v: number | null }>(
      sql`select (select max(id) from timeline) as t, (select max(id) from bot_messages) as b, (select max(last_seen_at) from topics) as s, (select sum(version) from bot_messages where id > (select coalesce(max(id), 0) - 200 from bot_messages)) as v`,
    );
    return `${row.t}:${row.b}:${row.s}:${row.v}`;
  }
}
