// What the warning engine does after a topic is scored. The playbook's automatic levels (blue,
// yellow by default) are raised — or an open incident upgraded — by the engine itself; the others
// are proposed to the command centre. A loud topic gets at least what a quiet one gets: the highest
// automatic level at or below its band is raised even while a higher level waits for a decision,
// and that proposal then asks to upgrade the incident just raised. Never a second incident for a
// topic with an open one, never the same level twice, never a person's decision undone.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/types';
import { leads, signals, timeline, topics } from '../../db/schema';
import type { Core } from '../context';
import { applyLevelChange } from '../verbs/change-level';
import { openIncident, type Doer } from '../verbs/open-incident';
import { incidentById, type Incident } from '../read/incidents';
import { LEVEL_RANK, LEVELS, type Level } from '../levels';
import { commandDestinations } from '../read/groups';
import { higherLevel, reaches } from '../write/topics';
import { pointProposalAt, proposeLevel, supersedeProposal } from '../write/proposals';
import { refreshForSignals } from './refresh-cards';
import { signalCount, type Proposal, type Topic } from '../read/signals';

/** The warning engine as the doer of what it does by itself (timeline platform `signals`, no member). */
export const ENGINE: Doer = { memberId: null, name: '预警引擎', platform: 'signals' };

export type TopicAction =
  | { kind: 'raised'; topic: number; incident: string; level: Level }
  | { kind: 'upgraded'; topic: number; incident: string; level: Level }
  | { kind: 'proposed'; topic: number; proposal: string; incident: string | null; level: Level };

type C = { tx: Tx; core: Core; now: number };

/** A topic just scored (score-topic.ts), as the batch found it: its incident and pending proposal, if any. */
export interface TopicState {
  topic: Topic;
  incident: Incident | undefined;
  pending: Proposal | undefined;
  /** New signals joined it in this batch. */
  grew: boolean;
}

/** Returns what was done, in order. */
export function actOnTopic(c: C, state: TopicState): TopicAction[] {
  const { tx, core } = c;
  const { topic, grew, incident } = state;
  // A closed incident's topic takes no new signals (ingest places them afresh); nothing to do.
  if (incident?.status === 'closed') return [];
  let open = incident;
  const target = topic.level;
  const names = core.playbook.levels;
  const actions: TopicAction[] = [];

  // A proposal stands only while the score is in its level's band.
  let pending = state.pending;
  const withdrawn = pending && !reaches(target, pending.level) ? pending : undefined;
  if (withdrawn) {
    supersedeProposal(c, withdrawn, target ? `评分已回落到${bandName(c, target)}区间` : `评分已回落到${bandName(c, 'blue')}阈值以下`);
    pending = undefined;
  }

  let acted = topic.actedLevel;
  if (acted && !reaches(target, acted)) acted = loweredActed(acted, target, open, withdrawn?.level);

  // The automatic level: raised when there is no incident yet, or upgraded to when nothing at it
  // has been handled (a person who lowered the incident from it has handled it).
  const auto = highestAutomaticAtOrBelow(c, target);
  if (auto && (!open || (LEVEL_RANK[auto] > LEVEL_RANK[open.level] && !reaches(acted, auto)))) {
    if (open) {
      upgradeFromTopic(c, topic, open.id, auto, ENGINE, `监测信号评分 ${topic.score} 达到${names[auto].name}阈值，${open.number} 自动升级`);
      open = incidentById(tx, open.id)!;
      actions.push({ kind: 'upgraded', topic: topic.id, incident: open.number, level: auto });
    } else {
      open = raiseFromTopic(c, topic, auto, ENGINE);
      actions.push({ kind: 'raised', topic: topic.id, incident: open.number, level: auto });
    }
    acted = higherLevel(acted, auto);
  }

  // A level above the automatic ones: proposed once, as an upgrade of the open incident if any.
  if (target && !core.playbook.indicators.automatic.includes(target) && !reaches(acted, target) && !(open && reaches(open.level, target))) {
    if (!(pending && reaches(pending.level, target))) {
      if (pending) supersedeProposal(c, pending, `已有更高级别（${names[target].name}）的建议`);
      const proposal = proposeLevel(c, topic, target, open);
      pending = proposal.row;
      actions.push({ kind: 'proposed', topic: topic.id, proposal: proposal.ref, incident: open?.number ?? null, level: target });
    }
    acted = higherLevel(acted, target);
  }

  if (pending && open) {
    // The incident has reached the proposed level some other way: nothing left to confirm.
    if (reaches(open.level, pending.level)) supersedeProposal(c, pending, `${open.number} 已是${names[open.level].name}`);
    // Proposed before the topic had an incident: confirming it now upgrades that one.
    else if (pending.incidentId !== open.id) pointProposalAt(c, pending, open);
  }

  if (acted !== topic.actedLevel) tx.update(topics).set({ actedLevel: acted }).where(eq(topics.id, topic.id)).run();
  // New signals on an open incident: its cards show the new count and score (at most once a minute).
  // A raise or upgrade has just rebuilt them.
  if (open && grew && !actions.some((a) => a.kind !== 'proposed')) refreshForSignals(c, open);
  return actions;
}

/**
 * The score fell below the band of what was handled. What stays handled is what still stands: the
 * open incident's level, and — when a person decided at the higher level (lowered the incident from
 * it, ignored or confirmed a proposal) — the band the score is in now, which that person has judged.
 * A proposal nobody decided (withdrawn just now) leaves only the incident: its band is new ground.
 */
function loweredActed(acted: Level, band: Level | null, open: Incident | undefined, withdrawnLevel: Level | undefined): Level | null {
  const undecided = withdrawnLevel !== undefined && LEVEL_RANK[withdrawnLevel] >= LEVEL_RANK[acted];
  return higherLevel(undecided ? null : band, open?.level ?? null);
}

function highestAutomaticAtOrBelow(c: C, target: Level | null): Level | null {
  if (!target) return null;
  const automatic = c.core.playbook.indicators.automatic;
  return LEVELS.find((l) => LEVEL_RANK[l] <= LEVEL_RANK[target] && automatic.includes(l)) ?? null;
}

function bandName(c: C, level: Level): string {
  return c.core.playbook.levels[level].name.replace(/（.*）/, '');
}

/** Opens the topic's incident at a level, by the engine or by whoever confirmed a proposal. */
export function raiseFromTopic(c: C, topic: Topic, level: Level, by: Doer, confirmedFrom?: string) {
  const { tx, core } = c;
  const rule = core.playbook.levels[level];
  const origin = commandDestinations(tx)[0];
  if (!origin) throw new Error('no command-centre group: the organisation check should have refused to start');
  const count = signalCount(tx, [topic.id]);
  const who = by.memberId === null ? '监测信号自动发布' : `${by.name} 确认预警建议 ${confirmedFrom ?? ''}，发布`;
  const { incident } = openIncident(c, {
    level,
    title: topic.title,
    links: [],
    isDrill: false,
    raisedBy: 'signals',
    by,
    origin,
    timeline: { text: `${who}${rule.name}：${topic.title}（评分 ${topic.score}，信号 ${count} 条）`, data: { level, topicId: topic.id, score: topic.score, signals: count, proposal: confirmedFrom ?? null } },
    onCreated: (created) => attachTopic(tx, topic.id, created),
  });
  return incident;
}

export function upgradeFromTopic(c: C, topic: Topic, incidentId: number, level: Level, by: Doer, text: string): void {
  const incident = incidentById(c.tx, incidentId)!;
  applyLevelChange(c, incident, level, {
    by,
    origin: { platform: incident.originPlatform, chatId: incident.originChatId },
    timelineText: `${text}为${c.core.playbook.levels[level].name}（评分 ${topic.score}）`,
    data: { topicId: topic.id, score: topic.score },
  });
}

/**
 * The topic, every lead of its signals and its spread so far (the signals_received rows written
 * before it had an incident) now belong to the incident: its timeline starts where the topic did.
 * The incident's level counts as handled for the topic: the engine acts only above it.
 */
export function attachTopic(tx: Tx, topicId: number, incident: Pick<Incident, 'id' | 'level'>): void {
  const before = tx.select({ actedLevel: topics.actedLevel }).from(topics).where(eq(topics.id, topicId)).get();
  tx.update(topics)
    .set({ incidentId: incident.id, actedLevel: higherLevel(before?.actedLevel ?? null, incident.level) })
    .where(eq(topics.id, topicId))
    .run();
  const ofTopic = tx.select({ id: signals.leadId }).from(signals).where(eq(signals.topicId, topicId));
  tx.update(leads).set({ incidentId: incident.id }).where(and(inArray(leads.id, ofTopic), isNull(leads.incidentId))).run();
  tx.update(timeline)
    .set({ incidentId: incident.id })
    .where(and(isNull(timeline.incidentId), eq(timeline.kind, 'signals_received'), sql`json_extract(${timeline.data}, '$.topicId') = ${topicId}`))
    .run();
}
