// 发送仅特定人可见的消息卡片 (POST /open-apis/ephemeral/v1/send): a reply that concerns one person —
// a refusal, a mistake, their own status — shown in the group to them alone ("卡片上将展示 仅对你
// 可见 标识"). The SDK has no typed method for this older API, so it goes through client.request.
// Body: chat_id, open_id (or user_id / email), msg_type "interactive", card (an object, not a
// string). Where Feishu refuses it — a topic group ("该接口不支持群模式为话题的话题群"), a person
// not in the group ("只能发送给群聊中的特定用户") — the reply goes to the person privately instead.
// https://open.feishu.cn/document/ukTMukTMukTM/uETOyYjLxkjM24SM5IjN
import type { Client } from '@larksuiteoapi/node-sdk';
import { RetryLaterError } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { answeredByFeishu, callFeishu } from './errors';
import type { FeishuCard } from './render';

export async function sendEphemeral(
  client: Client,
  logger: Logger,
  to: { chatId: string; openId: string; rendered: FeishuCard },
  privately: () => Promise<{ platformRef: string }>,
): Promise<{ platformRef: string }> {
  try {
    const res = await callFeishu(() =>
      client.request({
        method: 'POST',
        url: '/open-apis/ephemeral/v1/send',
        data: { chat_id: to.chatId, open_id: to.openId, msg_type: 'interactive', card: to.rendered },
      }),
    );
    const messageId = res.data?.message_id;
    if (!messageId) throw new Error('飞书发送仅特定人可见卡片成功但没有返回 message_id');
    return { platformRef: messageId };
  } catch (err) {
    // Throttled, or no answer: the drain tries again. Refused: the person gets it privately.
    if (err instanceof RetryLaterError || !answeredByFeishu(err)) throw err;
    logger.info({ chatId: to.chatId, reason: err instanceof Error ? err.message : String(err) }, 'feishu: ephemeral card refused; replying privately instead');
    return privately();
  }
}
