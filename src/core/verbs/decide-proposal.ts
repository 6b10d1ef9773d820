// 确认 / 调整级别 / 忽略 a 预警建议. Who may decide comes from the roster and the playbook
// (permissions.confirmWarning), never from the button. Race-safe: the decision is a conditional
// UPDATE … WHERE status = 'pending', so two leaders tapping at once decide it once.
import { and, eq } from 'drizzle-orm';
import { proposals, topics } from '../../db/schema';
import { textCard, type Button } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { higherLevel, LEVEL_RANK, LEVEL_SHORT, LEVELS, withoutGrade, type Level } from '../levels';
import { proposalRef } from '../names';
import { incidentById } from '../read/incidents';
import { memberById } from '../read/members';
import { requirePermission } from '../read/permissions';
import { proposalOf, topicById, type Proposal } from '../read/signals';
import { clockTime } from '../time';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { refreshProposalCards } from '../write/proposals';
import { appendTimeline } from '../write/timeline';
import { raiseTopicWarning } from './raise-topic-warning';
import { upgradeTopicIncident } from './upgrade-topic-incident';

export interface DecideProposalInput {
  ref: string;
  decision: 'confirm' | 'adjust' | 'ignore';
  level?: Level | undefined;
  reason?: string | undefined;
}

export function decideProposal(ctx: VerbContext, input: DecideProposalInput): { reply: string | null; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'confirmWarning');
  const proposal = proposalOf(tx, input.ref);
  const ref = proposalRef(proposal.id);
  if (proposal.status !== 'pending')
    throw new Refusal(
      decidedAlready(ctx, proposal),
      proposal.status !== 'superseded' ? '已处理' : proposal.reason ? `建议已作废：${proposal.reason}` : '建议已作废',
    );
  const topic = topicById(tx, proposal.topicId)!;
  // The topic may have gained an incident since (a person's 预警 sharing its link): that is the one to upgrade.
  const incidentId = proposal.incidentId ?? topic.incidentId;
  const incident = incidentId ? incidentById(tx, incidentId) : undefined;
  // 结案 withdraws pending proposals; one left over from before that must not quietly open a new incident.
  if (incident?.status === 'closed')
    throw new Refusal(
      `${ref} 已作废：${incident.number} 已结案，不能再按这条建议发布或升级。如舆情反复，预警引擎会按新信号另起话题重新评估。`,
      `建议已作废：${incident.number} 已结案`,
    );
  if (input.decision === 'adjust' && !input.level) {
    // The button carries no level: offer the choices in the chat it was tapped in.
    enqueueCard(tx, { platform: actor.platform, chatId: actor.chatId }, levelChoiceCard(ctx, proposal), { now, priority: PRIORITY.reply });
    return { reply: null, toast: '请选择要调整到的级别' };
  }
  const level = input.level ?? proposal.level;
  const levels = core.playbook.levels;
  const decided = tx
    .update(proposals)
    .set({
      status: input.decision === 'ignore' ? 'ignored' : 'confirmed',
      decidedLevel: input.decision === 'ignore' ? null : level,
      decidedBy: actor.member.id,
      decidedAt: now,
      reason: input.reason?.trim() || null,
    })
    .where(and(eq(proposals.id, proposal.id), eq(proposals.status, 'pending')))
    .returning()
    .get();
  if (!decided) throw new Refusal(`${ref} 刚刚已被其他人处理，请查看卡片上的结果。`, '已被他人处理');

  if (input.decision === 'ignore') {
    appendTimeline(ctx, {
      incidentId: proposal.incidentId,
      kind: 'proposal_ignored',
      text: `${actor.member.name} 忽略预警建议 ${ref}（${levels[proposal.level].name}）${decided.reason ? `：${decided.reason}` : ''}`,
      data: { proposalId: proposal.id },
    });
    refreshProposalCards(ctx, decided);
    return { reply: `已忽略 ${ref}。同一话题不会再建议这个级别，除非评分先回落再重新越过阈值。`, toast: `已忽略 ${ref}` };
  }

  let number: string;
  if (incident) {
    if (LEVEL_RANK[level] <= LEVEL_RANK[incident.level])
      throw new Refusal(
        `${incident.number} 已是${levels[incident.level].name}，不需要再确认${levels[level].name}。不需要时请点「忽略」。`,
        `${incident.number} 已是该级别或更高`,
      );
    upgradeTopicIncident(ctx, { topic, incidentId: incident.id, level, text: `${actor.member.name} 确认预警建议 ${ref}，${incident.number} 升级` });
    number = incident.number;
    if (!proposal.incidentId) tx.update(proposals).set({ incidentId: incident.id }).where(eq(proposals.id, proposal.id)).run();
  } else {
    const raised = raiseTopicWarning(ctx, { topic, level, proposal: ref });
    tx.update(proposals).set({ incidentId: raised.id }).where(eq(proposals.id, proposal.id)).run();
    number = raised.number;
  }
  // Decided by a person: the proposed level counts as handled even when a lower one was chosen.
  const actedBefore = topicById(tx, topic.id)!.actedLevel;
  const acted = higherLevel(higherLevel(actedBefore, level), proposal.level);
  if (acted !== actedBefore) tx.update(topics).set({ actedLevel: acted }).where(eq(topics.id, topic.id)).run();
  refreshProposalCards(ctx, tx.select().from(proposals).where(eq(proposals.id, proposal.id)).get()!);
  const adjusted = level !== proposal.level ? `（由建议的${withoutGrade(levels[proposal.level].name)}调整）` : '';
  return {
    reply: `已确认 ${ref}：${number} ${levels[level].name}${adjusted}，已按预案通知相关群。${levels[level].response}`,
    toast: `已确认：${number} ${withoutGrade(levels[level].name)}`,
  };
}

function decidedAlready(ctx: VerbContext, p: Proposal): string {
  const ref = proposalRef(p.id);
  if (p.status === 'superseded')
    return p.reason ? `${ref} 已作废：${p.reason}。请以最新的预警建议和事件卡片为准。` : `${ref} 已被更高级别的建议或自动预警取代，请看最新的预警建议卡片。`;
  const who = p.decidedBy ? (memberById(ctx.tx, p.decidedBy)?.name ?? '?') : '?';
  const when = p.decidedAt ? clockTime(p.decidedAt, ctx.core.timeZone) : '';
  return `${ref} 已由${who}于 ${when} ${p.status === 'ignored' ? '忽略' : '确认'}。`;
}

/** 调整级别 without a level: one button per level it could go to. */
function levelChoiceCard(ctx: VerbContext, p: Proposal) {
  const ref = proposalRef(p.id);
  const incident = p.incidentId ? incidentById(ctx.tx, p.incidentId) : undefined;
  const choices = LEVELS.filter((l) => l !== p.level && (!incident || LEVEL_RANK[l] > LEVEL_RANK[incident.level]));
  const names = ctx.core.playbook.levels;
  const card = textCard(
    `调整级别 · ${ref}`,
    `建议为${names[p.level].name}。${choices.length > 0 ? '请选择要发布的级别：' : '没有可以调整到的其他级别，请「确认」或「忽略」。'}`,
    'info',
  );
  const buttons: Button[] = choices.map((l) => ({
    label: `改为${withoutGrade(names[l].name)}`,
    action: 'adjustWarning',
    value: `${ref} ${LEVEL_SHORT[l]}`,
    style: l === 'red' ? 'danger' : 'default',
  }));
  if (buttons.length > 0) card.blocks.push({ type: 'actions', buttons });
  return card;
}
