// A drill stays a drill: whatever a change about drill incidents queues — its warning, reminders,
// ladders, replies, notices, meetings, and messages added later by parts of the bot that know
// nothing of drills — is marked 【演练】 in title and text, is never pushed urgently (an urgent push
// and the private copy of the card it rides on are dropped: write/alerts.ts writes them only to
// carry the push), and never goes to a broadcast group (its summary card included) unless the
// drill's scenario allows it. Enforced once, at the end of each change:
// the timeline rows a transaction wrote name the incidents it was about (every change writes its
// row), so the outbox rows it wrote can be checked before it commits. A change that touched a real
// incident as well is left as it is: a real warning must never be held back as a drill.
import { and, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { botMessages, drills, groups, incidents, outbox, timeline, urgentPushes } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Card } from '../cards/card';
import { asDrillCard } from '../cards/drill-mark';

/** Where the timeline, the outbox and the stored messages stood when a change began. */
export interface ChangeMark {
  timeline: number;
  outbox: number;
  botMessages: number;
  urgentPushes: number;
}

export function changeMark(tx: Tx): ChangeMark {
  const max = (table: typeof timeline | typeof outbox | typeof botMessages | typeof urgentPushes) =>
    tx
      .select({ id: table.id })
      .from(table)
      .orderBy(sql`${table.id} desc`)
      .limit(1)
      .get()?.id ?? 0;
  return { timeline: max(timeline), outbox: max(outbox), botMessages: max(botMessages), urgentPushes: max(urgentPushes) };
}

/** Contains the change's messages when it was about drills only; returns whether it was. */
export function containDrillMessages(tx: Tx, mark: ChangeMark): boolean {
  const touched = tx
    .selectDistinct({ id: timeline.incidentId })
    .from(timeline)
    .where(and(gt(timeline.id, mark.timeline), isNotNull(timeline.incidentId)))
    .all()
    .map((r) => r.id!);
  if (touched.length === 0) return false;
  const about = tx.select({ id: incidents.id, isDrill: incidents.isDrill }).from(incidents).where(inArray(incidents.id, touched)).all();
  if (!about.every((i) => i.isDrill)) return false;
  // Only a scenario that says so reaches broadcast groups (a 预警 … 演练 has no scenario: it does not).
  const allowed = tx.select({ broadcast: drills.broadcast }).from(drills).where(inArray(drills.incidentId, touched)).all();
  const mayBroadcast = allowed.length === touched.length && allowed.every((d) => d.broadcast);
  const broadcast = new Set(
    tx
      .select({ platform: groups.platform, chatId: groups.chatId })
      .from(groups)
      .where(eq(groups.purpose, 'broadcast'))
      .all()
      .map((g) => `${g.platform}\u0000${g.chatId}`),
  );
  // Never urgent: the change's pushes go, and with them the private copies they would ride on.
  const pushes = tx.select().from(urgentPushes).where(gt(urgentPushes.id, mark.urgentPushes)).all();
  const carriers = [...new Set(pushes.map((p) => p.botMessageId))].filter((id) => id > mark.botMessages);
  if (pushes.length > 0) tx.delete(urgentPushes).where(gt(urgentPushes.id, mark.urgentPushes)).run();
  if (carriers.length > 0) {
    tx.delete(outbox).where(inArray(outbox.botMessageId, carriers)).run();
    tx.delete(botMessages).where(inArray(botMessages.id, carriers)).run();
  }
  const queued = tx
    .select({ row: outbox, message: botMessages })
    .from(outbox)
    .innerJoin(botMessages, eq(botMessages.id, outbox.botMessageId))
    .where(gt(outbox.id, mark.outbox))
    .all();
  for (const { row, message } of queued) {
    if (!mayBroadcast && broadcast.has(`${row.platform}\u0000${row.chatId}`)) {
      // Written in this same transaction and not yet committed: as if never queued.
      tx.delete(outbox).where(eq(outbox.id, row.id)).run();
      if (message.id > mark.botMessages) tx.delete(botMessages).where(eq(botMessages.id, message.id)).run();
      continue;
    }
    const card = message.card as Card;
    const marked = asDrillCard(card);
    if (JSON.stringify(marked) !== JSON.stringify(card)) tx.update(botMessages).set({ card: marked }).where(eq(botMessages.id, message.id)).run();
  }
  return true;
}
