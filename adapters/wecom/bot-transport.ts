// How the intelligent robot posts a message, whichever transport carries it. Over the long
// connection it may post into any chat it is in (aibot_send_msg), cards too. Over the HTTP
// callback it can only answer: each message and each card click it receives comes with a
// response_url, valid for an hour and good for one call ("每个 response_url 用户可以调用接口一次，
// 该 response_url 有效期为 1 个小时", WWD 101138), so a chat's outgoing messages spend that chat's
// unused urls in turn; and through one, a template card goes only into a single chat ("当且仅当
// 回调的会话类型为单聊的时候，支持该主动回复类型").
import { PermanentDeliveryError } from '../../src/core/outbound/index';
import { answeredByWecom, postWithoutToken } from './api';

export type RobotBody = { msgtype: 'markdown'; markdown: { content: string } } | { msgtype: 'template_card'; template_card: Record<string, unknown> };

export interface RobotTransport {
  /** Whether a template card may go into a group (else groups get markdown). */
  readonly cardsInGroups: boolean;
  /**
   * Posts `body` to `target` (a group chatid or a userid) for the core's chat `chatId` (the group,
   * or `robot:<userid>` for a private chat). Resolves false when this transport has no way to
   * reach that chat now.
   */
  send(chatId: string, target: string, body: RobotBody): Promise<boolean>;
}

const RESPONSE_URL_LIFETIME_MS = 60 * 60 * 1000;
/** Kept per chat; more than this many unanswered @mentions in an hour is not a conversation. */
const MAX_URLS_PER_CHAT = 50;

interface Unused {
  url: string;
  until: number;
  /** The chat type of the callback that brought it: what it may carry depends on it. */
  single: boolean;
}

/** The callback transport: each chat's unused response_urls, oldest first, each spent once. */
export class ResponseUrls implements RobotTransport {
  readonly cardsInGroups = false;
  private readonly byChat = new Map<string, Unused[]>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  /** Keeps a fresh callback's url; a redelivered callback's was spent with the first (bot-inbound.ts). */
  remember(chatId: string, url: string, chatType: 'group' | 'p2p' = 'group'): void {
    const list = this.fresh(chatId);
    list.push({ url, until: this.wallNow() + RESPONSE_URL_LIFETIME_MS - 60_000, single: chatType === 'p2p' });
    this.byChat.set(chatId, list.slice(-MAX_URLS_PER_CHAT));
  }

  async send(chatId: string, _target: string, body: RobotBody): Promise<boolean> {
    const list = this.fresh(chatId);
    const entry = list[0];
    if (!entry) return false;
    // WeCom would refuse it, and the url would be gone: refuse here and keep the url.
    if (body.msgtype === 'template_card' && !entry.single)
      throw new PermanentDeliveryError(`企业微信智能机器人回调模式下，模板卡片只能回复到单聊，不能发到群 ${chatId}`);
    list.shift();
    try {
      await postWithoutToken(entry.url, body);
      return true;
    } catch (err) {
      // WeCom answered (an errcode): the url is spent, or was never good. No answer at all (the
      // network, a timeout): it may be unused, so it goes back for the retry.
      if (!answeredByWecom(err)) list.unshift(entry);
      throw err;
    }
  }

  private fresh(chatId: string): Unused[] {
    const now = this.wallNow();
    const list = (this.byChat.get(chatId) ?? []).filter((e) => e.until > now);
    this.byChat.set(chatId, list);
    return list;
  }
}
