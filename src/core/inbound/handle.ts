// The one path every platform's messages and button taps take into the core:
// dedupe → who is it → which command → the verb in one transaction → reply queued in the outbox.
import type { Tx } from '../../db/types';
import { textCard, type Card } from '../cards/card';
import { ACTION_COMMAND } from '../cards/text-fallback';
import { commandByName, matchCommand, usageText } from '../commands/registry';
import type { CommandSpec } from '../commands/spec';
import type { Actor, Core } from '../context';
import { Refusal } from '../errors';
import { asDrillCard } from '../cards/drill-mark';
import { changeMark, containDrillMessages } from '../write/drill-containment';
import { requireRegistered } from '../read/permissions';
import { resolveSender } from '../write/register-sender';
import { enqueueCard, PRIORITY } from '../write/outbox';
import type { HandleResult, InboundEvent, InboundMessage, Newcomer } from './event';
import { markSeen } from './seen';
import { seenBatcher } from './seen-batch';

/** Take the write lock at BEGIN: another process on the same file then waits (busy_timeout) rather than failing on a lock upgrade. */
const IMMEDIATE = { behavior: 'immediate' } as const;

type Plan = { kind: 'run'; spec: CommandSpec<any>; words: string[]; rest: string } | { kind: 'answer'; refusal: Refusal } | { kind: 'ignore' };

export function handleInbound(core: Core, event: InboundEvent): HandleResult {
  const plan = planFor(event);
  if (plan.kind === 'ignore') {
    // Still recorded, so a redelivery of chatter costs nothing either.
    return { outcome: markSeen(core.db, event, core.clock.now()) ? 'ignored' : 'duplicate' };
  }
  return runPlan(core, event, plan);
}

/**
 * The same, for busy webhooks: chatter is recorded by group commit (one transaction for all the
 * deliveries of one event-loop turn) and the promise settles after the commit. Commands run as
 * in handleInbound.
 */
export async function handleInboundBatched(core: Core, event: InboundEvent): Promise<HandleResult> {
  const plan = planFor(event);
  if (plan.kind === 'ignore') return { outcome: (await seenBatcher(core.db).mark(event, core.clock.now())) ? 'ignored' : 'duplicate' };
  return runPlan(core, event, plan);
}

function runPlan(core: Core, event: InboundEvent, plan: Exclude<Plan, { kind: 'ignore' }>): HandleResult {
  const now = core.clock.now();
  const command = plan.kind === 'run' ? plan.spec.name : undefined;
  try {
    return core.db.transaction((tx) => {
      if (!markSeen(core.db, event, now)) return { outcome: 'duplicate' as const };
      const { actor, newcomer } = actorFor(tx, event, now);
      if (plan.kind === 'answer') throw plan.refusal;
      if (actor.member.guest && !plan.spec.guests) requireRegistered(actor.member, `「${plan.spec.name}」`);
      const args = plan.spec.args.safeParse(plan.spec.read(plan.words, plan.rest));
      if (!args.success)
        throw argumentRefusal(
          plan.spec,
          args.error.issues.map((i) => i.message),
        );
      const mark = changeMark(tx);
      const outcome = plan.spec.run({ tx, core, actor, now }, args.data);
      const answer = outcome.reply !== null && event.kind === 'message' ? reply(tx, event, outcome.reply, now, outcome.privately ?? false) : undefined;
      // A change about a drill: everything it queued says so (write/drill-containment.ts).
      const drill = containDrillMessages(tx, mark);
      const shown = answer && drill ? asDrillCard(answer) : answer;
      return { outcome: 'done' as const, toast: outcome.toast, command, newcomer, ...(shown ? { reply: shown } : {}) };
    }, IMMEDIATE);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    // The change rolled back; record the delivery and answer in a transaction of their own.
    return core.db.transaction((tx) => {
      if (!markSeen(core.db, event, now)) return { outcome: 'duplicate' as const };
      const { newcomer } = actorFor(tx, event, now);
      // A mistake or a refusal concerns only the sender: shown to them alone where the platform can.
      const answer = event.kind === 'message' ? reply(tx, event, textCard('未执行', err.reply, 'error'), now, true) : undefined;
      return { outcome: 'refused' as const, toast: err.toast, command, newcomer, ...(answer ? { reply: answer } : {}) };
    }, IMMEDIATE);
  }
}

function planFor(event: InboundEvent): Plan {
  if (event.kind === 'action') {
    const word = Object.hasOwn(ACTION_COMMAND, event.action) ? ACTION_COMMAND[event.action as keyof typeof ACTION_COMMAND] : undefined;
    const spec = word ? commandByName(word) : undefined;
    if (!spec) return { kind: 'answer', refusal: new Refusal('这个按钮已失效，请发送「状态」查看最新卡片。', '按钮已失效') };
    const value = event.value.trim();
    return { kind: 'run', spec, words: value ? value.split(/\s+/) : [], rest: value };
  }
  // In a group, a line not addressed to the bot runs a command only when its first word is
  // exactly one ("状态", "/claim T3"); "进展顺利，辛苦了" is chatter, not 进展.
  const match = matchCommand(event.text, { allowGlued: event.addressed });
  if (match.kind === 'command') return { kind: 'run', spec: match.spec, words: match.words, rest: match.rest };
  if (!event.addressed) return { kind: 'ignore' };
  if (match.kind === 'empty') return { kind: 'answer', refusal: new Refusal('在呢。发送「帮助」查看全部命令，例如「预警 橙 描述」「认领 T3」「状态」。') };
  const hint = match.suggestion ? `你是不是想输入「${match.suggestion.name}」？\n${usageText(match.suggestion)}` : '发送「帮助」查看全部命令。';
  return { kind: 'answer', refusal: new Refusal(`没有「${match.word}」这个命令。${hint}`, '没有这个命令') };
}

function argumentRefusal(spec: CommandSpec<any>, problems: string[]): Refusal {
  const unique = [...new Set(problems)];
  return new Refusal(`「${spec.name}」的参数不对：${unique.join('；')}。\n${usageText(spec)}`, unique[0] ?? '参数不对');
}

function actorFor(tx: Tx, event: InboundEvent, now: number): { actor: Actor; newcomer: Newcomer | undefined } {
  const { member, registered } = resolveSender(tx, { platform: event.platform, ...event.sender }, now);
  const newcomer = registered ? { platform: event.platform, platformUserId: event.sender.platformUserId, name: member.name } : undefined;
  return { actor: { member, platform: event.platform, chatId: event.chatId, chatType: event.chatType }, newcomer };
}

/**
 * Queues the answer in the chat, or hands it back to a door that shows it itself. A private answer
 * in a group is addressed to the sender alone (bot_messages.recipient; the adapter shows it to them
 * only, or sends it to them directly); in a private chat it is just the answer.
 */
function reply(tx: Tx, event: InboundMessage, content: Card | string, now: number, privately: boolean): Card | undefined {
  const card = typeof content === 'string' ? textCard('烽火', content, 'ok') : content;
  if (event.answerInline) return card;
  const recipient = privately && event.chatType === 'group' ? event.sender.platformUserId : undefined;
  enqueueCard(tx, { platform: event.platform, chatId: event.chatId }, card, { now, priority: PRIORITY.reply, recipient });
  return undefined;
}
