// FEISHU_MODE=ws: the SDK's WSClient keeps a long connection (no public URL needed) and hands
// every event to EventDispatcher.invoke(payload, { needCheck: false }) — the connection itself is
// authenticated with the app id and secret. The dispatcher flattens events before our handlers
// see them; we put the v2 envelope back so the webhook's decode path is reused unchanged.
//
// The connection must never go silent. The SDK reconnects after a drop, but gives up for good on
// some answers (one "system busy", code 1, while reconnecting is enough) and only calls onError:
// then we close that client and start a new one, with backoff. Every connect, drop and restart
// is a line in our JSON log (ConnectionTracker), and the SDK's own lines go there too.
import * as lark from '@larksuiteoapi/node-sdk';
import Long from 'long';
import protobuf from 'protobufjs/minimal.js';
import type { Logger } from '../../src/logger';
import { ConnectionTracker, RESTART_DELAYS_MS, restartDelay, sdkLogger, type ConnectionStatus } from '../connection';

// The SDK's generated frame code switches 64-bit integers off (`util.Long = undefined`), so the
// uint64 SeqID/LogID of every frame are read as doubles and echoed back in the ack with their
// low bits lost. With `long` the same frames round-trip exactly (test/feishu/long-connection.test.ts).
protobuf.util.Long = Long;
protobuf.configure();

const EVENTS = ['im.message.receive_v1', 'im.chat.member.bot.added_v1', 'im.chat.member.bot.deleted_v1', 'card.action.trigger'] as const;

export function longConnectionDispatcher(handle: (payload: Record<string, unknown>) => Promise<Record<string, unknown>>, log: Logger): lark.EventDispatcher {
  const handlers: Record<string, (data: unknown) => Promise<unknown>> = {};
  for (const type of EVENTS) {
    handlers[type] = async (data: unknown) => {
      const flat = data as Record<string, unknown>;
      const body = await handle({ schema: '2.0', header: { event_id: String(flat.event_id ?? ''), event_type: type }, event: flat });
      // Only a card callback's answer (toast, card) means anything to the platform.
      return type === 'card.action.trigger' ? body : undefined;
    };
  }
  return new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.warn, logger: sdkLogger(log) }).register(handlers as never);
}

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  domain: string;
  dispatcher: lark.EventDispatcher;
  log: Logger;
  /** Waits before restarting a client the SDK gave up on, by attempt (tests make them short). */
  restartDelaysMs?: readonly number[] | undefined;
}

export interface LongConnection {
  status(): ConnectionStatus;
  close(): void;
}

export function startLongConnection(opts: LongConnectionOptions): LongConnection {
  const tracker = new ConnectionTracker(opts.log, 'feishu');
  const delays = opts.restartDelaysMs ?? RESTART_DELAYS_MS;
  let client: lark.WSClient | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let closed = false;
  let failures = 0;

  const open = () => {
    const current = new lark.WSClient({
      appId: opts.appId,
      appSecret: opts.appSecret,
      domain: opts.domain,
      loggerLevel: lark.LoggerLevel.info,
      logger: sdkLogger(opts.log),
      onReady: () => {
        failures = 0;
        tracker.connected();
      },
      onReconnecting: () => tracker.dropped('connection closed'),
      onReconnected: () => {
        failures = 0;
        tracker.connected();
      },
      // The SDK stopped trying (a refused endpoint answer, or retries exhausted).
      onError: (err: Error) => {
        if (closed || client !== current) return;
        const delay = restartDelay(delays, failures++);
        tracker.down(err.message, delay);
        current.close({ force: true });
        restartTimer = setTimeout(() => {
          if (!closed) open();
        }, delay);
      },
    });
    client = current;
    void current.start({ eventDispatcher: opts.dispatcher });
  };
  open();
  return {
    status: () => tracker.status(),
    close() {
      closed = true;
      if (restartTimer) clearTimeout(restartTimer);
      client?.close({ force: true });
    },
  };
}
