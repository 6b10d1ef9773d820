// Upgrades the incident a warning-engine topic feeds: by the engine itself (an automatic level),
// or by the person who confirmed a 预警建议 (decide-proposal.ts checked who may). The new card also
// goes to the chat the incident was raised in.
import type { AnyActor, VerbContext } from '../context';
import type { Level } from '../levels';
import { incidentById } from '../read/incidents';
import type { Topic } from '../read/signals';
import { applyLevelChange } from './apply-level-change';

/** `text` opens the timeline row, which goes on with the new level and the score. */
export function upgradeTopicIncident(ctx: VerbContext<AnyActor>, input: { topic: Topic; incidentId: number; level: Level; text: string }): void {
  const { topic, level } = input;
  const incident = incidentById(ctx.tx, input.incidentId)!;
  applyLevelChange(ctx, {
    incident,
    level,
    origin: { platform: incident.originPlatform, chatId: incident.originChatId },
    timelineText: `${input.text}为${ctx.core.playbook.levels[level].name}（评分 ${topic.score}）`,
    data: { topicId: topic.id, score: topic.score },
  });
}
