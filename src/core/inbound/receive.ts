// The one inbound call every platform makes: receive(event) dedupes the delivery, runs the command
// or the tapped button (or refreshes a card, or records a chat the bot joined), and wakes the
// delivery of whatever it queued. Adapters turn bytes into events and the answer into the
// platform's reply; everything between is here.
import type { Card } from '../cards/card';
import type { Core } from '../context';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { forgetChat, registerChat } from '../system/register-chat';
import type { HandleResult, InboundAction, InboundRefresh, Newcomer, ReceivedEvent } from './event';
import { handleInbound, handleInboundBatched } from './handle';
import { markSeen } from './seen';
import { messageByRef, settleDeliveredInline } from './tapped-message';

export type Received =
  | { outcome: 'duplicate' }
  | { outcome: 'ignored' }
  /** `card`: the tapped message's card after the tap (actions with a messageRef we know). */
  /** `reply`: the answer to a message that asked for it inline (answerInline). */
  | {
      outcome: 'done' | 'refused';
      toast: string;
      command: string | undefined;
      card?: Card | undefined;
      newcomer?: Newcomer | undefined;
      reply?: Card | undefined;
    }
  | { outcome: 'refreshed'; card: Card | undefined };

export interface ReceiveOptions {
  /** The platform's answer to this tap shows the returned card: that version counts as delivered. */
  answerShowsCard?: boolean;
  /** Resolve only after the queued replies were delivered (the console shows them in one round trip). */
  awaitDelivery?: boolean;
}

export interface Delivery {
  /** Deliver soon, after the caller has answered its platform. */
  wake(): void;
  /** Deliver what is due now and resolve when done; a failure is left to the outbox's retries. */
  now(): Promise<void>;
}

export type Receive = (event: ReceivedEvent, opts?: ReceiveOptions) => Promise<Received>;

export function receiver(core: Core, delivery: Delivery): Receive {
  return async (event, opts = {}) => {
    const received = handle(core, event, opts);
    const result = received instanceof Promise ? await received : received;
    if (opts.awaitDelivery) await delivery.now();
    // Chatter and redeliveries queue nothing: no need to wake the delivery for them.
    else if (result.outcome !== 'duplicate' && result.outcome !== 'ignored') delivery.wake();
    return result;
  };
}

function handle(core: Core, event: ReceivedEvent, opts: ReceiveOptions): Received | Promise<Received> {
  const now = core.clock.now();
  switch (event.kind) {
    case 'message':
      return handleInboundBatched(core, event);
    case 'action':
      return act(core, event, opts);
    case 'refresh':
      return refresh(core, event);
    case 'joined':
      registerChat(core.db, { platform: event.platform, chatId: event.chatId, name: event.chatName, eventId: event.eventId }, now);
      return { outcome: 'done', toast: '', command: undefined };
    case 'left':
      forgetChat(core.db, { platform: event.platform, chatId: event.chatId, eventId: event.eventId }, now);
      return { outcome: 'done', toast: '', command: undefined };
  }
}

function act(core: Core, event: InboundAction, opts: ReceiveOptions): Received {
  const result: HandleResult = handleInbound(core, event);
  if (result.outcome !== 'done' && result.outcome !== 'refused') return result;
  if (event.messageRef === undefined) return result;
  // Read after the change: the verb refreshed every card about its subject in its transaction.
  const message = messageByRef(core.db, event.platform, event.messageRef);
  if (!message) return result;
  if (opts.answerShowsCard) settleDeliveredInline(core.db, message, core.clock.now());
  return { ...result, card: message.card as Card };
}

function refresh(core: Core, event: InboundRefresh): Received {
  const now = core.clock.now();
  return core.db.transaction((tx) => {
    // core.db, not tx: markSeen keeps one prepared insert per database; it is the same
    // connection, so the insert is part of this transaction all the same.
    if (!markSeen(core.db, event, now)) return { outcome: 'duplicate' as const };
    const message = messageByRef(tx, event.platform, event.messageRef);
    if (message && event.resend)
      enqueueCard(tx, { platform: event.platform, chatId: message.chatId }, message.card as Card, {
        now,
        priority: PRIORITY.reply,
        subject: message.subject ?? undefined,
      });
    return { outcome: 'refreshed' as const, card: message?.card as Card | undefined };
  });
}
