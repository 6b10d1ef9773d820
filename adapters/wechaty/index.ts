// Wechaty: a WeChat/WeCom account driven through a puppet (WECHATY_PUPPET). No webhook: the bot
// holds a connection to the puppet and hears every message of the account; decode picks the
// organisation's rooms and private chats, the core runs the command, the drain sends the replies.
import { WechatyBuilder, type Message, type Wechaty } from 'wechaty';
import type { Core } from '../../src/core/context';
import { handleInbound } from '../../src/core/inbound/handle';
import { allGroups } from '../../src/core/org/groups';
import type { PlatformAdapter } from '../../src/core/ports';
import type { Logger } from '../../src/logger';
import type { OutboxDrain } from '../../src/outbox/drain';
import type { WechatyConfig } from './config';
import { decodeWechaty, PLATFORM, readMessage } from './decode';
import { RoomDirectory } from './rooms';
import { wechatyAdapter } from './send';

export type Puppet = Wechaty['puppet'];

export interface WechatySetup {
  config: WechatyConfig;
  /** A puppet instance to use instead of loading `config.puppet` by name (tests: PuppetMock). */
  puppet?: Puppet | undefined;
}

export interface WechatyDeps {
  core: Core;
  drain: OutboxDrain;
  logger: Logger;
}

export interface WechatyBot {
  adapter: PlatformAdapter;
  /** Builds the bot and starts the puppet; logging in (scanning) happens after, at the puppet's pace. */
  start(): Promise<void>;
  /** Finishes the messages already heard, then stops the puppet. */
  stop(): Promise<void>;
}

export function createWechaty(setup: WechatySetup, deps: WechatyDeps): WechatyBot {
  const log = deps.logger.child({ platform: PLATFORM });
  const rooms = new RoomDirectory(log);
  const warnedRooms = new Set<string>();
  let bot: Wechaty | undefined;
  // One message at a time, in the order heard: reading a message is async (topic, mentions), and
  // "预警" then "认领 T1" typed quickly must reach the core in that order.
  let queue: Promise<void> = Promise.resolve();

  async function handle(current: Wechaty, message: Message): Promise<void> {
    const facts = await readMessage(current, message, deps.core.botName);
    const wechatyChatIds = allGroups(deps.core.db).filter((g) => g.platform === PLATFORM).map((g) => g.chatId);
    const decoded = decodeWechaty(facts, wechatyChatIds);
    if (decoded.kind === 'ignored') return;
    if (decoded.kind === 'unconfigured room') {
      // Once per room and run: enough for an admin to copy the id into the organisation file.
      if (!warnedRooms.has(decoded.room.id)) {
        warnedRooms.add(decoded.room.id);
        log.info({ roomId: decoded.room.id, topic: decoded.room.topic }, 'wechaty: room not in the organisation file; its messages are ignored (add it under groups with platform: wechaty)');
      }
      return;
    }
    if (decoded.room) rooms.learn(decoded.event.chatId, decoded.room.id);
    const result = handleInbound(deps.core, decoded.event);
    // Chatter and repeats queue nothing: no need to wake the drain for them.
    if (result.outcome === 'done' || result.outcome === 'refused') {
      setImmediate(() => deps.drain.drain().catch((err) => log.error({ err }, 'wechaty: drain after message failed')));
    }
  }

  return {
    adapter: wechatyAdapter(() => bot, rooms),
    async start() {
      if (bot) return;
      const { puppet } = setup;
      const { token } = setup.config;
      const current = puppet
        ? WechatyBuilder.build({ puppet })
        : // Any installed puppet package may be named; Wechaty's type lists only its official ones.
          WechatyBuilder.build({ puppet: setup.config.puppet as never, puppetOptions: token ? { token } : {} });
      bot = current;
      current
        // The QR code must reach whoever logs the account in; it logs in the scanner's account, it is not our secret.
        .on('scan', (qrcode: string, status: number) => log.info({ status, url: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }, 'wechaty: scan to log in'))
        .on('login', (user: { name(): string }) => log.info({ user: user.name() }, 'wechaty: logged in'))
        .on('logout', (user: { name(): string }) => log.warn({ user: user.name() }, 'wechaty: logged out; messages wait in the outbox until the next login'))
        // Without a listener an 'error' event would throw; Wechaty also reports lookups that found nothing here.
        .on('error', (err: Error) => log.warn({ reason: err.message }, 'wechaty: error'))
        .on('message', (message: Message) => {
          queue = queue
            .then(() => handle(current, message))
            .catch((err) => log.error({ err, eventId: `msg:${message.id}`, talker: safeTalkerId(message) }, 'wechaty: message failed'));
        });
      log.info({ puppet: puppet ? 'injected' : setup.config.puppet }, 'wechaty: starting');
      try {
        await current.start();
      } catch (err) {
        bot = undefined;
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`Wechaty 启动失败（puppet ${puppet ? '实例' : setup.config.puppet}）：${reason}。检查 WECHATY_PUPPET 是否已安装（npm install 包名）、token 是否有效。`);
      }
    },
    async stop() {
      const current = bot;
      bot = undefined;
      await queue;
      await current?.stop();
    },
  };
}

function safeTalkerId(message: Message): string | undefined {
  try {
    return message.talker().id;
  } catch {
    return undefined;
  }
}
