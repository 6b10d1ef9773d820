// A fake Feishu event sender: builds v2 envelopes, encrypts and signs them exactly as the platform
// does (事件订阅; docs/platforms/feishu.md), so tests post the bytes Feishu would.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { signatureOf } from '../../adapters/feishu/crypto';

export function encryptLikeFeishu(encryptKey: string, plaintext: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(encryptKey).digest(), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export interface SignedRequest {
  body: Buffer;
  headers: Record<string, string>;
}

/** Encrypts (when a key is given) and signs a payload; `serialise` lets a test change the bytes. */
export function feishuRequest(payload: unknown, opts: { encryptKey?: string; serialise?: (o: unknown) => string } = {}): SignedRequest {
  const serialise = opts.serialise ?? ((o) => JSON.stringify(o));
  const text = opts.encryptKey ? serialise({ encrypt: encryptLikeFeishu(opts.encryptKey, JSON.stringify(payload)) }) : serialise(payload);
  const body = Buffer.from(text, 'utf8');
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.encryptKey) {
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = signatureOf(timestamp, nonce, opts.encryptKey, body);
  }
  return { body, headers };
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}${(++seq).toString(16).padStart(8, '0')}${randomBytes(6).toString('hex')}`;

interface MessageOptions {
  token: string;
  chatId: string;
  senderOpenId: string;
  botOpenId: string;
  messageId?: string;
  chatType?: 'group' | 'p2p';
  /** header.create_time as sent; Date.now() in milliseconds (the receive_v1 example's unit) unless told. */
  createTime?: string;
}

/** `im.message.receive_v1` for a group text that @mentions the bot (placeholder `@_user_1`). */
export function groupTextEvent(opts: MessageOptions & { text: string }) {
  const p2p = opts.chatType === 'p2p';
  return receiveEvent(opts, 'text', { text: p2p ? opts.text : `@_user_1 ${opts.text}` }, p2p ? [] : [botMention(opts.botOpenId)]);
}

/**
 * `im.message.receive_v1` for a rich-text (`post`) message whose content is `post`, as given: the
 * received shape `{title, content: [[…]]}` (接收消息内容结构, 富文本 post) or the locale-keyed
 * `{zh_cn: {title, content}}` of the sending side. The bot is mention `@_user_1`.
 */
export function groupPostEvent(opts: MessageOptions & { post: unknown }) {
  return receiveEvent(opts, 'post', opts.post, [botMention(opts.botOpenId)]);
}

function botMention(botOpenId: string) {
  return { key: '@_user_1', id: { open_id: botOpenId, union_id: 'on_bot', user_id: '' }, name: '烽火', tenant_key: 'tk' };
}

function receiveEvent(opts: MessageOptions, messageType: string, content: unknown, mentions: unknown[]) {
  return {
    schema: '2.0',
    header: {
      event_id: nextId('ev'),
      event_type: 'im.message.receive_v1',
      create_time: opts.createTime ?? String(Date.now()),
      token: opts.token,
      app_id: 'cli_test',
      tenant_key: 'tk',
    },
    event: {
      sender: { sender_id: { open_id: opts.senderOpenId, union_id: 'on_x', user_id: 'u' }, sender_type: 'user', tenant_key: 'tk' },
      message: {
        message_id: opts.messageId ?? nextId('om_'),
        create_time: String(Date.now()),
        chat_id: opts.chatId,
        chat_type: opts.chatType ?? 'group',
        message_type: messageType,
        content: JSON.stringify(content),
        mentions,
      },
    },
  };
}

/** `card.action.trigger` for a tap on a button whose callback value is `value`. */
export function cardActionEvent(opts: { token: string; operatorOpenId: string; messageId: string; chatId: string; value: Record<string, unknown> }) {
  return {
    schema: '2.0',
    header: {
      event_id: nextId('ev'),
      event_type: 'card.action.trigger',
      create_time: String(Date.now() * 1000),
      token: opts.token,
      app_id: 'cli_test',
      tenant_key: 'tk',
    },
    event: {
      operator: { tenant_key: 'tk', user_id: 'u', open_id: opts.operatorOpenId, union_id: 'on_x' },
      token: `c-${randomBytes(8).toString('hex')}`,
      action: { value: opts.value, tag: 'button', timezone: 'Asia/Shanghai', name: 'Button_1' },
      host: 'im_message',
      context: { open_message_id: opts.messageId, open_chat_id: opts.chatId },
    },
  };
}
