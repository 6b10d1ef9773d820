// Neutral card → Feishu card JSON 2.0. 2.0 rejects unknown properties and has no note or action
// modules: notes become grey markdown, buttons sit in a column_set with callback behaviours.
// https://open.feishu.cn/document/feishu-cards/card-json-v2-structure
import type { Block, Button, Card } from '../../src/core/outbound/index';
import type { Level } from '../../src/core/outbound/index';

const LEVEL_TEMPLATE: Record<Level, string> = { red: 'red', orange: 'orange', yellow: 'yellow', blue: 'blue' };
const TONE_TEMPLATE = { ok: 'green', warn: 'orange', error: 'carmine', info: 'wathet' } as const;
const BUTTON_TYPE = { primary: 'primary', danger: 'danger', default: 'default' } as const;

export type FeishuCard = Record<string, unknown>;

/** Feishu refuses cards over 30 KB (230025, permanent): long texts are clipped to fit. */
const MAX_CARD_BYTES = 28 * 1024;

export function renderFeishuCard(card: Card): FeishuCard {
  const full = build(card, 3000);
  return Buffer.byteLength(JSON.stringify(full)) <= MAX_CARD_BYTES ? full : build(card, 400);
}

function build(card: Card, maxChars: number): FeishuCard {
  const clip = (text: string) => (text.length <= maxChars ? text : `${text.slice(0, maxChars)}…（内容过长，已截断；完整内容见「状态」或网页控制台）`);
  const elements: unknown[] = card.blocks.map((b) => renderBlock(b, clip));
  const mentions = (card.mentions ?? []).map((m) => (m.userId ? `<at id=${m.userId}></at>` : `@${escapeMarkdown(m.name)}`));
  if (mentions.length > 0) elements.push({ tag: 'markdown', content: mentions.join(' ') });
  return {
    schema: '2.0',
    // update_multi: one shared card for the whole chat, so a claim updates it for everyone.
    config: { update_multi: true, summary: { content: card.title } },
    header: {
      title: { tag: 'plain_text', content: card.title },
      template: card.level ? LEVEL_TEMPLATE[card.level] : TONE_TEMPLATE[card.tone ?? 'info'],
    },
    body: { elements },
  };
}

function renderBlock(block: Block, clip: (text: string) => string): unknown {
  switch (block.type) {
    case 'markdown':
      return { tag: 'markdown', content: escapeMarkdown(clip(block.text)) };
    case 'text':
      return { tag: 'div', text: { tag: 'plain_text', content: clip(block.text) } };
    case 'note':
      return { tag: 'markdown', content: `<font color='grey'>${escapeMarkdown(clip(block.text))}</font>` };
    case 'fields':
      return { tag: 'markdown', content: block.fields.map((f) => `**${escapeMarkdown(f.label)}**：${escapeMarkdown(f.value)}`).join('\n') };
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

/**
 * People's words go into markdown: angle brackets are escaped so no one can smuggle in
 * `<at id=all>` or other tags; our own **bold** and [links](…) pass through.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
