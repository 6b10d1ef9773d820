// Feishu/Lark: POST /webhook/feishu for events and card callbacks, or the SDK's long connection
// (FEISHU_MODE=ws); both reach one handler: verify → decode → core → answer within 3 s.
import * as lark from '@larksuiteoapi/node-sdk';
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Card } from '../../src/core/cards/card';
import type { Core } from '../../src/core/context';
import { handleInbound, handleInboundBatched } from '../../src/core/inbound/handle';
import { forgetChat, registerChat } from '../../src/core/system/register-chat';
import type { PlatformAdapter } from '../../src/core/ports';
import { botMessages } from '../../src/db/schema';
import type { Logger } from '../../src/logger';
import type { OutboxDrain } from '../../src/outbox/drain';
import { settleDeliveredInline } from '../../src/outbox/settle-inline';
import type { FeishuConfig } from './config';
import { decodeFeishu, type Decoded } from './decode';
import { renderFeishuCard } from './render';
import { longConnectionDispatcher, startLongConnection } from './long-connection';
import { feishuAdapter } from './send';
import { verifyFeishuRequest } from './verify';

export interface FeishuDeps {
  core: Core;
  drain: OutboxDrain;
  logger: Logger;
}

export interface Feishu {
  adapter: PlatformAdapter;
  /** Present in webhook mode only: with the long connection there is no URL to leave open. */
  routes: Hono | undefined;
  /** What the long connection calls; exposed so tests drive the same path the WSClient does. */
  dispatcher: lark.EventDispatcher;
  /** Learns the bot's own open_id; in ws mode, opens the long connection. */
  start(): Promise<void>;
  stop(): void;
}

export function createFeishu(config: FeishuConfig, deps: FeishuDeps): Feishu {
  const log = deps.logger.child({ platform: 'feishu' });
  // The SDK's shared axios instance has no timeout: a hung call would stall a delivery batch and
  // hold its rate-limit slot forever. 15 s, well past Feishu's normal answer time.
  lark.defaultHttpInstance.defaults.timeout = config.httpTimeoutMs ?? 15_000;
  const client = new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain,
    // A cache of our own: the SDK's default is process-wide and keyed by app id only.
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.error,
  });
  let botOpenId: string | undefined;
  let ws: lark.WSClient | undefined;

  /** Everything after verification, shared by the webhook and the long connection. */
  async function answer(decoded: Decoded): Promise<{ status: 200 | 400; body: Record<string, unknown> }> {
    const now = deps.core.clock.now();
    switch (decoded.kind) {
      case 'challenge':
        return { status: 200, body: { challenge: decoded.challenge } };
      case 'invalid':
        log.warn({ reason: decoded.reason }, 'feishu: malformed event');
        return { status: 400, body: { error: decoded.reason } };
      case 'ignored':
        return { status: 200, body: {} };
      case 'bot_added':
        registerChat(deps.core.db, { platform: 'feishu', chatId: decoded.chatId, name: decoded.name, eventId: decoded.eventId }, now);
        kick();
        return { status: 200, body: {} };
      case 'bot_removed':
        forgetChat(deps.core.db, { platform: 'feishu', chatId: decoded.chatId, eventId: decoded.eventId }, now);
        return { status: 200, body: {} };
      case 'message': {
        const result = await handleInboundBatched(deps.core, decoded.event);
        // Chatter and redeliveries queue nothing: no need to wake the drain for them.
        if (result.outcome === 'done' || result.outcome === 'refused') kick();
        return { status: 200, body: {} };
      }
      case 'action': {
        const result = handleInbound(deps.core, decoded.event);
        const body: Record<string, unknown> = {};
        if (result.outcome === 'done' || result.outcome === 'refused') body.toast = { type: 'info', content: result.toast };
        // The tapped card, as it is now, in the callback answer: the tapper sees it at once.
        const message = deps.core.db
          .select()
          .from(botMessages)
          .where(and(eq(botMessages.platform, 'feishu'), eq(botMessages.platformRef, decoded.messageId)))
          .get();
        if (message && result.outcome !== 'duplicate') {
          body.card = { type: 'raw', data: renderFeishuCard(message.card as Card) };
          settleDeliveredInline(deps.core.db, message.id, message.version, now);
        }
        kick();
        return { status: 200, body };
      }
    }
  }

  /** Delivery happens after the answer; the outbox keeps it if the process stops first. */
  const kick = () => deps.drain.kick();

  /** The long connection delivers already-trusted payloads: no signature, straight to decode. */
  const dispatcher = longConnectionDispatcher(async (payload) => (await answer(decodeFeishu(payload, botOpenId))).body);

  const routes = new Hono();
  routes.post('/', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const verified = verifyFeishuRequest(raw, c.req.header(), config, Date.now());
    if (!verified.ok) {
      // The reason goes to our log; the caller learns only that it was refused.
      log.warn({ reason: verified.reason, status: verified.status }, 'feishu: request refused');
      return c.json({ error: verified.status === 400 ? 'bad request' : 'unauthorised' }, verified.status);
    }
    const { status, body } = await answer(decodeFeishu(verified.payload, botOpenId));
    return c.json(body, status);
  });

  return {
    adapter: feishuAdapter(client, log),
    routes: config.mode === 'webhook' ? routes : undefined,
    dispatcher,
    async start() {
      try {
        const info = (await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as { bot?: { open_id?: string } };
        botOpenId = info.bot?.open_id;
        log.info({ botOpenId }, 'feishu: bot identity loaded');
      } catch (err) {
        log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'feishu: could not read bot info; any @mention will count as addressing the bot');
      }
      if (config.mode === 'ws') {
        ws = startLongConnection({ ...config, dispatcher });
        log.info('feishu: long connection starting');
      }
    },
    stop() {
      ws?.close({ force: true });
    },
  };
}
