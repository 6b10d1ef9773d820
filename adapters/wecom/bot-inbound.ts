// One path for everything the intelligent robot receives, whichever transport brought it:
// decode → core → what to answer with. A message's answer goes through the outbox (the reply is
// queued in the command's own transaction); a click is answered at once with the clicked card as
// it is now, inside WeCom's 5 seconds, since that is the only moment a robot card can change.
import type { Inbound } from '../../src/core/inbound/index';
import { textCard } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';
import { decodeWecomBot } from './bot-decode';
import { clickCard } from './clicks';
import { templateCard } from './template-card';

export type RobotAnswer =
  | { kind: 'invalid'; reason: string }
  | { kind: 'none' }
  | { kind: 'welcome'; text: string }
  /** Replace the clicked card: for everyone, or only for `userids` (a refusal only the clicker needs to read). */
  | { kind: 'update'; templateCard: Record<string, unknown>; userids?: string[] | undefined };

const WELCOME = '你好，我是烽火，舆情应急处置机器人。发送「帮助」查看全部命令；在群里 @我 加命令，例如「@烽火 状态」。';

export interface RobotInboundDeps {
  inbound: Inbound;
  botName: string;
  /** Keeps a callback's one-time response_url for the chat's replies (callback transport only). */
  remember?(chatId: string, responseUrl: string, chatType: 'group' | 'p2p'): void;
  logger: Logger;
}

function keepUrl(deps: RobotInboundDeps, decoded: { event: { chatId: string; chatType: 'group' | 'p2p' }; responseUrl: string | undefined }): void {
  if (decoded.responseUrl) deps.remember?.(decoded.event.chatId, decoded.responseUrl, decoded.event.chatType);
}

export async function handleRobotPayload(payload: unknown, deps: RobotInboundDeps): Promise<RobotAnswer> {
  const decoded = decodeWecomBot(payload, deps.botName);
  switch (decoded.kind) {
    case 'invalid':
      return { kind: 'invalid', reason: decoded.reason };
    case 'ignored':
      return { kind: 'none' };
    case 'welcome':
      return { kind: 'welcome', text: WELCOME };
    case 'message': {
      // The admin needs the group's chatid for the organisation file; this is where it shows.
      const { chatId, chatType } = decoded.event;
      if (chatType === 'group' && !deps.inbound.directory.chat('wecom', chatId))
        deps.logger.info({ chatId }, 'wecom robot: message from a group not in the organisation file (add it under groups to route warnings there)');
      const received = await deps.inbound.receive(decoded.event);
      // A redelivery's url was spent by the first delivery's reply. The reply was only queued:
      // the delivery runs after this (setImmediate), by when the url is kept.
      if (received.outcome !== 'duplicate') keepUrl(deps, decoded);
      return { kind: 'none' };
    }
    case 'action': {
      const outcome = await clickCard(deps.inbound.receive, decoded, { resendOnRefresh: false });
      const clicker = decoded.event.sender.platformUserId;
      if (outcome.kind === 'duplicate') return { kind: 'none' };
      keepUrl(deps, decoded);
      // A card we no longer know (from before a database reset): the button still did what it
      // says; tell the clicker the outcome and where the current state is.
      if (!outcome.card) {
        const said = outcome.kind === 'acted' && outcome.toast ? `${outcome.done ? '' : '未执行：'}${outcome.toast}` : '这张卡片已失效';
        return {
          kind: 'update',
          templateCard: templateCard(textCard(said, '这张卡片已过期，请 @我 发送「状态」查看最新情况。', 'warn'), decoded.taskId),
          userids: [clicker],
        };
      }
      if (outcome.kind === 'refreshed') return { kind: 'update', templateCard: templateCard(outcome.card, decoded.taskId, '（已刷新为最新状态）') };
      // Done: the card itself now shows the change (who claimed, who approved) to everyone.
      if (outcome.done) return { kind: 'update', templateCard: templateCard(outcome.card, decoded.taskId) };
      if (!outcome.toast) return { kind: 'none' };
      // Refused: everyone else's card stays as it is; the clicker reads why.
      return { kind: 'update', templateCard: templateCard(outcome.card, decoded.taskId, `未执行：${outcome.toast}`), userids: [clicker] };
    }
  }
}
