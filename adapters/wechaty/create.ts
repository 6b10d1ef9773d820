// Wechaty: a WeChat/WeCom account driven through a puppet (WECHATY_PUPPET). No webhook: the bot
// holds a connection to the puppet and hears every message of the account; decode picks the
// organisation's rooms and members' private chats, the core runs the command, the drain sends
// the replies. A puppet that fails to start is retried with back-off rather than left dead.
import { WechatyBuilder, type Message, type Wechaty } from 'wechaty';
import type { PlatformAdapter } from '../../src/core/outbound/index';
import type { PlatformDeps } from '../platform';
import { redact, type WechatyConfig } from './config';
import { decodeWechaty, PLATFORM, readMessage } from './decode';
import { RoomDirectory } from './rooms';
import { wechatyAdapter } from './send';

export type Puppet = Wechaty['puppet'];

export interface WechatySetup {
  config: WechatyConfig;
  /** A puppet instance to use instead of loading `config.puppet` by name (tests: PuppetMock). */
  puppet?: Puppet | undefined;
  /** How long one message may take before the next one goes ahead (default 20 s). */
  messageTimeoutMs?: number | undefined;
}

export interface WechatyBot {
  adapter: PlatformAdapter;
  /** Builds the bot and starts the puppet; logging in (scanning) happens after, at the puppet's pace. */
  start(): Promise<void>;
  /** Finishes the messages already heard (waiting a bounded time), then stops the puppet. */
  stop(): Promise<void>;
  /** Whether the puppet is running (started and not failed). */
  running(): boolean;
}

/** A puppet call that never answers must not hold every later message. */
const DEFAULT_MESSAGE_TIMEOUT_MS = 20_000;
const STOP_WAIT_MS = 10_000;
const RESTART_DELAYS_MS = [5_000, 15_000, 60_000, 300_000];

export function createWechaty(setup: WechatySetup, deps: PlatformDeps): WechatyBot {
  const log = deps.logger;
  const { directory, receive } = deps.inbound;
  const secret = setup.config.token;
  const rooms = new RoomDirectory(log);
  const warned = new Set<string>();
  const warnOnce = (key: string, fields: Record<string, unknown>, text: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    log.info(fields, text);
  };
  let bot: Wechaty | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let failedStarts = 0;
  // One message at a time, in the order heard: reading a message is async (topic, mentions), and
  // "预警" then "认领 T1" typed quickly must reach the core in that order.
  let queue: Promise<void> = Promise.resolve();

  async function handle(current: Wechaty, message: Message): Promise<void> {
    const wechatyChatIds = directory.chats(PLATFORM).map((g) => g.chatId);
    const facts = await readMessage(current, message, deps.botName, wechatyChatIds);
    const isMember = (contactId: string) => directory.person(PLATFORM, contactId) !== undefined;
    const decoded = decodeWechaty(facts, wechatyChatIds, isMember);
    switch (decoded.kind) {
      case 'ignored':
        return;
      case 'unconfigured room':
        // Once per room and run: enough for an admin to copy the id into the organisation file.
        return warnOnce(
          `room:${decoded.room.id}`,
          { roomId: decoded.room.id, topic: decoded.room.topic },
          'wechaty: room not in the organisation file; its messages are ignored (add it under groups with platform: wechaty)',
        );
      case 'stranger':
        // Any WeChat friend of the account can write to it; only the organisation's people are heard.
        return warnOnce(
          `contact:${decoded.contactId}`,
          { contactId: decoded.contactId },
          'wechaty: private message from a contact not in the organisation file (members[].ids.wechaty); ignored',
        );
    }
    if (decoded.room && !rooms.claim(decoded.event.chatId, decoded.room.id)) {
      // A second room with the same name as a group configured by name: it must not speak for it.
      return warnOnce(
        `twin:${decoded.room.id}`,
        { roomId: decoded.room.id, topic: decoded.room.topic },
        'wechaty: another room has the same name as a configured group; ignored. Write the room id in the organisation file',
      );
    }
    await receive(decoded.event);
  }

  const messageTimeoutMs = setup.messageTimeoutMs ?? DEFAULT_MESSAGE_TIMEOUT_MS;
  function heard(current: Wechaty, message: Message): void {
    queue = queue
      .then(() => withTimeout(handle(current, message), messageTimeoutMs, `handling took over ${messageTimeoutMs / 1000} s`))
      .catch((err) =>
        log.error({ reason: redact(String(err instanceof Error ? err.message : err), secret), eventId: `msg:${message.id}` }, 'wechaty: message failed'),
      );
  }

  /** Wechaty reports a puppet that cannot start as an 'error' event, not by rejecting start(). */
  async function startOnce(): Promise<void> {
    const { puppet } = setup;
    const { token, endpoint } = setup.config;
    const current = puppet
      ? WechatyBuilder.build({ puppet })
      : // Any installed puppet package may be named; Wechaty's type lists only its official ones.
        WechatyBuilder.build({ puppet: setup.config.puppet as never, puppetOptions: { ...(token ? { token } : {}), ...(endpoint ? { endpoint } : {}) } });
    const startErrors: string[] = [];
    let starting = true;
    current
      // The QR code must reach whoever logs the account in; it logs in the scanner's account, it is not our secret.
      .on('scan', (qrcode: string, status: number) =>
        log.info({ status, url: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }, 'wechaty: scan to log in'),
      )
      .on('login', (user: { name(): string }) => log.info({ user: user.name() }, 'wechaty: logged in'))
      .on('logout', (user: { name(): string }) => log.warn({ user: user.name() }, 'wechaty: logged out; messages wait in the outbox until the next login'))
      .on('ready', () => rooms.markReady())
      // Without a listener an 'error' event would throw; Wechaty also reports lookups that found nothing here.
      .on('error', (err: Error) => {
        const reason = redact(err.message, secret);
        if (starting) startErrors.push(reason);
        else log.warn({ reason }, 'wechaty: error');
      })
      .on('message', (message: Message) => heard(current, message));
    bot = current;
    log.info({ puppet: puppet ? 'injected' : setup.config.puppet }, 'wechaty: starting');
    try {
      await current.start();
    } catch (err) {
      startErrors.push(redact(err instanceof Error ? err.message : String(err), secret));
    }
    starting = false;
    if (startErrors.length === 0 && current.puppet.state.active()) {
      failedStarts = 0;
      return;
    }
    bot = undefined;
    await current.stop().catch(() => undefined);
    throw new Error(
      `Wechaty 启动失败（puppet ${puppet ? '实例' : setup.config.puppet}）：${startErrors[0] ?? 'puppet 没有启动'}。检查 WECHATY_PUPPET 是否已安装（npm install 包名）、token 和 endpoint 是否有效。`,
    );
  }

  function scheduleRestart(): void {
    if (stopping) return;
    const delay = RESTART_DELAYS_MS[Math.min(failedStarts, RESTART_DELAYS_MS.length) - 1] ?? RESTART_DELAYS_MS.at(-1)!;
    log.error({ inSeconds: delay / 1000, attempt: failedStarts }, 'wechaty: puppet failed to start; trying again');
    restartTimer = setTimeout(() => {
      startOnce().catch((err: Error) => {
        failedStarts++;
        log.error({ reason: err.message }, 'wechaty: restart failed');
        scheduleRestart();
      });
    }, delay);
    restartTimer.unref();
  }

  return {
    adapter: wechatyAdapter(() => bot, rooms),
    async start() {
      if (bot) return;
      stopping = false;
      try {
        await startOnce();
      } catch (err) {
        failedStarts++;
        // The rest of the bot runs on; the puppet is tried again in the background.
        scheduleRestart();
        throw err;
      }
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = bot;
      bot = undefined;
      await withTimeout(queue, STOP_WAIT_MS, 'waiting for messages in hand').catch((err: Error) =>
        log.warn({ reason: err.message }, 'wechaty: stopping without waiting further'),
      );
      await current?.stop();
    },
    running: () => bot?.puppet.state.active() ?? false,
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`wechaty: ${what}`)), ms);
    timer.unref();
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
