// How the intelligent robot posts a message, whichever transport carries it. Over the long
// connection it may post into any chat it is in (aibot_send_msg). Over the HTTP callback it can
// only answer: each message it receives comes with a response_url, valid for an hour and good for
// one reply (WWD 100719), so a chat's next message goes through the newest unused one.
import { postWithoutToken } from './api';

export type RobotBody = { msgtype: 'markdown'; markdown: { content: string } } | { msgtype: 'template_card'; template_card: Record<string, unknown> };

export interface RobotTransport {
  /**
   * Posts `body` to `target` (a group chatid or a userid) for the core's chat `chatId`. Resolves
   * false when this transport cannot reach that chat now (nothing to answer through).
   */
  send(chatId: string, target: string, body: RobotBody): Promise<boolean>;
}

const RESPONSE_URL_LIFETIME_MS = 60 * 60 * 1000;

/** The callback transport: remembers each chat's newest response_url and spends it once. */
export class ResponseUrls implements RobotTransport {
  private readonly byChat = new Map<string, { url: string; until: number }>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  remember(chatId: string, url: string): void {
    this.byChat.set(chatId, { url, until: this.wallNow() + RESPONSE_URL_LIFETIME_MS - 60_000 });
  }

  async send(chatId: string, _target: string, body: RobotBody): Promise<boolean> {
    const entry = this.byChat.get(chatId);
    if (!entry || entry.until < this.wallNow()) return false;
    // Spent before the call: a second attempt with the same url would be refused anyway.
    this.byChat.delete(chatId);
    await postWithoutToken(entry.url, body);
    return true;
  }
}
