// Outbound through the official SDK Client: interactive cards (uuid = the outbox row, so a retry
// never shows twice), PATCH for updates, urgent_app for 加急. Errors are sorted in errors.ts.
// https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/create
import type { Client } from '@larksuiteoapi/node-sdk';
import type { Card, PlatformAdapter } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { callFeishu } from './errors';
import { renderFeishuCard } from './fit';
import type { FeishuCard } from './render';

export function feishuAdapter(client: Client, logger: Logger): PlatformAdapter<FeishuCard> {
  return {
    name: 'feishu',
    capabilities: { cards: true, updateCards: true, urgent: true, buttons: true, directMessages: true },
    // 发送消息: "1000 次/分钟、50 次/秒" per app, "向同一群组…群内机器人共享 5 QPS" (and 5 QPS per
    // person); 更新应用发送的消息卡片: the same per app and "单条消息更新频控为5QPS".
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
      const res = await callFeishu(() =>
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
      await callFeishu(() => client.im.v1.message.patch({ path: { message_id: platformRef }, data: { content: JSON.stringify(rendered) } }));
    },
  };
}

/** Red warnings (and orange where the playbook says) buzz the @mentioned people in the app. */
async function urgentIfAsked(client: Client, messageId: string, card: Card, logger: Logger): Promise<void> {
  const ids = (card.mentions ?? []).flatMap((m) => (m.userId ? [m.userId] : []));
  if (!card.urgent || ids.length === 0) return;
  // The card is delivered already; a failed buzz must not make the drain send it again.
  try {
    await callFeishu(() =>
      client.im.v1.message.urgentApp({ path: { message_id: messageId }, params: { user_id_type: 'open_id' }, data: { user_id_list: ids } }),
    );
  } catch (err) {
    logger.warn({ messageId, reason: err instanceof Error ? err.message : String(err) }, 'feishu urgent_app failed; the card itself was delivered');
  }
}
