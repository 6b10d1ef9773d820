// The one narrow port every platform adapter implements. The outbox drain speaks only this.
import type { Card } from './cards/card';

export interface AdapterCapabilities {
  cards: boolean;
  /** Can change a message already sent (Feishu PATCH, console). */
  updateCards: boolean;
  /** Can push urgently to people (Feishu 加急). */
  urgent: boolean;
  /** Has clickable buttons; without them the text fallback's reply commands stand in. */
  buttons: boolean;
  /** Can message one person privately: destinations `user:<platform user id>`. */
  directMessages: boolean;
}

export interface SendTarget {
  chatId: string;
  /** Unique to the outbox row, the same on every retry: Feishu's `uuid`, WeCom's `task_id`. */
  idempotencyKey: string;
  /**
   * A reply for one person in a group (their platform user id): shown to them alone where the
   * platform can (Feishu's 仅特定人可见 card), sent to them privately where it cannot, and in the
   * chat itself only where neither is possible. Never updated afterwards.
   */
  privateTo?: string | undefined;
}

/** Thrown by an adapter when retrying cannot help (bot removed from the chat, invalid card). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** Thrown when the platform throttles us and says when to come back (e.g. x-ogw-ratelimit-reset). */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * A documented platform limit: at most `max` calls of the given kind within any `perMs` window,
 * counted per app, per chat or per message.
 */
export interface RateLimit {
  /** `urgent`: the adapter's urgent() calls (Feishu urgent_app). */
  op: 'send' | 'update' | 'urgent';
  scope: 'app' | 'chat' | 'message';
  max: number;
  perMs: number;
}

export interface PlatformAdapter<Rendered = unknown> {
  name: string;
  capabilities: AdapterCapabilities;
  /** The drain never exceeds these, so a broadcast runs as fast as the platform allows and no faster. */
  rateLimits?: readonly RateLimit[];
  render(card: Card): Rendered;
  /** Delivers a new message; returns the platform's id for it. */
  send(target: SendTarget, rendered: Rendered, card: Card): Promise<{ platformRef: string }>;
  /** Replaces a delivered message; present only when `capabilities.updateCards`. */
  update?(platformRef: string, rendered: Rendered, card: Card): Promise<void>;
  /**
   * 加急: pushes a delivered message urgently to these people (platform user ids); present only
   * when `capabilities.urgent`. Called once per person per incident level, never retried after a
   * call that got no answer: a PermanentDeliveryError or RetryLaterError says the platform refused.
   */
  urgent?(platformRef: string, userIds: string[]): Promise<void>;
}
