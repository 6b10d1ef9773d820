// How the intelligent robot posts a message, whichever transport carries it. Over the long
// connection it may post into any chat it is in (aibot_send_msg). Over the HTTP callback it can
// only answer: each message it receives comes with a response_url, valid for an hour and good for
// one reply (WWD 100719), so a chat's outgoing messages spend that chat's unused urls in turn.
import { answeredByWecom, postWithoutToken } from './api';

export type RobotBody = { msgtype: 'markdown'; markdown: { content: string } } | { msgtype: 'template_card'; template_card: Record<string, unknown> };

export interface RobotTransport {
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

/** The callback transport: each chat's unused response_urls, oldest first, each spent once. */
export class ResponseUrls implements RobotTransport {
  private readonly byChat = new Map<string, { url: string; until: number }[]>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  remember(chatId: string, url: string): void {
    const list = this.fresh(chatId);
    list.push({ url, until: this.wallNow() + RESPONSE_URL_LIFETIME_MS - 60_000 });
    this.byChat.set(chatId, list.slice(-MAX_URLS_PER_CHAT));
  }

  async send(chatId: string, _target: string, body: RobotBody): Promise<boolean> {
    const list = this.fresh(chatId);
    const entry = list.shift();
    if (!entry) return false;
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

  private fresh(chatId: string): { url: string; until: number }[] {
    const now = this.wallNow();
    const list = (this.byChat.get(chatId) ?? []).filter((e) => e.until > now);
    this.byChat.set(chatId, list);
    return list;
  }
}
