// A neutral card as a WeCom template card, for the self-built app and the intelligent robot alike:
// always a button_interaction card, its buttons keyed `action:value`, plus 刷新状态 (a WeCom card
// changes only when someone clicks it, so a click is the way to see the card as it is now). A card
// without buttons of its own (decided, closed, expired) keeps just 刷新状态: the other type, a
// text_notice, needs a card_action jumping to a URL or mini program ("text_notice模版卡片中该字段为
// 必填项", else 42045), and this bot has no page to send people to.
// https://developer.work.weixin.qq.com/document/path/90236 (app), 101032 (robot)
import type { Card } from '../../src/core/outbound/index';
import { cardToText } from '../../src/core/outbound/index';

/** The key of the refresh button; the click's task_id finds the card. */
export const REFRESH_KEY = 'refresh';

/** The end of a message cut to fit, so nobody takes it for the whole. */
export const CUT_NOTE = '…（内容过长，已截断；发送「状态」查看最新情况）';

/**
 * Clipped to `max` UTF-8 bytes (WeCom counts bytes), whole characters only (a code point is
 * never split), ending with `tail` when anything was cut.
 */
export function clipBytes(text: string, max: number, tail = '…'): string {
  if (Buffer.byteLength(text) <= max) return text;
  const chars = Array.from(text);
  let bytes = Buffer.byteLength(tail);
  let end = 0;
  while (end < chars.length && bytes + Buffer.byteLength(chars[end]!) <= max) bytes += Buffer.byteLength(chars[end++]!);
  return `${chars.slice(0, end).join('')}${tail}`;
}

/** `task_id` allows only [0-9A-Za-z_-@] and 128 bytes, and must be unique per app or robot. */
export function taskIdFor(idempotencyKey: string): string {
  return idempotencyKey.replace(/[^0-9A-Za-z_\-@]/g, '_').slice(0, 128);
}

export function hasButtons(card: Card): boolean {
  return card.blocks.some((b) => b.type === 'actions' && b.buttons.length > 0);
}

/** The card's body as text: the fallback without its title line (the title is main_title). */
export function bodyText(card: Card): string {
  return cardToText(card).split('\n').slice(1).join('\n');
}

export function templateCard(card: Card, taskId: string, note?: string): Record<string, unknown> {
  const buttons = card.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
  const text = clipBytes(note ? `${note}\n${bodyText(card)}` : bodyText(card), 1000);
  return {
    card_type: 'button_interaction',
    main_title: { title: clipBytes(card.title, 100) },
    sub_title_text: text,
    task_id: taskId,
    // "按钮列表，列表长度不超过6": five of ours and 刷新状态; the text names every reply command,
    // so none is out of reach.
    button_list: [
      ...buttons.slice(0, 5).map((b) => ({ text: b.label, style: b.style === 'danger' ? 2 : 1, key: `${b.action}:${b.value}` })),
      { text: '刷新状态', style: 1, key: REFRESH_KEY },
    ],
  };
}
