// Outbound through the official SDK Client: interactive cards (uuid = the outbox row, so a retry
// never shows twice), PATCH for updates, urgent_app for 加急. Errors are sorted into "come back
// at the platform's reset time", "never works" and "try again later".
// https://open.feishu.cn/document/server-docs/im-v1/message/create
import type { Client } from '@larksuiteoapi/node-sdk';
import type { Card } from '../../src/core/outbound/index';
import { PermanentDeliveryError, RetryLaterError, type PlatformAdapter } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { renderFeishuCard, type FeishuCard } from './render';

/** Codes after which retrying the same request cannot succeed. */
const PERMANENT: Record<number, string> = {
  230001: '参数错误',
  230002: '机器人不在该群',
  230011: '消息已被撤回',
  230025: '卡片内容超过 30 KB',
  230031: '消息发送超过 14 天，不能再更新',
  230035: '机器人无权限或被禁言',
  230099: '卡片格式错误',
  232009: '群已解散',
};
/** Throttling codes: wait for the reset the platform names (or a second). */
const THROTTLED = new Set([99991400, 230020, 232019, 11232, 11233, 11247]);

export function feishuAdapter(client: Client, logger: Logger): PlatformAdapter<FeishuCard> {
  return {
    name: 'feishu',
    capabilities: { cards: true, updateCards: true, urgent: true, buttons: true, directMessages: true },
    // platforms.md §3.2–3.3, §2.3: 50/s and 1000/min per API per app; 5/s per group shared by all
    // bots; 5/s per message for updates.
    rateLimits: [
      { op: 'send', scope: 'app', max: 50, perMs: 1000 },
      { op: 'send', scope: 'app', max: 1000, perMs: 60_000 },
      { op: 'send', scope: 'chat', max: 5, perMs: 1000 },
      { op: 'update', scope: 'app', max: 50, perMs: 1000 },
      { op: 'update', scope: 'app', max: 1000, perMs: 60_000 },
      { op: 'update', scope: 'message', max: 5, perMs: 1000 },
    ],
    render: renderFeishuCard,
    async send(target, rendered, card) {
      // `user:ou_…` is one person (an approver's private card); anything else is a chat id.
      const direct = target.chatId.startsWith('user:');
      const res = await call(() =>
        client.im.v1.message.create({
          params: { receive_id_type: direct ? 'open_id' : 'chat_id' },
          data: {
            receive_id: direct ? target.chatId.slice('user:'.length) : target.chatId,
            msg_type: 'interactive',
            content: JSON.stringify(rendered),
            uuid: target.idempotencyKey.slice(0, 50),
          },
        }),
      );
      const messageId = res.data?.message_id;
      if (!messageId) throw new Error('飞书发送成功但没有返回 message_id');
      await urgentIfAsked(client, messageId, card, logger);
      return { platformRef: messageId };
    },
    async update(platformRef, rendered) {
      await call(() => client.im.v1.message.patch({ path: { message_id: platformRef }, data: { content: JSON.stringify(rendered) } }));
    },
  };
}

/** Red warnings (and orange where the playbook says) buzz the @mentioned people in the app. */
async function urgentIfAsked(client: Client, messageId: string, card: Card, logger: Logger): Promise<void> {
  const ids = (card.mentions ?? []).flatMap((m) => (m.userId ? [m.userId] : []));
  if (!card.urgent || ids.length === 0) return;
  // The card is delivered already; a failed buzz must not make the drain send it again.
  try {
    await call(() => client.im.v1.message.urgentApp({ path: { message_id: messageId }, params: { user_id_type: 'open_id' }, data: { user_id_list: ids } }));
  } catch (err) {
    logger.warn({ messageId, reason: err instanceof Error ? err.message : String(err) }, 'feishu urgent_app failed; the card itself was delivered');
  }
}

interface ApiAnswer {
  code?: number;
  msg?: string;
  data?: { message_id?: string } & Record<string, unknown>;
}

/** Runs one SDK call and turns every failure shape (HTTP error, code ≠ 0) into our error kinds. */
async function call(fn: () => Promise<unknown>): Promise<ApiAnswer> {
  let answer: ApiAnswer;
  try {
    answer = (await fn()) as ApiAnswer;
  } catch (err) {
    const res = (err as { response?: { status?: number; data?: ApiAnswer; headers?: Record<string, string> } }).response;
    if (!res) throw err; // network error, timeout: retried with backoff
    throw classify(res.data?.code, res.data?.msg ?? `HTTP ${res.status}`, res.status, res.headers?.['x-ogw-ratelimit-reset']);
  }
  if (answer.code !== undefined && answer.code !== 0) throw classify(answer.code, answer.msg ?? '', 200, undefined);
  return answer;
}

function classify(code: number | undefined, msg: string, status: number | undefined, reset: string | undefined): Error {
  const text = `飞书返回 ${code ?? status}：${msg}`;
  if (status === 429 || (code !== undefined && THROTTLED.has(code))) {
    const seconds = Number(reset);
    return new RetryLaterError(text, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
  }
  if (code !== undefined && code in PERMANENT) return new PermanentDeliveryError(`${text}（${PERMANENT[code]}）`);
  return new Error(text);
}
