// What an adapter hands the core after verifying and decoding: platform types stop at the adapter.
import type { Card } from '../cards/card';

export interface Sender {
  platformUserId: string;
  displayName?: string | undefined;
}

interface InboundBase {
  platform: string;
  /** The platform's id for this delivery, used to ignore redeliveries (message id, event id…). */
  eventId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  sender: Sender;
}

export interface InboundMessage extends InboundBase {
  kind: 'message';
  /** The text with the bot's @mention already stripped by the adapter. */
  text: string;
  /** True when the bot was @mentioned or it is a private chat: then an unknown word gets help. */
  addressed: boolean;
  /**
   * The door shows the answer itself (the web workspace's forms): the reply comes back in the
   * result instead of being queued as a message in the chat.
   */
  answerInline?: boolean | undefined;
}

export interface InboundAction extends InboundBase {
  kind: 'action';
  /** The button's action and value (see core/cards/card.ts). Never trusted for who may act. */
  action: string;
  value: string;
  /**
   * The platform's id of the tapped message (what the adapter's send returned). When given, the
   * answer carries that message's card as it is after the tap, for platforms that show it at once.
   */
  messageRef?: string | undefined;
}

/** "Show me this card as it is now" (a WeCom card changes only when someone clicks it). */
export interface InboundRefresh extends InboundBase {
  kind: 'refresh';
  messageRef: string;
  /** Also send the card again as a new message (a WeCom app card can be replaced only once). */
  resend: boolean;
}

/** The platform says the bot joined or left a chat (Feishu's bot.added / bot.deleted). */
export interface InboundChatChange {
  kind: 'joined' | 'left';
  platform: string;
  eventId: string;
  chatId: string;
  chatName?: string | undefined;
}

export type InboundEvent = InboundMessage | InboundAction;
export type ReceivedEvent = InboundEvent | InboundRefresh | InboundChatChange;

export type HandleResult =
  | { outcome: 'duplicate' }
  | { outcome: 'ignored' }
  | { outcome: 'done' | 'refused'; toast: string; command: string | undefined; reply?: Card | undefined; newcomer?: Newcomer | undefined };

/** A sender met for the first time and registered as a guest: the admin needs their id once. */
export interface Newcomer {
  platform: string;
  platformUserId: string;
  name: string;
}
