// WeCom (企业微信), put together: the self-built app (private cards and commands, approvals), the
// intelligent robot (commands and cards in groups, over its long connection or its HTTP callback)
// and group robot webhooks (broadcasts into groups without the intelligent robot). Each part is
// on when its variables are set; all of them deliver as the one platform `wecom`.
import type { WsFrame } from '@wecom/aibot-node-sdk';
import type { Hono } from 'hono';
import type { PlatformAdapter } from '../../src/core/outbound/index';
import type { ConnectionStatus } from '../connection';
import type { PlatformDeps } from '../platform';
import { WecomApi } from './api';
import { appCallbackRoutes } from './app-callback';
import { robotCallbackRoutes } from './bot-callback';
import type { WecomBotConfig } from './bot-config';
import { handleRobotPayload, type RobotInboundDeps } from './bot-inbound';
import { robotLongConnection, type RobotLongConnection } from './bot-long-connection';
import { ResponseUrls } from './bot-transport';
import type { WecomAppConfig } from './config';
import { wecomAdapter } from './send';

export interface Wecom {
  adapter: PlatformAdapter;
  /** Mount path → routes (the app's and the callback robot's). */
  routes: ReadonlyMap<string, Hono>;
  start(): void;
  stop(): void;
  /** Whether the intelligent robot's long connection is up (false when it is not in ws mode). */
  connected(): boolean;
  /** The robot's long connection's state (ws mode only). */
  connection(): ConnectionStatus | undefined;
}

export interface WecomSettings {
  app?: WecomAppConfig | undefined;
  bot?: WecomBotConfig | undefined;
}

export function createWecom(config: WecomSettings, deps: PlatformDeps): Wecom {
  const log = deps.logger;
  const apiBase = config.app?.apiBase ?? config.bot?.apiBase ?? 'https://qyapi.weixin.qq.com';
  const webhooks = new Map<string, Hono>();

  if (config.app) webhooks.set('/webhook/wecom/app', appCallbackRoutes(config.app, deps.inbound, log));

  let longConnection: RobotLongConnection | undefined;
  let responseUrls: ResponseUrls | undefined;
  if (config.bot?.mode === 'ws') {
    const robotDeps: RobotInboundDeps = { inbound: deps.inbound, botName: deps.botName, logger: log };
    longConnection = robotLongConnection(
      config.bot,
      async (frame: WsFrame) => {
        const answer = await handleRobotPayload(frame.body, robotDeps);
        if (answer.kind === 'invalid') log.warn({ reason: answer.reason }, 'wecom robot: malformed frame');
        if (answer.kind === 'update') await longConnection!.updateCard(frame, answer.templateCard, answer.userids);
        if (answer.kind === 'welcome') await longConnection!.welcome(frame, answer.text);
      },
      log,
    );
  } else if (config.bot?.mode === 'callback') {
    const urls = (responseUrls = new ResponseUrls());
    const robotDeps: RobotInboundDeps = {
      inbound: deps.inbound,
      botName: deps.botName,
      logger: log,
      remember: (chatId, url, chatType) => urls.remember(chatId, url, chatType),
    };
    webhooks.set('/webhook/wecom/bot', robotCallbackRoutes(config.bot, robotDeps, log));
  }

  // Group robot keys live in the organisation file (groups[].extra.webhookKey / mentionKey), read
  // per send so the table stays the organisation sync's business.
  const groupKeys = (chatId: string) => {
    const extra = deps.inbound.directory.chat('wecom', chatId)?.extra;
    return { webhookKey: extra?.webhookKey, mentionKey: extra?.mentionKey };
  };
  const adapter = wecomAdapter({
    app: config.app ? { api: new WecomApi({ apiBase, corpId: config.app.corpId, secret: config.app.secret }), agentId: config.app.agentId } : undefined,
    robot: longConnection ?? responseUrls,
    apiBase,
    groupKeys,
    logger: log,
  });
  return {
    adapter,
    routes: webhooks,
    start: () => longConnection?.start(),
    stop: () => longConnection?.stop(),
    connected: () => longConnection?.connected ?? false,
    connection: () => longConnection?.status(),
  };
}
