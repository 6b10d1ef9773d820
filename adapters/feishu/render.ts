// Neutral card → Feishu card JSON 2.0. 2.0 rejects unknown properties and has no note or action
// modules: notes become grey markdown, buttons sit in a column_set with callback behaviours.
// https://open.feishu.cn/document/feishu-cards/card-json-v2-structure
// What is drawn is kept inside Feishu's limits by fit.ts; this file only draws.
import type { Block, Button, Card, Level, MarkdownDialect } from '../../src/core/outbound/index';
import { inertWords, renderMarkdown } from '../../src/core/outbound/index';

const LEVEL_TEMPLATE: Record<Level, string> = { red: 'red', orange: 'orange', yellow: 'yellow', blue: 'blue' };
const TONE_TEMPLATE = { ok: 'green', warn: 'orange', error: 'carmine', info: 'wathet', closed: 'grey' } as const;
const BUTTON_TYPE = { primary: 'primary', danger: 'danger', default: 'default' } as const;

export type FeishuCard = Record<string, unknown>;

/** Blocks folded into one markdown element to save components: their lines, and how many more are left out. */
export interface FoldedLines {
  type: 'folded';
  lines: string[];
  hidden: number;
}
export type Part = Block | FoldedLines;

/** Where to read what a card could not hold (the same words as a clipped text). */
export const SEE_ELSEWHERE = '发送「状态」或在网页控制台查看';

/** Draws the card from `parts` (its blocks, some perhaps folded), clipping every text to `maxChars`. */
export function drawCard(card: Card, parts: readonly Part[], maxChars: number): FeishuCard {
  const clip = (text: string) => (text.length <= maxChars ? text : `${text.slice(0, maxChars)}…（内容过长，已截断；完整内容${SEE_ELSEWHERE}）`);
  const elements: unknown[] = parts.map((p) => (p.type === 'folded' ? foldedElement(p, clip) : renderBlock(p, clip)));
  const mentions = mentionLine(card);
  if (mentions) elements.push({ tag: 'markdown', content: mentions });
  return shell(card, elements);
}

/** The header and config every card has; `elements` is the body. */
export function shell(card: Card, elements: unknown[], title = card.title): FeishuCard {
  return {
    schema: '2.0',
    // update_multi: one shared card for the whole chat, so a claim updates it for everyone.
    config: { update_multi: true, summary: { content: title } },
    header: {
      title: { tag: 'plain_text', content: title },
      template: card.level ? LEVEL_TEMPLATE[card.level] : TONE_TEMPLATE[card.tone ?? 'info'],
    },
    body: { elements },
  };
}

export function mentionLine(card: Card): string | undefined {
  const mentions = (card.mentions ?? []).map((m) => (m.userId ? `<at id=${m.userId}></at>` : `@${inert(m.name)}`));
  return mentions.length > 0 ? mentions.join(' ') : undefined;
}

function foldedElement(folded: FoldedLines, clip: (text: string) => string): unknown {
  const lines = folded.lines.map((l) => larkMarkdown(clip(l)));
  if (folded.hidden > 0) lines.push(`<font color='grey'>另有 ${folded.hidden} 项未显示（飞书卡片放不下），可${SEE_ELSEWHERE}</font>`);
  return { tag: 'markdown', content: lines.join('\n') };
}

function renderBlock(block: Block, clip: (text: string) => string): unknown {
  switch (block.type) {
    case 'markdown':
      return { tag: 'markdown', content: larkMarkdown(clip(block.text)) };
    case 'text':
      return { tag: 'div', text: { tag: 'plain_text', content: clip(block.text) } };
    case 'note':
      return { tag: 'markdown', content: `<font color='grey'>${inert(clip(block.text))}</font>` };
    case 'fields':
      return { tag: 'markdown', content: block.fields.map((f) => `**${inert(f.label)}**：${inert(clip(f.value))}`).join('\n') };
    case 'divider':
      return { tag: 'hr' };
    case 'actions':
      return {
        tag: 'column_set',
        flex_mode: 'none',
        horizontal_spacing: '8px',
        columns: block.buttons.map((b) => ({ tag: 'column', width: 'auto', vertical_align: 'center', elements: [renderButton(b)] })),
      };
  }
}

function renderButton(b: Button): unknown {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: b.label },
    type: BUTTON_TYPE[b.style ?? 'default'],
    ...(b.confirm ? { confirm: { title: { tag: 'plain_text', content: b.confirm.title }, text: { tag: 'plain_text', content: b.confirm.text } } } : {}),
    // Only the verb and its argument travel; who may act is decided from the roster on the way back.
    behaviors: [{ type: 'callback', value: { action: b.action, value: b.value } }],
  };
}

/** Feishu card markdown takes HTML tags (`<at id=all>`, `<font>`): angle brackets and & as entities. */
function entities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text that is not our markup (people's words, names, plain blocks) drawn inertly in Feishu markdown. */
function inert(text: string): string {
  return entities(inertWords(text));
}

const LARK: MarkdownDialect = {
  ours: entities,
  words: inert,
  bold: (inner) => `**${inner}**`,
  link: (label, url) => `[${label}](${url})`,
};

/** Our markdown in Feishu's: our bold and links stay; people's words are never markup or links. */
function larkMarkdown(source: string): string {
  return renderMarkdown(source, LARK);
}
