// From an intelligent-robot callback body to what the core understands. The long connection's
// frame body and the HTTP callback's decrypted JSON are the same document, so both transports
// share this one decoder. https://developer.work.weixin.qq.com/document/path/100719 (messages),
// 101027 (events). In a group the robot only hears messages that @mention it, so every message is
// addressed; the leading @name is stripped. Deduplicated by msgid, which WeCom documents as the
// key for both messages and events. `chattype` is required ("chattype 是 会话类型，single\group",
// WWD 101027) and a group's `chatid` with it ("会话id，仅群聊类型时候返回", WWD 100719): without them
// a group message would pass for a private one. Only enter_chat, private by definition ("用户当天
// 首次进入智能机器人单聊会话"), is documented without them.
import { z } from 'zod';
import type { InboundAction, InboundMessage } from '../../src/core/inbound/index';
import { splitKey } from './decode';

export type WecomBotDecoded =
  | { kind: 'message'; event: InboundMessage; responseUrl: string | undefined }
  /** A click carries a response_url of its own too (WWD 101027), good for one reply into its chat. */
  | { kind: 'action'; event: InboundAction; taskId: string; responseUrl: string | undefined }
  /** Someone opened the robot's private chat for the first time today: a welcome may be sent within 5 s. */
  | { kind: 'welcome' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

const base = z.object({
  msgid: z.string().min(1),
  chatid: z.string().min(1).optional(),
  chattype: z.enum(['single', 'group']),
  from: z.object({ userid: z.string().min(1) }),
  msgtype: z.string().min(1),
  response_url: z.string().optional(),
});
const enterChat = z.object({ msgtype: z.literal('event'), event: z.object({ eventtype: z.literal('enter_chat') }) });
const text = z.object({ text: z.object({ content: z.string() }) });
const mixed = z.object({ mixed: z.object({ msg_item: z.array(z.object({ msgtype: z.string(), text: z.object({ content: z.string() }).optional() })) }) });
// The SDK's types put event_key/task_id on `event`; WeCom's HTTP page nests them under
// `event.template_card_event`. Both are read, so either transport's shape decodes.
const cardClick = z.object({ event_key: z.string().min(1), task_id: z.string().min(1) });
const event = z.object({ event: z.object({ eventtype: z.string() }).passthrough() });

/**
 * Chat ids as the core sees them: the group's chatid, or `robot:<userid>` for the robot's private
 * chat. Undefined for a group callback without its chatid.
 */
function robotChatId(body: { chatid?: string | undefined; chattype: 'single' | 'group'; from: { userid: string } }): string | undefined {
  return body.chattype === 'group' ? body.chatid : `robot:${body.from.userid}`;
}

/**
 * "@烽火 认领 T3" → "认领 T3". The robot's mention usually leads the text; its name in WeCom may
 * differ from BOT_NAME, so a leading @name is taken as the robot's, and `@<BOT_NAME>` is removed
 * wherever it stands ("认领 T3 @烽火"). Other people's mentions stay: "转交 T3 @王小宣".
 */
export function stripRobotMention(content: string, botName: string): string {
  const named = new RegExp(`@${botName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s\u2005\u00a0]|$)`, 'g');
  return content
    .replace(/^\s*@\S+[\s\u2005\u00a0]*/, '')
    .replace(named, '')
    .trim();
}

export function decodeWecomBot(payload: unknown, botName: string): WecomBotDecoded {
  if (enterChat.safeParse(payload).success) return { kind: 'welcome' };
  const parsed = base.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'invalid', reason: `not an intelligent-robot callback: ${issue?.path.map(String).join('.')} ${issue?.message}` };
  }
  const body = parsed.data;
  const chatId = robotChatId(body);
  if (!chatId) return { kind: 'invalid', reason: 'group callback without chatid' };
  const group = body.chattype === 'group';
  const common = {
    platform: 'wecom',
    chatId,
    chatType: group ? ('group' as const) : ('p2p' as const),
    sender: { platformUserId: body.from.userid },
  };
  if (body.msgtype === 'text' || body.msgtype === 'mixed') {
    const content = messageText(payload, body.msgtype);
    if (content === undefined) return { kind: 'invalid', reason: `${body.msgtype} message without its text` };
    return {
      kind: 'message',
      responseUrl: body.response_url,
      event: { kind: 'message', ...common, eventId: `bot:${body.msgid}`, text: group ? stripRobotMention(content, botName) : content.trim(), addressed: true },
    };
  }
  if (body.msgtype === 'event') {
    const e = event.safeParse(payload);
    if (!e.success) return { kind: 'invalid', reason: 'event without event.eventtype' };
    if (e.data.event.eventtype !== 'template_card_event') return { kind: 'ignored', reason: `event/${e.data.event.eventtype}` };
    const click = cardClick.safeParse(e.data.event.template_card_event ?? e.data.event);
    if (!click.success) return { kind: 'invalid', reason: 'template_card_event without event_key or task_id' };
    const { action, value } = splitKey(click.data.event_key);
    return {
      kind: 'action',
      taskId: click.data.task_id,
      responseUrl: body.response_url,
      event: { kind: 'action', ...common, eventId: `bot:${body.msgid}`, action, value },
    };
  }
  return { kind: 'ignored', reason: body.msgtype };
}

function messageText(payload: unknown, msgtype: 'text' | 'mixed'): string | undefined {
  if (msgtype === 'text') {
    const t = text.safeParse(payload);
    return t.success ? t.data.text.content : undefined;
  }
  const m = mixed.safeParse(payload);
  if (!m.success) return undefined;
  // A picture with a caption: the caption is the command.
  return m.data.mixed.msg_item.flatMap((i) => (i.text ? [i.text.content] : [])).join(' ');
}
