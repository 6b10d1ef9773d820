// A message that could not be delivered is not silently lost: the command centre hears which
// message, where, and why, and 状态 counts it until someone looks.
import { eq } from 'drizzle-orm';
import { botMessages, groups } from '../../db/schema';
import type { Tx } from '../../db/types';
import { textCard, type Card } from '../cards/card';
import { commandDestinations } from '../read/groups';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { writeTimeline } from '../write/timeline';

const REPORT_SUBJECT = 'dead-letter-report';

export function reportDeadLetter(
  tx: Tx,
  dead: { outboxId: number; platform: string; chatId: string; botMessageId: number; reason: string },
  now: number,
): void {
  const message = tx.select().from(botMessages).where(eq(botMessages.id, dead.botMessageId)).get();
  // A report that itself cannot be delivered is not reported again (no loops).
  if (!message || message.subject === REPORT_SUBJECT) return;
  const title = (message.card as Card).title;
  const chat = tx.select({ name: groups.name }).from(groups).where(eq(groups.chatId, dead.chatId)).get()?.name ?? dead.chatId;
  writeTimeline(tx, {
    incidentId: null,
    kind: 'delivery_failed',
    text: `消息「${title}」未能送达 ${dead.platform}「${chat}」：${dead.reason}`,
    data: { outboxId: dead.outboxId },
    actorId: null,
    platform: 'system',
    now,
  });
  const card = textCard(
    '消息投递失败',
    `「${title}」没有送达 ${dead.platform} 群「${chat}」。\n原因：${dead.reason}\n请检查机器人是否还在该群、群是否已解散；处理后可重新发送相关命令。`,
    'error',
  );
  for (const to of commandDestinations(tx)) {
    if (to.platform === dead.platform && to.chatId === dead.chatId) continue;
    enqueueCard(tx, to, card, { now, priority: PRIORITY.warning, subject: REPORT_SUBJECT });
  }
}
