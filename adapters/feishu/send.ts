// Outbound through the official SDK Client: interactive cards (uuid = the outbox row, so a retry
// never shows twice), PATCH for updates, urgent_app for 加急 (called by the delivery once per
// person per incident level, src/delivery/urgent.ts), and a reply for one person in a group as a
// 仅特定人可见 card (ephemeral.ts). Errors are sorted in errors.ts.
// https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/create
// https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/urgent_app
import type { Client } from '@larksuiteoapi/node-sdk';
import type { PlatformAdapter } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { sendEphemeral } from './ephemeral';
import { callFeishu } from './errors';
import { renderFeishuCard } from './fit';
import type { FeishuCard } from './render';

export function feishuAdapter(client: Client, logger: Logger): PlatformAdapter<FeishuCard> {
  async function create(receiver: { type: 'open_id' | 'chat_id'; id: string }, rendered: FeishuCard, idempotencyKey: string): Promise<{ platformRef: string }> {
    const res = await callFeishu(() =>
      client.im.v1.message.create({
        params: { receive_id_type: receiver.type },
        data: { receive_id: receiver.id, msg_type: 'interactive', content: JSON.stringify(rendered), uuid: idempotencyKey.slice(0, 50) },
      }),
    );
    const messageId = res.data?.message_id;
    if (!messageId) throw new Error('飞书发送成功但没有返回 message_id');
    return { platformRef: messageId };
  }

  return {
    name: 'feishu',
    capabilities: { cards: true, updateCards: true, urgent: true, buttons: true, directMessages: true },
    // 发送消息: "1000 次/分钟、50 次/秒" per app, "向同一群组…群内机器人共享 5 QPS" (and 5 QPS per
    // person); 更新应用发送的消息卡片: the same per app and "单条消息更新频控为5QPS"; 发送应用内加急:
    // "默认接口限流为50 QPS". A 仅特定人可见 card counts as a send in its group (its own limit, 40 QPS
    // per group, is looser).
    rateLimits: [
      { op: 'send', scope: 'app', max: 50, perMs: 1000 },
      { op: 'send', scope: 'app', max: 1000, perMs: 60_000 },
      { op: 'send', scope: 'chat', max: 5, perMs: 1000 },
      { op: 'update', scope: 'app', max: 50, perMs: 1000 },
      { op: 'update', scope: 'app', max: 1000, perMs: 60_000 },
      { op: 'update', scope: 'message', max: 5, perMs: 1000 },
      { op: 'urgent', scope: 'app', max: 50, perMs: 1000 },
    ],
    render: renderFeishuCard,
    async send(target, rendered) {
      // `user:ou_…` is one person (an approver's private card, an urgent alert); anything else is a chat id.
      if (target.chatId.startsWith('user:')) return create({ type: 'open_id', id: target.chatId.slice('user:'.length) }, rendered, target.idempotencyKey);
      if (target.privateTo)
        return sendEphemeral(client, logger, { chatId: target.chatId, openId: target.privateTo, rendered }, () =>
          create({ type: 'open_id', id: target.privateTo! }, rendered, target.idempotencyKey),
        );
      return create({ type: 'chat_id', id: target.chatId }, rendered, target.idempotencyKey);
    },
    async update(platformRef, rendered) {
      await callFeishu(() => client.im.v1.message.patch({ path: { message_id: platformRef }, data: { content: JSON.stringify(rendered) } }));
    },
    async urgent(platformRef, userIds) {
      await callFeishu(() =>
        client.im.v1.message.urgentApp({ path: { message_id: platformRef }, params: { user_id_type: 'open_id' }, data: { user_id_list: userIds } }),
      );
    },
  };
}
