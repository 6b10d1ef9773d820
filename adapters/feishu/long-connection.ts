// FEISHU_MODE=ws: the SDK's WSClient keeps a long connection (no public URL needed) and hands
// every event to EventDispatcher.invoke(payload, { needCheck: false }) — the connection itself is
// authenticated with the app id and secret. The dispatcher flattens events before our handlers
// see them; we put the v2 envelope back so the webhook's decode path is reused unchanged.
import * as lark from '@larksuiteoapi/node-sdk';

const EVENTS = ['im.message.receive_v1', 'im.chat.member.bot.added_v1', 'im.chat.member.bot.deleted_v1', 'card.action.trigger'] as const;

export function longConnectionDispatcher(handle: (payload: Record<string, unknown>) => Promise<Record<string, unknown>>): lark.EventDispatcher {
  const handlers: Record<string, (data: unknown) => Promise<unknown>> = {};
  for (const type of EVENTS) {
    handlers[type] = async (data: unknown) => {
      const flat = data as Record<string, unknown>;
      const body = await handle({ schema: '2.0', header: { event_id: String(flat.event_id ?? ''), event_type: type }, event: flat });
      // Only a card callback's answer (toast, card) means anything to the platform.
      return type === 'card.action.trigger' ? body : undefined;
    };
  }
  return new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register(handlers as never);
}

export function startLongConnection(opts: { appId: string; appSecret: string; domain: string; dispatcher: lark.EventDispatcher }): lark.WSClient {
  const ws = new lark.WSClient({ appId: opts.appId, appSecret: opts.appSecret, domain: opts.domain, loggerLevel: lark.LoggerLevel.error });
  ws.start({ eventDispatcher: opts.dispatcher });
  return ws;
}
