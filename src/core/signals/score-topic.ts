// Scores one topic after a batch touched it: the playbook's indicators over its stored signals,
// the level with hysteresis, and the mentions-per-hour sample the next hour's trend compares with.
// What has been done about the level (acted_level) is act.ts's business, not this file's.
import type { Core } from '../context';
import type { Topic } from '../read/signals';
import { levelForScore } from './level';
import { scoreTopic } from './score';
import type { IngestStatements } from './statements';

const HOUR = 3_600_000;

/** `topic` is the row as it was before this batch; returns it as written now. */
export function scoreTouchedTopic(s: IngestStatements, core: Core, topic: Topic, now: number): Topic {
  const ind = core.playbook.indicators;
  const figures = s.topicFigures.get({ topicId: topic.id, since: now - HOUR })!;
  const perHourBefore = rateAnHourAgo(topic.rates, now);
  const scored = scoreTopic(ind, { weightSum: figures.weightSum, negativeWeightSum: figures.negativeWeightSum, perHour: figures.perHour, perHourBefore });
  const level = levelForScore(scored.score, topic.level, ind);
  // At most one sample a minute (the minute's latest), two hours' worth: the JSON stays small however busy.
  const rates = [
    ...topic.rates.filter((r) => r.at >= now - 2 * HOUR && Math.floor(r.at / 60_000) < Math.floor(now / 60_000)),
    { at: now, perHour: figures.perHour },
  ];
  const indicators = {
    influence: scored.influence,
    speed: scored.speed,
    trend: scored.trend,
    negativity: scored.negativity,
    perHour: figures.perHour,
    perHourBefore,
  };
  s.updateTopicScore.run({ id: topic.id, score: scored.score, level, indicators, rates, now });
  return { ...topic, score: scored.score, level, indicators, rates, lastSeenAt: now };
}

/** The newest sample between two hours and one hour ago; 0 when the topic was new or quiet then. */
function rateAnHourAgo(rates: readonly { at: number; perHour: number }[], now: number): number {
  let found: { at: number; perHour: number } | undefined;
  for (const r of rates) if (r.at <= now - HOUR && r.at >= now - 2 * HOUR && (!found || r.at > found.at)) found = r;
  return found?.perHour ?? 0;
}
