// From a verified Feishu payload to what the core understands. Platform types stop here.
// Envelope: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
// Message event: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive (text and
// post content: message-text.ts)
// Card callback: https://open.feishu.cn/document/feishu-cards/card-callback-communication
import { z } from 'zod';
import type { InboundAction, InboundMessage } from '../../src/core/inbound/index';
import { commandText } from './message-text';

export type Decoded =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'message'; event: InboundMessage }
  | { kind: 'action'; event: InboundAction; messageId: string }
  | { kind: 'bot_added'; chatId: string; name: string | undefined; eventId: string }
  | { kind: 'bot_removed'; chatId: string; eventId: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

const challenge = z.object({ type: z.literal('url_verification'), challenge: z.string().min(1) });

const envelope = z.object({
  schema: z.literal('2.0'),
  header: z.object({ event_id: z.string().min(1), event_type: z.string().min(1) }),
  // Loose, not a record: the SDK's long connection adds symbol keys to the event object.
  event: z.looseObject({}),
});

const messageEvent = z.object({
  sender: z.object({ sender_id: z.object({ open_id: z.string().min(1) }), sender_type: z.string() }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(z.object({ key: z.string(), name: z.string().optional(), id: z.object({ open_id: z.string().optional() }).partial() })).optional(),
  }),
});

const cardAction = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  action: z.object({ value: z.object({ action: z.string(), value: z.string() }).loose() }),
  context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().min(1) }),
});

const chatEvent = z.object({ chat_id: z.string().min(1), name: z.string().optional() });

/** `botOpenId` tells the bot's own @mention from others'; unknown (undefined) treats any mention as addressing it. */
export function decodeFeishu(payload: Record<string, unknown>, botOpenId: string | undefined): Decoded {
  if (payload.type === 'url_verification') {
    const c = challenge.safeParse(payload);
    return c.success ? { kind: 'challenge', challenge: c.data.challenge } : { kind: 'invalid', reason: 'url_verification without a challenge' };
  }
  const env = envelope.safeParse(payload);
  if (!env.success) return { kind: 'invalid', reason: `not a v2 event envelope: ${firstIssue(env.error)}` };
  const { header, event } = env.data;

  switch (header.event_type) {
    case 'im.message.receive_v1': {
      const m = messageEvent.safeParse(event);
      if (!m.success) return { kind: 'invalid', reason: `im.message.receive_v1: ${firstIssue(m.error)}` };
      const { message, sender } = m.data;
      // Rich text (`post`) carries commands too: a line break or a pasted link turns a message into one.
      if (message.message_type !== 'text' && message.message_type !== 'post') return { kind: 'ignored', reason: `message type ${message.message_type}` };
      const words = commandText(message.message_type, message.content, message.mentions ?? [], botOpenId);
      if (words === undefined) return { kind: 'invalid', reason: `message content is not a readable ${message.message_type}` };
      const p2p = message.chat_type === 'p2p';
      return {
        kind: 'message',
        event: {
          kind: 'message',
          platform: 'feishu',
          // Feishu may redeliver one message under a new event_id: dedupe by message_id (receive doc).
          eventId: `msg:${message.message_id}`,
          chatId: message.chat_id,
          chatType: p2p ? 'p2p' : 'group',
          sender: { platformUserId: sender.sender_id.open_id },
          text: words.text,
          addressed: p2p || words.mentionsBot,
        },
      };
    }
    case 'card.action.trigger': {
      const a = cardAction.safeParse(event);
      if (!a.success) return { kind: 'invalid', reason: `card.action.trigger: ${firstIssue(a.error)}` };
      return {
        kind: 'action',
        messageId: a.data.context.open_message_id,
        event: {
          kind: 'action',
          platform: 'feishu',
          eventId: `evt:${header.event_id}`,
          chatId: a.data.context.open_chat_id,
          chatType: 'group',
          sender: { platformUserId: a.data.operator.open_id },
          action: a.data.action.value.action,
          value: a.data.action.value.value,
        },
      };
    }
    case 'im.chat.member.bot.added_v1':
    case 'im.chat.member.bot.deleted_v1': {
      const e = chatEvent.safeParse(event);
      if (!e.success) return { kind: 'invalid', reason: `${header.event_type}: chat_id missing` };
      return header.event_type.endsWith('added_v1')
        ? { kind: 'bot_added', chatId: e.data.chat_id, name: e.data.name, eventId: `evt:${header.event_id}` }
        : { kind: 'bot_removed', chatId: e.data.chat_id, eventId: `evt:${header.event_id}` };
    }
    default:
      return { kind: 'ignored', reason: `event ${header.event_type}` };
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.')} ${issue.message}` : 'invalid';
}
