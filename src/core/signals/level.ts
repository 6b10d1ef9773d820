// The level a score gives, with hysteresis: a level is entered when the score reaches its
// threshold, and kept until the score falls below threshold − hysteresis. A score hovering at an
// edge therefore does not flap between two levels (and does not propose the same level again).
import { LEVEL_RANK, LEVELS, type Level } from '../levels';
import type { Indicators } from '../playbook/schema';

/** `previous` is the level the topic held after its last scoring (null below blue). */
export function levelForScore(score: number, previous: Level | null, ind: Pick<Indicators, 'thresholds' | 'hysteresis'>): Level | null {
  // Most serious first: the first level the score holds is its level.
  for (const level of LEVELS) {
    const threshold = ind.thresholds[level];
    if (score >= threshold) return level;
    const held = previous !== null && LEVEL_RANK[level] <= LEVEL_RANK[previous];
    if (held && score >= threshold - ind.hysteresis) return level;
  }
  return null;
}
