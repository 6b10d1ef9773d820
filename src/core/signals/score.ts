// 预警指标体系: the score of a topic from the playbook's indicators. Four parts, each 0..1:
//   influence  — Σ over the topic's items of reach × author weight × source authority
//   speed      — mentions in the last hour (each item counts itself plus its mentionsLastHour)
//   trend      — growth of that speed against an hour ago (acceleration)
//   negativity — the influence-weighted mean of max(0, −sentiment)
// Each unbounded figure x becomes x / (x + half): 0 at 0, ½ at the playbook's `halfAt`, → 1. The
// score is the weighted mean of the parts × 100. Pure: the tests feed it numbers.
import { sourceKey, type Indicators } from '../playbook/schema';

export interface ItemFigures {
  source: string;
  reads: number;
  reposts: number;
  comments: number;
  likes: number;
  followers: number;
  verified: boolean;
}

/** One item's influence weight. At least 1 × authority, so an item with no metrics still counts. */
export function itemWeight(ind: Indicators, item: ItemFigures): number {
  const r = ind.reach;
  const reach = 1 + item.reads * r.reads + item.reposts * r.reposts + item.comments * r.comments + item.likes * r.likes;
  const author = 1 + ind.author.followers * Math.log10(1 + item.followers) + (item.verified ? ind.author.verifiedBonus : 0);
  return reach * author * sourceAuthority(ind, item.source);
}

export function sourceAuthority(ind: Indicators, source: string): number {
  // Own keys only: a source called `constructor` is just an unknown source.
  const table = ind.sourceAuthority;
  const key = sourceKey(source);
  return (Object.hasOwn(table, key) ? table[key] : undefined) ?? (Object.hasOwn(table, 'default') ? table.default : undefined) ?? 1;
}

export interface TopicFigures {
  /** Σ item weights. */
  weightSum: number;
  /** Σ item weight × max(0, −sentiment). */
  negativeWeightSum: number;
  /** Mentions in the last hour. */
  perHour: number;
  /** Mentions an hour earlier (0 for a topic that did not exist or was quiet then). */
  perHourBefore: number;
}

export interface Scored {
  influence: number;
  speed: number;
  trend: number;
  negativity: number;
  /** 0–100, one decimal. */
  score: number;
}

export function saturate(x: number, half: number): number {
  return x <= 0 ? 0 : x / (x + half);
}

export function scoreTopic(ind: Indicators, f: TopicFigures): Scored {
  const influence = saturate(f.weightSum, ind.halfAt.influence);
  const speed = saturate(f.perHour, ind.halfAt.speed);
  const growth = (f.perHour - f.perHourBefore) / Math.max(f.perHourBefore, ind.trendBase);
  const trend = saturate(growth, ind.halfAt.trend);
  const negativity = f.weightSum > 0 ? Math.min(1, f.negativeWeightSum / f.weightSum) : 0;
  const w = ind.weights;
  const total = w.influence + w.speed + w.trend + w.negativity;
  const raw = (100 * (w.influence * influence + w.speed * speed + w.trend * trend + w.negativity * negativity)) / total;
  return { influence, speed, trend, negativity, score: Math.round(raw * 10) / 10 };
}
