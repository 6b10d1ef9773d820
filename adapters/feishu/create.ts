// Feishu/Lark: POST /webhook/feishu for events and card callbacks, or the SDK's long connection
// (FEISHU_MODE=ws); both reach one handler: verify → decode → core → answer within 3 s.
import * as lark from '@larksuiteoapi/node-sdk';
import { Hono } from 'hono';
import type { PlatformAdapter } from '../../src/core/outbound/index';
import type { PlatformDeps } from '../platform';
import type { FeishuConfig } from './config';
import { decodeFeishu, type Decoded } from './decode';
import { renderFeishuCard } from './fit';
import { sdkLogger, type ConnectionStatus } from '../connection';
import { longConnectionDispatcher, startLongConnection, type LongConnection } from './long-connection';
import { feishuAdapter } from './send';
import { verifyFeishuRequest } from './verify';

export interface Feishu {
  adapter: PlatformAdapter;
  /** Present in webhook mode only: with the long connection there is no URL to leave open. */
  routes: ReadonlyMap<string, Hono> | undefined;
  /** What the long connection calls; exposed so tests drive the same path the WSClient does. */
  dispatcher: lark.EventDispatcher;
  /** Learns the bot's own open_id; in ws mode, opens the long connection. */
  start(): Promise<void>;
  stop(): void;
  /** The long connection's state (ws mode only). */
  connection(): ConnectionStatus | undefined;
}

export function createFeishu(config: FeishuConfig, deps: PlatformDeps): Feishu {
  const log = deps.logger;
  const { receive } = deps.inbound;
  // The SDK's shared axios instance has no timeout: a hung call would stall a delivery batch and
  // hold its rate-limit slot forever. 15 s, well past Feishu's normal answer time.
  lark.defaultHttpInstance.defaults.timeout = config.httpTimeoutMs ?? 15_000;
  const client = new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain,
    // A cache of our own: the SDK's default is process-wide and keyed by app id only.
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.warn,
    logger: sdkLogger(log),
  });
  let botOpenId: string | undefined;
  let ws: LongConnection | undefined;
  if (config.mode === 'webhook' && !config.encryptKey) {
    log.warn(
      'feishu: FEISHU_ENCRYPT_KEY is not set (FEISHU_ALLOW_UNENCRYPTED=true): webhook requests are neither encrypted nor signed; each is checked only by its Verification Token and header.create_time',
    );
  }

  /** Everything after verification, shared by the webhook and the long connection. */
  async function answer(decoded: Decoded): Promise<{ status: 200 | 400; body: Record<string, unknown> }> {
    switch (decoded.kind) {
      case 'challenge':
        return { status: 200, body: { challenge: decoded.challenge } };
      case 'invalid':
        log.warn({ reason: decoded.reason }, 'feishu: malformed event');
        return { status: 400, body: { error: decoded.reason } };
      case 'ignored':
        return { status: 200, body: {} };
      case 'bot_added':
        await receive({ kind: 'joined', platform: 'feishu', chatId: decoded.chatId, chatName: decoded.name, eventId: decoded.eventId });
        return { status: 200, body: {} };
      case 'bot_removed':
        await receive({ kind: 'left', platform: 'feishu', chatId: decoded.chatId, eventId: decoded.eventId });
        return { status: 200, body: {} };
      case 'message':
        await receive(decoded.event);
        return { status: 200, body: {} };
      case 'action': {
        // The tapped card, as it is now, goes in the callback answer: the tapper sees it at once.
        const result = await receive({ ...decoded.event, messageRef: decoded.messageId }, { answerShowsCard: true });
        const body: Record<string, unknown> = {};
        if (result.outcome === 'done' || result.outcome === 'refused') {
          body.toast = { type: 'info', content: result.toast };
          if (result.card) body.card = { type: 'raw', data: renderFeishuCard(result.card) };
        }
        return { status: 200, body };
      }
    }
  }

  /** The long connection delivers already-trusted payloads: no signature, straight to decode. */
  const dispatcher = longConnectionDispatcher(async (payload) => (await answer(decodeFeishu(payload, botOpenId))).body, log);

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
    routes: config.mode === 'webhook' ? new Map([['/webhook/feishu', routes]]) : undefined,
    dispatcher,
    async start() {
      try {
        const info = (await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as { bot?: { open_id?: string } };
        botOpenId = info.bot?.open_id;
        log.info({ botOpenId }, 'feishu: bot identity loaded');
      } catch (err) {
        log.warn(
          { reason: err instanceof Error ? err.message : String(err) },
          'feishu: could not read bot info; any @mention will count as addressing the bot',
        );
      }
      if (config.mode === 'ws') {
        ws = startLongConnection({ ...config, dispatcher, log });
        log.info('feishu: long connection starting');
      }
    },
    stop() {
      ws?.close();
    },
    connection: () => ws?.status(),
  };
}
