// Scores one topic after a batch touched it: the playbook's indicators over its stored signals,
// the level with hysteresis, and the mentions-per-hour sample the next hour's trend compares with.
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/types';
import { signals, topics } from '../../db/schema';
import type { Core } from '../context';
import { LEVEL_RANK } from '../levels';
import { levelForScore } from './level';
import { scoreTopic } from './score';
import type { Topic } from './queries';

const HOUR = 3_600_000;

export function scoreTouchedTopic(tx: Tx, core: Core, topicId: number, now: number): Topic {
  const ind = core.playbook.indicators;
  const topic = tx.select().from(topics).where(eq(topics.id, topicId)).get()!;
  const totals = tx
    .select({
      weightSum: sql<number>`coalesce(sum(${signals.weight}), 0)`,
      negativeWeightSum: sql<number>`coalesce(sum(${signals.weight} * max(0, -${signals.sentiment})), 0)`,
    })
    .from(signals)
    .where(eq(signals.topicId, topicId))
    .get()!;
  // Each item seen in the last hour counts itself and the mentions the tool counted for it.
  const recent = tx
    .select({ perHour: sql<number>`coalesce(sum(1 + ${signals.mentionsLastHour}), 0)` })
    .from(signals)
    .where(and(eq(signals.topicId, topicId), gte(signals.lastSeenAt, now - HOUR)))
    .get()!;
  const perHourBefore = rateAnHourAgo(topic.rates, now);
  const scored = scoreTopic(ind, { ...totals, perHour: recent.perHour, perHourBefore });
  const level = levelForScore(scored.score, topic.level, ind);
  // Falling below a level (past its hysteresis band) ends what was done at it: re-entering later
  // is a new crossing. Within the band nothing is proposed twice.
  const actedLevel = topic.actedLevel && (level === null || LEVEL_RANK[level] < LEVEL_RANK[topic.actedLevel]) ? level : topic.actedLevel;
  // At most one sample a minute (the minute's latest), two hours' worth: the JSON stays small however busy.
  const rates = [...topic.rates.filter((r) => r.at >= now - 2 * HOUR && Math.floor(r.at / 60_000) < Math.floor(now / 60_000)), { at: now, perHour: recent.perHour }];
  const indicators = { influence: scored.influence, speed: scored.speed, trend: scored.trend, negativity: scored.negativity, perHour: recent.perHour, perHourBefore };
  return tx
    .update(topics)
    .set({ score: scored.score, level, actedLevel, indicators, rates, lastSeenAt: now })
    .where(eq(topics.id, topicId))
    .returning()
    .get()!;
}

/** The newest sample between two hours and one hour ago; 0 when the topic was new or quiet then. */
function rateAnHourAgo(rates: readonly { at: number; perHour: number }[], now: number): number {
  let found: { at: number; perHour: number } | undefined;
  for (const r of rates) if (r.at <= now - HOUR && r.at >= now - 2 * HOUR && (!found || r.at > found.at)) found = r;
  return found?.perHour ?? 0;
}
