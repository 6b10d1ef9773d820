// 预警建议: the warning engine asks the command centre to confirm a level it will not raise by
// itself (orange and red by default). A card with 确认 / 调整级别 / 忽略 goes to the command-centre
// groups, @mentioning the people the playbook lets confirm; the decision is verbs/decide-proposal.ts.
import { and, eq, inArray, or } from 'drizzle-orm';
import { proposals, topics } from '../../db/schema';
import type { Tx } from '../../db/types';
import { buildProposalCard } from '../cards/proposal-card';
import type { Core } from '../context';
import type { Level } from '../levels';
import { proposalRef } from '../names';
import { commandDestinations } from '../read/groups';
import type { Incident } from '../read/incidents';
import { allMembers } from '../read/members';
import { hasAnyRole } from '../read/permissions';
import { readProposalView } from '../read/proposal-view';
import type { Proposal, Topic } from '../read/signals';
import { enqueueCard, PRIORITY, refreshSubject } from './outbox';
import { proposalSubject } from './subjects';
import { writeTimeline } from './timeline';

type C = { tx: Tx; core: Core; now: number };

export function proposeLevel(c: C, topic: Topic, level: Level, incident: Incident | undefined): { ref: string; row: Proposal } {
  const { tx, core, now } = c;
  const proposal = tx
    .insert(proposals)
    .values({ topicId: topic.id, incidentId: incident?.id ?? null, level, score: topic.score, status: 'pending', createdAt: now })
    .returning()
    .get();
  const ref = proposalRef(proposal.id);
  const rule = core.playbook.levels[level];
  writeTimeline(tx, {
    incidentId: incident?.id ?? null,
    kind: 'warning_proposed',
    text: incident
      ? `预警引擎建议将 ${incident.number} 升级为${rule.name}（${ref}，评分 ${topic.score}），待指挥中心确认`
      : `预警引擎建议发布${rule.name}：${topic.title}（${ref}，评分 ${topic.score}），待指挥中心确认`,
    data: { proposalId: proposal.id, topicId: topic.id, level, score: topic.score },
    actorId: null,
    platform: 'signals',
    now,
  });
  const deciders = allMembers(tx).filter((m) => hasAnyRole(m, core.playbook.permissions.confirmWarning));
  const card = { ...buildProposalCard(core, readProposalView(tx, proposal)), mentions: deciders.map((m) => ({ memberId: m.id, name: m.name })) };
  for (const dest of commandDestinations(tx)) {
    enqueueCard(tx, dest, card, { now, priority: level === 'red' ? PRIORITY.red : PRIORITY.warning, subject: proposalSubject(proposal.id) });
  }
  return { ref, row: proposal };
}

/**
 * A pending proposal no longer stands — a higher level was proposed, its level was reached another
 * way, the score left its band, or its incident closed: it is marked superseded with the reason, and
 * its card loses its buttons and says why (a late tap is answered with the same reason).
 */
export function supersedeProposal(c: C, pending: Proposal, reason: string): void {
  const { tx, core, now } = c;
  const updated = tx.update(proposals).set({ status: 'superseded', decidedAt: now, reason }).where(eq(proposals.id, pending.id)).returning().get()!;
  writeTimeline(tx, {
    incidentId: pending.incidentId,
    kind: 'proposal_superseded',
    text: `预警建议 ${proposalRef(pending.id)}（${core.playbook.levels[pending.level].name}）已作废：${reason}`,
    data: { proposalId: pending.id, reason },
    actorId: null,
    platform: 'signals',
    now,
  });
  refreshProposalCards(c, updated);
}

/** 结案 withdraws what was waiting to upgrade the incident: confirming it could only open a new one. */
export function withdrawProposalsOfIncident(c: C, incident: Pick<Incident, 'id' | 'number'>): void {
  const { tx } = c;
  const ofTopics = tx.select({ id: topics.id }).from(topics).where(eq(topics.incidentId, incident.id));
  const pending = tx
    .select()
    .from(proposals)
    .where(and(eq(proposals.status, 'pending'), or(eq(proposals.incidentId, incident.id), inArray(proposals.topicId, ofTopics))))
    .all();
  for (const p of pending) supersedeProposal(c, p, `${incident.number} 已结案`);
}

/** A proposal made before its topic had an incident now asks to upgrade that incident. */
export function pointProposalAt(c: C, pending: Proposal, incident: Pick<Incident, 'id' | 'number'>): Proposal {
  const { tx, core, now } = c;
  const updated = tx.update(proposals).set({ incidentId: incident.id }).where(eq(proposals.id, pending.id)).returning().get()!;
  writeTimeline(tx, {
    incidentId: incident.id,
    kind: 'proposal_retargeted',
    text: `预警建议 ${proposalRef(pending.id)}（${core.playbook.levels[pending.level].name}）改为 ${incident.number} 的升级建议，确认后升级该事件`,
    data: { proposalId: pending.id },
    actorId: null,
    platform: 'signals',
    now,
  });
  refreshProposalCards(c, updated);
  return updated;
}

export function refreshProposalCards(c: C, proposal: Proposal): void {
  refreshSubject(c.tx, proposalSubject(proposal.id), buildProposalCard(c.core, readProposalView(c.tx, proposal)), { now: c.now });
}
