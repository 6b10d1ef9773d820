// The console's wire shapes: what the page posts, and the card it draws.
import { z } from 'zod';
import type { Card } from '../../src/core/outbound/index';

// No `member`: the console acts as the signed-in person (WebVisitor), never as a body names.
export const postMessageBody = z.object({
  group: z.string({ error: '缺少 group（群的 chatId）' }).min(1),
  text: z.string({ error: '缺少 text' }).trim().min(1, '消息不能为空').max(4000, '消息太长（最多 4000 字）'),
  /** Client-chosen id so a retried POST is not handled twice. */
  id: z.string().min(1).max(100).optional(),
});

export const postActionBody = z.object({
  message: z.coerce.number({ error: '缺少 message（卡片消息的 id）' }).int().positive(),
  action: z.string({ error: '缺少 action' }).min(1).max(40),
  value: z.string({ error: '缺少 value' }).max(200),
  id: z.string().min(1).max(100).optional(),
});

/** The console draws the neutral card as it is, plus the text fallback for copy/paste. */
export type ConsoleCard = Card & { text: string };
