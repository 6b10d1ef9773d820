// A WeCom group's group robot (消息推送, WWD 99110): a webhook key that may post into its group at
// any time, 20 messages a minute, markdown (v1) whose `<@userid>` notifies, or text whose
// mentioned_list does. A robot-only group is reached through it alone (`extra.webhookKey`); a
// group served by the intelligent robot may have one as well (`extra.mentionKey`), to @mention
// people (the robot's markdown_v2 cannot) and to post when the robot cannot.
import type { Card } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { postWithoutToken, robotWebhookUrl } from './api';
import { mentionText, webhookMarkdown } from './markdown';

export interface GroupRobot {
  /** Posts the card as markdown, its mentions included. */
  post(key: string, card: Card): Promise<void>;
  /** Names the card's people in a text message's mentioned_list. Logged on failure, never thrown. */
  mention(key: string, chatId: string, card: Card): Promise<void>;
}

export function groupRobot(apiBase: string, logger: Logger): GroupRobot {
  return {
    async post(key, card) {
      await postWithoutToken(robotWebhookUrl(apiBase, key), { msgtype: 'markdown', markdown: { content: webhookMarkdown(card) } });
    },
    async mention(key, chatId, card) {
      const text = mentionText(card);
      if (!text) return;
      try {
        await postWithoutToken(robotWebhookUrl(apiBase, key), { msgtype: 'text', text });
      } catch (err) {
        // The card went already: a retry would post it twice, so this is reported, not retried.
        logger.warn({ chatId, reason: (err as Error).message }, 'wecom: the @mention through the group robot (mentionKey) failed; the card went without it');
      }
    },
  };
}
