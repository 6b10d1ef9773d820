// What the warning engine does after a topic is scored. The playbook's automatic levels (blue,
// yellow by default) are raised — or an open incident upgraded — by the engine itself; the others
// are proposed to the command centre. A loud topic gets at least what a quiet one gets: the highest
// automatic level at or below its band is raised even while a higher level waits for a decision,
// and that proposal then asks to upgrade the incident just raised. Never a second incident for a
// topic with an open one, never the same level twice, never a person's decision undone.
import { eq } from 'drizzle-orm';
import { topics } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Core, SystemActor, VerbContext } from '../context';
import { higherLevel, LEVEL_RANK, LEVELS, reaches, type Level, withoutGrade } from '../levels';
import { incidentById, type Incident } from '../read/incidents';
import type { Proposal, Topic } from '../read/signals';
import { raiseTopicWarning } from '../verbs/raise-topic-warning';
import { upgradeTopicIncident } from '../verbs/upgrade-topic-incident';
import { pointProposalAt, proposeLevel, supersedeProposal } from '../write/proposals';
import { refreshForSignals } from './refresh-cards';

/** The warning engine, acting by itself: on the timeline under platform `signals`, with no member. */
export const ENGINE: SystemActor = { member: null, name: '预警引擎', platform: 'signals' };

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
    const engine: VerbContext<SystemActor> = { ...c, actor: ENGINE };
    if (open) {
      upgradeTopicIncident(engine, {
        topic,
        incidentId: open.id,
        level: auto,
        text: `监测信号评分 ${topic.score} 达到${names[auto].name}阈值，${open.number} 自动升级`,
      });
      open = incidentById(tx, open.id)!;
      actions.push({ kind: 'upgraded', topic: topic.id, incident: open.number, level: auto });
    } else {
      open = raiseTopicWarning(engine, { topic, level: auto });
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
  return withoutGrade(c.core.playbook.levels[level].name);
}
