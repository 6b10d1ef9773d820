// The inbox only has to outlive the platforms' redelivery windows (Feishu: up to ~7 h; WeCom:
// seconds). A week is kept by default (INBOX_KEEP_DAYS), then rows go, so the dedupe table does
// not grow forever.
import { lt } from 'drizzle-orm';
import type { Db } from '../../db/types';
import { inbox } from '../../db/schema';

export const INBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function pruneInbox(db: Db, now: number, keepMs: number = INBOX_RETENTION_MS): number {
  return db
    .delete(inbox)
    .where(lt(inbox.receivedAt, now - keepMs))
    .run().changes;
}
