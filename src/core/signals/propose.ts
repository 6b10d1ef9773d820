// 预警建议: the warning engine asks the command centre to confirm a level it will not raise by
// itself (orange and red by default). A card with 确认 / 调整级别 / 忽略 goes to the command-centre
// groups, @mentioning the people the playbook lets confirm; the decision is decide-proposal.ts.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/types';
import { members, proposals } from '../../db/schema';
import { buildProposalCard } from '../cards/proposal-card';
import type { Core } from '../context';
import type { Incident } from '../incidents/queries';
import type { Level } from '../levels';
import { commandDestinations } from '../org/groups';
import { toMember } from '../org/members';
import { hasAnyRole } from '../org/permissions';
import { enqueueCard, PRIORITY, refreshSubject } from '../outbox/enqueue';
import { writeTimeline } from '../timeline/append';
import { proposalRef, proposalSubject, type Proposal, type Topic } from './queries';

type C = { tx: Tx; core: Core; now: number };

export function proposeLevel(c: C, topic: Topic, level: Level, incident: Incident | undefined): { ref: string } {
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
  const deciders = tx
    .select()
    .from(members)
    .all()
    .map(toMember)
    .filter((m) => hasAnyRole(m, core.playbook.permissions.confirmWarning));
  const card = { ...buildProposalCard(tx, core, proposal, now), mentions: deciders.map((m) => ({ memberId: m.id, name: m.name })) };
  for (const dest of commandDestinations(tx)) {
    enqueueCard(tx, dest, card, { now, priority: level === 'red' ? PRIORITY.red : PRIORITY.warning, subject: proposalSubject(proposal.id) });
  }
  return { ref };
}

/** A higher level replaces a pending proposal: its card loses its buttons and says so. */
export function supersedeProposal(c: C, pending: Proposal, byLevel: Level | undefined): void {
  const { tx, core, now } = c;
  const updated = tx.update(proposals).set({ status: 'superseded', decidedAt: now }).where(eq(proposals.id, pending.id)).returning().get()!;
  writeTimeline(tx, {
    incidentId: pending.incidentId,
    kind: 'proposal_superseded',
    text: `预警建议 ${proposalRef(pending.id)}（${core.playbook.levels[pending.level].name}）已被${byLevel ? `更高级别（${core.playbook.levels[byLevel].name}）的建议` : '自动预警'}取代`,
    data: { proposalId: pending.id },
    actorId: null,
    platform: 'signals',
    now,
  });
  refreshProposalCards(c, updated);
}

export function refreshProposalCards(c: C, proposal: Proposal): void {
  refreshSubject(c.tx, proposalSubject(proposal.id), buildProposalCard(c.tx, c.core, proposal, c.now), { now: c.now });
}
