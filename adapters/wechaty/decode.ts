// From a Wechaty message to what the core understands. readMessage asks Wechaty what it needs
// once; decodeWechaty decides from those facts alone (a pure function, tested without a puppet).
// Room text that @mentions the bot is a command; other room text is passed unaddressed (the core
// runs it only when its first word is exactly a command, e.g. "同意 A1"); private text from the
// organisation's people is a command, from anyone else it is ignored.
// Message API: message.self()/room()/talker()/mentionSelf() — docs/platforms/wechaty.md.
import { types, type Message, type Wechaty } from 'wechaty';
import type { InboundMessage } from '../../src/core/inbound/index';
import { chatIdForRoom, type RoomFacts } from './rooms';

export const PLATFORM = 'wechaty';

export interface MessageFacts {
  id: string;
  /** Sent from the bot's own account: its replies come back as messages (docs/platforms/wechaty.md). */
  fromSelf: boolean;
  isText: boolean;
  /** An official account (公众号): its pushes arrive as private messages but are never commands. */
  fromOfficialAccount: boolean;
  text: string;
  talker: { id: string; name: string };
  room: RoomFacts | undefined;
  /** Wechaty's verdict: the puppet's mention list, or its own parse of the text when there is none. */
  mentionsSelf: boolean;
  /** What people may write after "@" to address the bot: its WeChat name, its alias in the room, BOT_NAME. */
  botNames: string[];
}

export type WechatyDecoded =
  | { kind: 'message'; event: InboundMessage; room: RoomFacts | undefined }
  | { kind: 'ignored'; reason: 'self' | 'not text' | 'official account' }
  | { kind: 'unconfigured room'; room: RoomFacts }
  | { kind: 'stranger'; contactId: string };

const nothing = { mentionsSelf: false, botNames: [] as string[] };

/**
 * Asks Wechaty only what the decision needs: the cheap facts first, and the mention lookups only
 * for text in one of the organisation's rooms (the account sits in many other rooms too).
 */
export async function readMessage(bot: Wechaty, message: Message, botName: string, wechatyChatIds: readonly string[]): Promise<MessageFacts> {
  const talker = message.talker();
  const base = { id: message.id, text: message.text(), talker: { id: talker.id, name: talker.name() } };
  if (message.self()) return { ...base, ...nothing, fromSelf: true, isText: false, fromOfficialAccount: false, room: undefined };
  const isText = message.type() === types.Message.Text;
  const fromOfficialAccount = talker.type() === types.Contact.Official;
  const room = message.room();
  const facts = { ...base, fromSelf: false, isText, fromOfficialAccount, room: room ? { id: room.id, topic: await room.topic() } : undefined };
  if (!room || !isText || chatIdForRoom(wechatyChatIds, facts.room!) === undefined) return { ...facts, ...nothing };
  const self = bot.currentUser;
  // The bot's name in this room, if it has one; a failed lookup just means "no alias".
  const alias = await room.alias(self).catch(() => undefined);
  return { ...facts, mentionsSelf: await message.mentionSelf(), botNames: [self.name(), alias ?? '', botName] };
}

/**
 * `wechatyChatIds`: the chatIds of the organisation file's groups with platform: wechaty;
 * `isMember`: whether a contact is one of the organisation's people (private chats only).
 */
export function decodeWechaty(facts: MessageFacts, wechatyChatIds: readonly string[], isMember: (contactId: string) => boolean): WechatyDecoded {
  if (facts.fromSelf) return { kind: 'ignored', reason: 'self' };
  if (!facts.isText) return { kind: 'ignored', reason: 'not text' };
  if (facts.fromOfficialAccount) return { kind: 'ignored', reason: 'official account' };
  const own = withoutQuote(facts.text);
  const { text, mentioned } = stripBotMention(own, facts.botNames);
  // With a quote, Wechaty's verdict may come from the quoted words: only our own parse counts.
  const mentionsSelf = own === facts.text && facts.mentionsSelf;
  const common = {
    kind: 'message' as const,
    platform: PLATFORM,
    eventId: `msg:${facts.id}`,
    sender: { platformUserId: facts.talker.id, displayName: facts.talker.name },
    text,
  };
  if (!facts.room) {
    if (!isMember(facts.talker.id)) return { kind: 'stranger', contactId: facts.talker.id };
    return { kind: 'message', room: undefined, event: { ...common, chatId: `user:${facts.talker.id}`, chatType: 'p2p', addressed: true } };
  }
  // A WeChat account sits in many rooms (families, friends): only the organisation's rooms count.
  const chatId = chatIdForRoom(wechatyChatIds, facts.room);
  if (chatId === undefined) return { kind: 'unconfigured room', room: facts.room };
  return { kind: 'message', room: facts.room, event: { ...common, chatId, chatType: 'group', addressed: mentionsSelf || mentioned } };
}

/**
 * A quoting reply arrives as 「某人：原文」, a line of "- - -", then the reply: the quoted words are
 * someone else's earlier message (perhaps "@烽火 认领 T1"), not this one's command.
 */
export function withoutQuote(text: string): string {
  const quoted = /^「[\s\S]*」\n[-\s]*-[-\s]*\n/.exec(text);
  return quoted ? text.slice(quoted[0].length) : text;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes the bot's own "@名字" (WeChat ends a mention with U+2005; typed by hand, a space). Only
 * the bot's: Wechaty's mentionText() strips every mention, which would eat the "@王小宣" of
 * "交接 T3 @王小宣". Typed by hand, "@烽火 状态" also addresses the bot when the puppet reports no
 * mention. Line breaks stay: a release text keeps its paragraphs.
 */
export function stripBotMention(text: string, botNames: readonly string[]): { text: string; mentioned: boolean } {
  let out = text;
  let mentioned = false;
  const names = [...new Set(botNames.map((n) => n.trim()).filter((n) => n !== ''))].sort((a, b) => b.length - a.length);
  for (const name of names) {
    // Only when a separator follows: "@烽火台" is someone else (WeChat's own picker always adds U+2005).
    const next = out.replace(new RegExp(`[@＠]${escape(name)}(?:[\\u2005 \\t]+|(?=\\n)|$)`, 'g'), '');
    if (next !== out) {
      mentioned = true;
      out = next;
    }
  }
  return { text: out.trim(), mentioned };
}
