// WeCom as a delivery target. One platform, three ways in, chosen per destination:
//   `user:<userid>`  → the self-built app (template_card / markdown), else the intelligent robot's
//                      private chat;
//   `robot:<userid>` → the intelligent robot's private chat (where that person talked to it);
//   a group chatid   → its group robot webhook when the organisation file gives one
//                      (`extra.webhookKey`: groups without the intelligent robot, markdown only),
//                      else the intelligent robot. Its markdown is markdown_v2, which cannot
//                      @mention; a robot group's `extra.mentionKey` (a group robot key of that
//                      group) carries the mentions, and the message itself when the robot
//                      cannot post it (group-robot.ts).
// Over the robot's HTTP callback a card goes only into a single chat ("当且仅当回调的会话类型为
// 单聊", WWD 101138); in a group the card is markdown with its reply commands.
// A reply for one person in a group (privateTo) goes to them through the app when there is one.
// Cards with buttons become template cards whose task_id comes from the outbox row, so a retry is
// refused as a duplicate (42014) rather than shown twice; the task_id leads the message's
// platformRef, which is how a click finds its card (clicks.ts). A robot card changes only when
// clicked; an app card may also be replaced once through update_template_card with the
// response_code its send returned (kept in the platformRef after '#'); WeCom refuses a second
// time, and then the card stays as it is: 刷新状态 and 状态 show the rest.
// https://developer.work.weixin.qq.com/document/path/90236 (app), 99110 (group robot), 101138 (robot)
import type { Card } from '../../src/core/outbound/index';
import { PermanentDeliveryError, RetryLaterError, type PlatformAdapter } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { answeredByWecom, type WecomApi } from './api';
import type { RobotBody, RobotTransport } from './bot-transport';
import { groupRobot } from './group-robot';
import { markdownText, robotMarkdown } from './markdown';
import { clipBytes, CUT_NOTE, hasButtons, taskIdFor, templateCard } from './template-card';

export interface WecomRendered {
  card: Card;
  text: string;
}

export interface WecomRoutes {
  /** The self-built app, when configured. */
  app?: { api: WecomApi; agentId: number } | undefined;
  /** The intelligent robot, when configured. */
  robot?: RobotTransport | undefined;
  /** For group robot webhooks. */
  apiBase: string;
  /** The organisation file's settings for a WeCom group: `webhookKey` (a robot-only group), `mentionKey`. */
  groupKeys(chatId: string): { webhookKey?: string | undefined; mentionKey?: string | undefined };
  logger: Logger;
}

export function wecomAdapter(routes: WecomRoutes): PlatformAdapter<WecomRendered> {
  const groupRobots = groupRobot(routes.apiBase, routes.logger);

  async function viaApp(userId: string, card: Card, taskId: string, text: string): Promise<string> {
    const { api, agentId } = routes.app!;
    // A short duplicate window: long enough to catch a retry after a lost answer, short enough
    // that asking 状态 twice still gets two answers.
    const body = hasButtons(card)
      ? { touser: userId, agentid: agentId, msgtype: 'template_card', template_card: templateCard(card, taskId) }
      : // "markdown内容，最长不超过2048个字节" (WWD 90236)
        {
          touser: userId,
          agentid: agentId,
          msgtype: 'markdown',
          markdown: { content: clipBytes(text, 2048, CUT_NOTE) },
          enable_duplicate_check: 1,
          duplicate_check_interval: 60,
        };
    try {
      const answer = await api.post('/cgi-bin/message/send', body);
      return typeof answer.response_code === 'string' && answer.response_code ? `${taskId}#${answer.response_code}` : taskId;
    } catch (err) {
      // task_ids are unique to the outbox row: "already exists" means an earlier attempt went.
      if ((err as { errcode?: number }).errcode === 42014) return taskId;
      throw err;
    }
  }

  /**
   * Replaces an app card once, with the response_code of its send, for everyone it went to
   * ("atall 更新整个任务接收人员", WWD 94888); later changes are refused.
   */
  async function updateAppCard(platformRef: string, card: Card): Promise<void> {
    const [taskId, responseCode] = platformRef.split('#');
    if (!routes.app || !responseCode || !taskId) return; // a robot card or markdown: nothing can change it now
    try {
      await routes.app.api.post('/cgi-bin/message/update_template_card', {
        agentid: routes.app.agentId,
        response_code: responseCode,
        atall: 1,
        template_card: templateCard(card, taskId),
      });
    } catch (err) {
      // Used already, or past its 72 hours (WeCom documents no errcode for either): the card keeps
      // what it shows, and that is not a failed delivery. A refusal we know to be permanent (a
      // card WeCom will never take, no recipient) is one, and goes to the dead letters.
      if (answeredByWecom(err) && !(err instanceof RetryLaterError) && !(err instanceof PermanentDeliveryError)) return;
      throw err;
    }
  }

  async function viaRobot(chatId: string, target: string, card: Card, taskId: string): Promise<string> {
    const robot = routes.robot!;
    const single = chatId.startsWith('robot:');
    const groupKey = single ? undefined : routes.groupKeys(chatId).mentionKey;
    const body: RobotBody =
      hasButtons(card) && (single || robot.cardsInGroups)
        ? { msgtype: 'template_card', template_card: templateCard(card, taskId) }
        : { msgtype: 'markdown', markdown: { content: robotMarkdown(card, !single) } };
    let sent: boolean;
    try {
      sent = await robot.send(chatId, target, body);
    } catch (err) {
      // Whether the robot may post into a group where nobody has talked to it yet is not clear
      // from the documents: if WeCom refuses, the group's own group robot posts it instead.
      if (!groupKey || !answeredByWecom(err) || err instanceof RetryLaterError) throw err;
      sent = false;
    }
    if (!sent && groupKey) {
      await groupRobots.post(groupKey, card);
      return `${chatId}:${taskId}`;
    }
    if (!sent) {
      const fix = single ? '或配置自建应用（WECOM_CORP_ID 等）来私信' : '或在这个群里添加「消息推送」并把它的 key 写进组织文件 groups[].extra.mentionKey';
      throw new PermanentDeliveryError(
        `企业微信 ${chatId}：智能机器人是回调模式，只能回复（每次有人 @它、私聊它或点它的卡片，一小时内可回一条），现在没有可用的回复机会，不能主动发送。请改用长连接（WECOM_BOT_MODE=ws），${fix}`,
      );
    }
    if (groupKey) await groupRobots.mention(groupKey, chatId, card);
    return taskId;
  }

  return {
    name: 'wecom',
    capabilities: { cards: true, updateCards: true, urgent: false, buttons: true, directMessages: true },
    // The same member may receive at most 30 messages a minute from one app (WWD 90454); a group
    // robot at most 20 (WWD 99110). One declared limit per chat, so the stricter one for all.
    rateLimits: [{ op: 'send', scope: 'chat', max: 20, perMs: 60_000 }],
    render: (card) => ({ card, text: markdownText(card) }),
    async send(target, rendered) {
      const { card, text } = rendered;
      const taskId = taskIdFor(target.idempotencyKey);
      const { chatId } = target;
      // A reply for one person in a group: privately through the app. Without an app it stays in
      // the group (the robot's private chat is reachable only where the person talked to it; a
      // tapped card's refusal is shown to the clicker alone by the click's answer, bot-inbound.ts).
      if (target.privateTo && routes.app && !chatId.startsWith('user:') && !chatId.startsWith('robot:'))
        return { platformRef: await viaApp(target.privateTo, card, taskId, text) };
      if (chatId.startsWith('user:')) {
        const userId = chatId.slice('user:'.length);
        if (routes.app) return { platformRef: await viaApp(userId, card, taskId, text) };
        // The robot reaches a person in its own private chat, where that person talked to it.
        if (routes.robot) return { platformRef: await viaRobot(`robot:${userId}`, userId, card, taskId) };
        throw new PermanentDeliveryError('没有配置企业微信自建应用，不能私信；请配置 WECOM_CORP_ID 等变量');
      }
      if (chatId.startsWith('robot:')) {
        if (!routes.robot) throw new PermanentDeliveryError('企业微信智能机器人已停用（WECOM_BOT_* 未设置），不能回复它的单聊');
        return { platformRef: await viaRobot(chatId, chatId.slice('robot:'.length), card, taskId) };
      }
      const key = routes.groupKeys(chatId).webhookKey;
      if (key) {
        await groupRobots.post(key, card);
        return { platformRef: `${chatId}:${target.idempotencyKey}` };
      }
      if (routes.robot) return { platformRef: await viaRobot(chatId, chatId, card, taskId) };
      throw new PermanentDeliveryError(
        `企业微信群 ${chatId} 既没有智能机器人（WECOM_BOT_*）也没有群机器人（组织文件 groups[].extra.webhookKey），自建应用不能发到普通群`,
      );
    },
    update: (platformRef, rendered) => updateAppCard(platformRef, rendered.card),
  };
}
