// The intelligent robot over WeCom's own long connection (@wecom/aibot-node-sdk WSClient): the SDK
// authenticates, keeps the heartbeat and reconnects; we hand every message and event frame to
// `onFrame` and post through sendMessage. No public URL is needed. WECOM_BOT_WS_URL points it
// elsewhere (a private deployment's address, or the fake server in the tests).
import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import { PermanentDeliveryError, RetryLaterError } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { ConnectionTracker, RESTART_DELAYS_MS, restartDelay, type ConnectionStatus } from '../connection';
import type { RobotBody, RobotTransport } from './bot-transport';

export interface RobotLongConnection extends RobotTransport {
  /** Answers a template_card_event within its 5 s: replaces the clicked card (for `userids`, or everyone). */
  updateCard(frame: WsFrame, templateCard: Record<string, unknown>, userids?: string[]): Promise<void>;
  /** Answers enter_chat within its 5 s with a text welcome. */
  welcome(frame: WsFrame, text: string): Promise<void>;
  start(): void;
  stop(): void;
  readonly connected: boolean;
  status(): ConnectionStatus;
}

/** aibot_send_msg answers with an errcode like the HTTP API's (decide by errcode, never errmsg). */
const THROTTLED = new Set([45009, 45033, 45047]);
const PERMANENT = new Set([40003, 40008, 42045, 44004, 45002, 93000, 93004]);

export function robotLongConnection(
  config: { botId: string; secret: string; wsUrl: string | undefined },
  onFrame: (frame: WsFrame) => Promise<void>,
  logger: Logger,
  restartDelaysMs: readonly number[] = RESTART_DELAYS_MS,
): RobotLongConnection {
  const log = logger.child({ transport: 'wecom-robot-ws' });
  const tracker = new ConnectionTracker(log, 'wecom robot');
  let stopped = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  const client = new WSClient({
    botId: config.botId,
    secret: config.secret,
    ...(config.wsUrl ? { wsUrl: config.wsUrl } : {}),
    // A warning bot keeps trying (the SDK backs off to 30 s): a WeCom outage or a credential
    // being fixed must not leave it deaf until someone restarts it.
    maxReconnectAttempts: -1,
    maxAuthFailureAttempts: -1,
    // The SDK logs whole frames at debug: keep them at our debug level, never above.
    logger: {
      debug: (message: string) => log.debug(message),
      info: (message: string) => log.info(message),
      warn: (message: string) => log.warn(message),
      error: (message: string, ...args: unknown[]) => log.error({ detail: args.map(String).join(' ') }, message),
    },
  });
  const dispatch = (frame: WsFrame) => void onFrame(frame).catch((err) => log.error({ err }, 'wecom robot: frame handling failed'));
  client.on('message', dispatch);
  client.on('event.template_card_event', dispatch);
  client.on('event.enter_chat', dispatch);
  client.on('authenticated', () => {
    failures = 0;
    tracker.connected();
  });
  client.on('error', (err: Error) => {
    if (/auth/i.test(err.message)) log.error({ reason: err.message }, '企业微信智能机器人认证失败：请检查 WECOM_BOT_ID 和 WECOM_BOT_SECRET（稍后自动重试）');
    else log.warn({ reason: err.message }, 'wecom robot: long connection error');
    // Retries exhausted (WSReconnectExhaustedError, WSAuthFailureError): the SDK stopped; start it again.
    if (/exceeded|giving up|attempts/i.test(err.message) && !stopped) {
      const delay = restartDelay(restartDelaysMs, failures++);
      tracker.down(err.message, delay);
      restartTimer = setTimeout(() => {
        if (!stopped) void client.connect();
      }, delay);
    }
  });
  client.on('disconnected', (reason: string) => {
    // WeCom keeps one long connection per robot: a second process with the same Bot ID takes it
    // over, and the SDK does not reconnect the first (it would only be pushed off again).
    if (/new connection/i.test(reason)) {
      tracker.down(reason, undefined);
      log.error({ reason }, '企业微信智能机器人长连接被另一个进程（同一个 Bot ID）接管，本进程不再接收群消息；同一个机器人只运行一个烽火进程');
    } else if (!stopped) tracker.dropped(reason);
  });

  return {
    // "向指定会话（单聊或群聊）主动推送消息… 支持 markdown 或 template_card" (the SDK's sendMessage).
    cardsInGroups: true,
    async send(_chatId: string, target: string, body: RobotBody) {
      // Not a failed attempt: a warning waits for the connection instead of dying in an outage.
      if (!client.isConnected) throw new RetryLaterError('企业微信智能机器人长连接未连接，连上后重发', 5_000);
      try {
        await client.sendMessage(target, body as Parameters<WSClient['sendMessage']>[1]);
      } catch (err) {
        throw classify(err);
      }
      return true;
    },
    async updateCard(frame, templateCard, userids) {
      await client.updateTemplateCard(frame, templateCard as unknown as Parameters<WSClient['updateTemplateCard']>[1], userids);
    },
    async welcome(frame, text) {
      await client.replyWelcome(frame, { msgtype: 'text', text: { content: text } });
    },
    get connected() {
      return client.isConnected;
    },
    status: () => tracker.status(),
    start: () => void client.connect(),
    stop: () => {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      client.disconnect();
    },
  };
}

/**
 * A refused send rejects with the answer frame; a lost connection or a timeout with an Error. A
 * refusal keeps its errcode, so that callers can tell WeCom's answer from a network failure.
 */
function classify(err: unknown): Error {
  if (err instanceof Error) return err;
  const frame = err as { errcode?: number; errmsg?: string };
  const text = `企业微信智能机器人返回 ${frame.errcode ?? '?'}：${frame.errmsg ?? ''}`;
  const code = { errcode: frame.errcode };
  if (frame.errcode !== undefined && THROTTLED.has(frame.errcode)) return Object.assign(new RetryLaterError(text, 60_000), code);
  if (frame.errcode !== undefined && PERMANENT.has(frame.errcode)) return Object.assign(new PermanentDeliveryError(text), code);
  return Object.assign(new Error(text), code);
}
