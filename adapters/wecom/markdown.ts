// A neutral card as WeCom markdown, in the two dialects WeCom has (WWD 99110):
//   markdown (v1) — group robot webhooks: three font colours and `<@userid>` mentions
//                   ("支持在content中使用<@userid>扩展语法来@群成员"), at most 4096 bytes;
//   markdown_v2   — the intelligent robot's (WWD 101138 "回复内容content字段支持常见的markdown格式",
//                   linking to markdown_v2): no font colours and "markdown_v2类型消息不支持该扩展语法",
//                   so a `<@userid>` there notifies no one. Mentions in a robot group go by a
//                   group robot key of that group instead (send.ts, mentionKey).
import type { Card } from '../../src/core/outbound/index';
import { cardToText, inertWords } from '../../src/core/outbound/index';
import { clipBytes, CUT_NOTE, hasButtons } from './template-card';

/** Both dialects: "markdown内容，最长不超过4096个字节" (WWD 99110); the robot's own pages give no smaller number. */
const MARKDOWN_MAX_BYTES = 4096;

/** WeCom markdown has three colours: warning (red-orange), info (green), comment (grey). */
const LEVEL_COLOUR = { red: 'warning', orange: 'warning', yellow: 'comment', blue: 'info' } as const;

/**
 * For a group robot webhook: coloured title, the text fallback, and `<@userid>` mentions that
 * notify. Only our own tags are tags: a `<` in the text becomes ＜, so nobody's words can @ or
 * colour anything.
 */
export function webhookMarkdown(card: Card): string {
  const colour = card.level ? LEVEL_COLOUR[card.level] : card.tone === 'error' ? 'warning' : card.tone === 'closed' ? 'comment' : 'info';
  const mentions = (card.mentions ?? [])
    .filter((m) => m.userId)
    .map((m) => `<@${m.userId}>`)
    .join(' ');
  const tail = mentions ? `\n${mentions}` : '';
  // The mentions go last and are never the part cut off.
  // The colour says the level, so the title goes without the text fallback's 【橙】 badge.
  const body = markdownText(card).split('\n').slice(1).join('\n');
  return clipBytes(`## <font color="${colour}">${inert(card.title)}</font>\n${body}`, MARKDOWN_MAX_BYTES - Buffer.byteLength(tail), CUT_NOTE) + tail;
}

/**
 * The card's text for WeCom to read as markdown. Only our own markup is markup: every character
 * of the text is drawn inertly (a `<` becomes ＜, which reads the same and opens no tag; brackets,
 * asterisks and "://" as in inertWords), so nobody's words can @, colour or link anything.
 */
export function markdownText(card: Card): string {
  return cardToText(card, inert);
}

function inert(text: string): string {
  return inertWords(text).replace(/</g, '＜');
}

/**
 * For the intelligent robot: the text fallback under a `##` title, names of the mentioned as plain
 * `@name` text, no tags at all (markdown_v2 would show them raw). In a group the robot hears only
 * messages that @mention it, so a card's reply commands come with that reminder.
 */
export function robotMarkdown(card: Card, inGroup: boolean): string {
  const [title = '', ...rest] = markdownText(card).split('\n');
  const hint = inGroup && hasButtons(card) ? '\n（在群里发命令时请先 @我）' : '';
  return clipBytes(`## ${title}\n${rest.join('\n')}${hint}`, MARKDOWN_MAX_BYTES, CUT_NOTE);
}

/** Who a group robot's text message @mentions, and the text: "mentioned_list userid的列表" (WWD 99110). */
export function mentionText(card: Card): { content: string; mentioned_list: string[] } | undefined {
  const mentioned = (card.mentions ?? []).filter((m) => m.userId);
  if (mentioned.length === 0) return undefined;
  // "文本内容，最长不超过2048个字节"
  return { content: clipBytes(`请 ${mentioned.map((m) => m.name).join('、')} 查看：${card.title}`, 2048), mentioned_list: mentioned.map((m) => m.userId!) };
}
