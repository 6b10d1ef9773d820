// The console draws the neutral card as it is, its markdown already in the page's small dialect
// (**bold** and [label](https://…), HTML escaped by the page), with people's words made inert so
// the page turns none of them into bold or links; plus the text fallback for copy and paste.
import type { Block, Card, MarkdownDialect } from '../../src/core/outbound/index';
import { cardToText, inertWords, renderMarkdown } from '../../src/core/outbound/index';
import type { ConsoleCard } from './types';

const PAGE_MARKDOWN: MarkdownDialect = {
  ours: (text) => text,
  words: inertWords,
  bold: (inner) => `**${inner}**`,
  link: (label, url) => `[${label}](${url})`,
};

export function renderConsoleCard(card: Card): ConsoleCard {
  const blocks = card.blocks.map((b): Block => (b.type === 'markdown' ? { type: 'markdown', text: renderMarkdown(b.text, PAGE_MARKDOWN) } : b));
  return { ...card, blocks, text: cardToText(card) };
}
