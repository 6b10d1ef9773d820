// What an adapter hands the core after verifying and decoding: platform types stop at the adapter.

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
}

export interface InboundAction extends InboundBase {
  kind: 'action';
  /** The button's action and value (see core/cards/card.ts). Never trusted for who may act. */
  action: string;
  value: string;
}

export type InboundEvent = InboundMessage | InboundAction;

export type HandleResult =
  | { outcome: 'duplicate' }
  | { outcome: 'ignored' }
  | { outcome: 'done' | 'refused'; toast: string; command: string | undefined };
