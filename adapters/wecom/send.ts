// The self-built app as a delivery target: a card with buttons becomes a template_card of type
// button_interaction (keys `action:value`, task_id from the outbox row so a retry is refused as a
// duplicate rather than shown twice); anything else becomes markdown. The app reaches people
// (`user:<userid>`), not ordinary groups (platforms.md §5.8). A sent card is changed once, by the
// passive reply to its click; other changes are read through 状态.
// https://developer.work.weixin.qq.com/document/path/90236
import type { Card } from '../../src/core/cards/card';
import { cardToText } from '../../src/core/cards/text-fallback';
import { PermanentDeliveryError, type PlatformAdapter } from '../../src/core/ports';
import type { WecomApi } from './api';

export interface WecomRendered {
  card: Card;
  text: string;
}

const clipBytes = (text: string, max: number) => {
  let out = text;
  while (Buffer.byteLength(out) > max) out = out.slice(0, Math.floor(out.length * 0.9));
  return out === text ? text : `${out}…`;
};

/** WeCom markdown has three colours: warning (red-orange), info (green), comment (grey). */
const LEVEL_COLOUR = { red: 'warning', orange: 'warning', yellow: 'comment', blue: 'info' } as const;

/** A group robot's markdown: coloured title, the text fallback, and `<@userid>` mentions. */
export function robotMarkdown(rendered: WecomRendered): string {
  const { card } = rendered;
  const colour = card.level ? LEVEL_COLOUR[card.level] : card.tone === 'error' ? 'warning' : 'info';
  const body = rendered.text.split('\n').slice(1).join('\n');
  const mentions = (card.mentions ?? []).filter((m) => m.userId).map((m) => `<@${m.userId}>`).join(' ');
  return clipBytes(`## <font color="${colour}">${card.title}</font>\n${body}${mentions ? `\n${mentions}` : ''}`, 4000);
}

/**
 * `robotKeyOf(chatId)` finds the webhook key the organisation file gives a WeCom group
 * (`extra.webhookKey`): such groups get markdown through their group robot (send-only, no
 * buttons: the text names the reply commands to use in the command centre).
 */
export function wecomAppAdapter(api: WecomApi, agentId: number, robotKeyOf: (chatId: string) => string | undefined = () => undefined): PlatformAdapter<WecomRendered> {
  return {
    name: 'wecom',
    capabilities: { cards: true, updateCards: false, urgent: false, buttons: true, directMessages: true },
    // The same member may receive at most 30 messages a minute from one app (WWD 90454); a group
    // robot at most 20 (WWD 91770). One declared limit per chat, so the stricter one for both.
    rateLimits: [{ op: 'send', scope: 'chat', max: 20, perMs: 60_000 }],
    render: (card) => ({ card, text: cardToText(card) }),
    async send(target, rendered) {
      if (!target.chatId.startsWith('user:')) {
        const key = robotKeyOf(target.chatId);
        if (!key) throw new PermanentDeliveryError(`企业微信群 ${target.chatId} 没有配置群机器人（组织文件 groups[].extra.webhookKey），自建应用不能发到普通群`);
        await api.robot(key, { msgtype: 'markdown', markdown: { content: robotMarkdown(rendered) } });
        return { platformRef: `${target.chatId}:${target.idempotencyKey}` };
      }
      const touser = target.chatId.slice('user:'.length);
      const buttons = rendered.card.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
      const body =
        buttons.length > 0
          ? {
              touser,
              agentid: agentId,
              msgtype: 'template_card',
              template_card: {
                card_type: 'button_interaction',
                main_title: { title: clipBytes(rendered.card.title, 100) },
                sub_title_text: clipBytes(rendered.text.split('\n').slice(1).join('\n'), 1000),
                task_id: target.idempotencyKey.replace(/[^0-9A-Za-z_\-@]/g, '_').slice(0, 128),
                // Only the first buttons fit; the text fallback names every reply command.
                button_list: buttons.slice(0, 6).map((b) => ({ text: b.label, style: b.style === 'danger' ? 2 : 1, key: `${b.action}:${b.value}` })),
              },
              enable_duplicate_check: 1,
            }
          : { touser, agentid: agentId, msgtype: 'markdown', markdown: { content: clipBytes(rendered.text, 4000) }, enable_duplicate_check: 1 };
      const answer = await api.post('/cgi-bin/message/send', body);
      return { platformRef: String(answer.msgid ?? '') || target.idempotencyKey };
    },
  };
}

