// Group commit for the inbox. Deliveries that arrive in the same turn of the event loop are
// recorded in one transaction, and each caller hears back only after that commit: still "persisted
// before the answer", at a fraction of the cost of one commit per event under load.
import type { Db } from '../../db/types';
import type { InboundEvent } from './event';
import { markSeen } from './seen';

interface Waiting {
  event: Pick<InboundEvent, 'platform' | 'eventId'>;
  now: number;
  resolve(fresh: boolean): void;
  reject(err: unknown): void;
}

const batchers = new WeakMap<Db, SeenBatcher>();

export function seenBatcher(db: Db): SeenBatcher {
  let b = batchers.get(db);
  if (!b) batchers.set(db, (b = new SeenBatcher(db)));
  return b;
}

class SeenBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly db: Db) {}

  mark(event: Pick<InboundEvent, 'platform' | 'eventId'>, now: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      // setImmediate runs after this turn's I/O callbacks: every request already parsed joins in.
      if (this.waiting.push({ event, now, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    let fresh: boolean[];
    try {
      fresh = this.db.transaction(() => batch.map((w) => markSeen(this.db, w.event, w.now)), { behavior: 'immediate' });
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => w.resolve(fresh[i]!));
  }
}
