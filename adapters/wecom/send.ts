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

export function wecomAppAdapter(api: WecomApi, agentId: number): PlatformAdapter<WecomRendered> {
  return {
    name: 'wecom',
    capabilities: { cards: true, updateCards: false, urgent: false, buttons: true, directMessages: true },
    // The same member may receive at most 30 messages a minute from one app (WWD 90454).
    rateLimits: [{ op: 'send', scope: 'chat', max: 30, perMs: 60_000 }],
    render: (card) => ({ card, text: cardToText(card) }),
    async send(target, rendered) {
      if (!target.chatId.startsWith('user:')) throw new PermanentDeliveryError('企业微信自建应用只能发给个人，不能发到普通群（群里请用智能机器人）');
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

