// From a decrypted WeCom app callback to what the core understands. Text sent to the app is a
// command (private session, so always addressed); a template-card button click is an action.
// Messages are deduplicated by MsgId, events by sender + CreateTime (the documented keys).
// https://developer.work.weixin.qq.com/document/path/90240 (events), 90239 (messages)
import { z } from 'zod';
import type { InboundAction, InboundMessage } from '../../src/core/inbound/index';

export type WecomDecoded =
  | { kind: 'message'; event: InboundMessage }
  | { kind: 'action'; event: InboundAction; taskId: string; responseCode: string | undefined }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

const base = z.object({ FromUserName: z.string().min(1), CreateTime: z.string().min(1), MsgType: z.string() });
const text = base.extend({ MsgType: z.literal('text'), Content: z.string(), MsgId: z.string().min(1) });
const cardEvent = base.extend({
  MsgType: z.literal('event'),
  Event: z.literal('template_card_event'),
  EventKey: z.string().min(1),
  TaskId: z.string().min(1),
  ResponseCode: z.string().optional(),
});

/** Button keys are `action:value` (see render); anything else is a button we did not make. */
export function splitKey(key: string): { action: string; value: string } {
  const i = key.indexOf(':');
  return i < 0 ? { action: key, value: '' } : { action: key.slice(0, i), value: key.slice(i + 1) };
}

export function decodeWecomApp(fields: Record<string, unknown>): WecomDecoded {
  const kind = base.safeParse(fields);
  if (!kind.success)
    return { kind: 'invalid', reason: `not a WeCom callback: ${kind.error.issues[0]?.path.map(String).join('.')} ${kind.error.issues[0]?.message}` };
  const user = kind.data.FromUserName;
  const common = { platform: 'wecom', chatId: `user:${user}`, chatType: 'p2p' as const, sender: { platformUserId: user } };
  if (kind.data.MsgType === 'text') {
    const m = text.safeParse(fields);
    if (!m.success) return { kind: 'invalid', reason: 'text message without Content or MsgId' };
    return { kind: 'message', event: { kind: 'message', ...common, eventId: `msg:${m.data.MsgId}`, text: m.data.Content.trim(), addressed: true } };
  }
  if (kind.data.MsgType === 'event' && fields.Event === 'template_card_event') {
    const e = cardEvent.safeParse(fields);
    if (!e.success) return { kind: 'invalid', reason: 'template_card_event without EventKey or TaskId' };
    const { action, value } = splitKey(e.data.EventKey);
    return {
      kind: 'action',
      taskId: e.data.TaskId,
      responseCode: e.data.ResponseCode,
      // WeCom's documented key is sender + CreateTime; a retry repeats the card and button too, so
      // they join the key and two different clicks in one second both count.
      event: { kind: 'action', ...common, eventId: `evt:${user}:${e.data.CreateTime}:${e.data.TaskId}:${e.data.EventKey}`, action, value },
    };
  }
  return { kind: 'ignored', reason: `${kind.data.MsgType}${typeof fields.Event === 'string' ? `/${fields.Event}` : ''}` };
}
