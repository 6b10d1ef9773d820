// What the warning engine does when a topic's level (with hysteresis) is above what has been done
// for it: raise (no incident yet) or upgrade (an open incident) by itself for the playbook's
// automatic levels (blue, yellow by default), otherwise propose it to the command centre. Never a
// second incident for a topic with an open one, and never the same level twice.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/types';
import { leads, signals, timeline, topics } from '../../db/schema';
import type { Core } from '../context';
import { applyLevelChange } from '../incidents/change-level';
import { openIncident, type Doer } from '../incidents/open-incident';
import { incidentById } from '../incidents/queries';
import { LEVEL_RANK, type Level } from '../levels';
import { commandDestinations } from '../org/groups';
import { proposeLevel, supersedeProposal } from './propose';
import { refreshForSignals } from './refresh-cards';
import { pendingProposalOf, signalCount, type Topic } from './queries';

/** The warning engine as the doer of what it does by itself (timeline platform `signals`, no member). */
export const ENGINE: Doer = { memberId: null, name: '预警引擎', platform: 'signals' };

export type TopicAction =
  | { kind: 'raised'; topic: number; incident: string; level: Level }
  | { kind: 'upgraded'; topic: number; incident: string; level: Level }
  | { kind: 'proposed'; topic: number; proposal: string; incident: string | null; level: Level };

type C = { tx: Tx; core: Core; now: number };

export function actOnTopic(c: C, topic: Topic, grew: boolean): TopicAction | undefined {
  const { tx, core } = c;
  const incident = topic.incidentId ? incidentById(tx, topic.incidentId) : undefined;
  const open = incident && incident.status !== 'closed' ? incident : undefined;
  const target = topic.level;
  const due =
    target !== null &&
    !(incident && !open) &&
    !(open && LEVEL_RANK[target] <= LEVEL_RANK[open.level]) &&
    !(topic.actedLevel && LEVEL_RANK[target] <= LEVEL_RANK[topic.actedLevel]);
  if (!due) {
    // New signals on an open incident: its cards show the new count and score (at most once a minute).
    if (open && grew) refreshForSignals(c, open);
    return undefined;
  }
  tx.update(topics).set({ actedLevel: target }).where(eq(topics.id, topic.id)).run();
  const pending = pendingProposalOf(tx, topic.id);
  // Still waiting for the command centre at this level or above: the same card stands.
  if (pending && LEVEL_RANK[pending.level] >= LEVEL_RANK[target]) return undefined;
  const automatic = core.playbook.indicators.automatic.includes(target);
  if (pending) supersedeProposal(c, pending, automatic ? undefined : target);
  if (!automatic) {
    const proposal = proposeLevel(c, topic, target, open);
    return { kind: 'proposed', topic: topic.id, proposal: proposal.ref, incident: open?.number ?? null, level: target };
  }
  if (open) {
    upgradeFromTopic(c, topic, open.id, target, ENGINE, `监测信号评分 ${topic.score} 达到${core.playbook.levels[target].name}阈值，${open.number} 自动升级`);
    return { kind: 'upgraded', topic: topic.id, incident: open.number, level: target };
  }
  const raised = raiseFromTopic(c, topic, target, ENGINE);
  return { kind: 'raised', topic: topic.id, incident: raised.number, level: target };
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
    onCreated: (created) => attachTopic(tx, topic.id, created.id),
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
 */
export function attachTopic(tx: Tx, topicId: number, incidentId: number): void {
  tx.update(topics).set({ incidentId }).where(eq(topics.id, topicId)).run();
  const ofTopic = tx.select({ id: signals.leadId }).from(signals).where(eq(signals.topicId, topicId));
  tx.update(leads).set({ incidentId }).where(and(inArray(leads.id, ofTopic), isNull(leads.incidentId))).run();
  tx.update(timeline)
    .set({ incidentId })
    .where(and(isNull(timeline.incidentId), eq(timeline.kind, 'signals_received'), sql`json_extract(${timeline.data}, '$.topicId') = ${topicId}`))
    .run();
}
