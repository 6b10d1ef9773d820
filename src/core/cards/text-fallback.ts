// The text form of a card, for platforms without cards or buttons (a WeCom group robot,
// Wechaty) and for logs: buttons become the reply commands that do the same thing.
import { LEVEL_SHORT } from '../levels';
import type { ButtonAction, Card } from './card';
import { markdownToPlain } from './markup';

/** The command word a button's action maps to, so `回复「认领 T3」` does what the button does. */
export const ACTION_COMMAND: Record<ButtonAction, string> = {
  claim: '认领',
  approve: '同意',
  reject: '驳回',
  confirmWarning: '确认预警',
  adjustWarning: '调整预警',
  ignoreWarning: '忽略预警',
  // The value is `<incident number> 签发`: the button is 总结 YQ-… 签发.
  signReview: '总结',
};

export function buttonReplyCommand(action: ButtonAction, value: string): string {
  // A 调整级别 button without a level stands for the command with one.
  const suffix = action === 'reject' ? ' 理由' : action === 'adjustWarning' && !/\s/.test(value) ? ' 级别' : '';
  return `${ACTION_COMMAND[action]} ${value}${suffix}`;
}

/**
 * The card as text. A platform that reads this text as markdown passes `inert`, which draws
 * every piece of text inertly in its dialect — everything but the addresses of our own links,
 * which stay addresses.
 */
export function cardToText(card: Card, inert: (text: string) => string = (t) => t): string {
  const lines: string[] = [];
  const badge = card.level ? `【${LEVEL_SHORT[card.level]}】` : '';
  lines.push(`${badge}${inert(card.title)}`);
  for (const block of card.blocks) {
    switch (block.type) {
      case 'markdown':
        lines.push(markdownToPlain(block.text, inert));
        break;
      case 'note':
      case 'text':
        lines.push(inert(block.text));
        break;
      case 'fields':
        for (const f of block.fields) lines.push(`${inert(f.label)}：${inert(f.value)}`);
        break;
      case 'divider':
        lines.push('—');
        break;
      case 'actions':
        lines.push(block.buttons.map((b) => `回复「${buttonReplyCommand(b.action, b.value)}」${b.label}`).join('；'));
        break;
    }
  }
  if (card.mentions && card.mentions.length > 0) lines.push(card.mentions.map((m) => `@${inert(m.name)}`).join(' '));
  return lines.join('\n');
}
