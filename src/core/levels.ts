// The four warning levels of the plans: 红 red, 橙 orange, 黄 yellow, 蓝 blue. The one place they
// are spelled out: the playbook schema, cards, commands and the warning engine all read them here.
/** Most serious first. */
export const LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type Level = (typeof LEVELS)[number];

/** Higher is more serious. */
export const LEVEL_RANK: Record<Level, number> = { blue: 1, yellow: 2, orange: 3, red: 4 };

export const LEVEL_SHORT: Record<Level, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };

/** The more serious of two levels (null is below blue). */
export function higherLevel(a: Level | null, b: Level | null): Level | null {
  if (a === null) return b;
  if (b === null) return a;
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** Whether `level` is at or above `other` (null reaches nothing). */
export function reaches(level: Level | null, other: Level): boolean {
  return level !== null && LEVEL_RANK[level] >= LEVEL_RANK[other];
}

/** The next level up or down, or undefined past red or blue. */
export function stepLevel(level: Level, direction: 'up' | 'down'): Level | undefined {
  return LEVELS[LEVELS.indexOf(level) + (direction === 'up' ? -1 : 1)];
}

/** A playbook level name without its bracketed grade, for titles and lists: 橙色预警（Ⅱ级） → 橙色预警. */
export function withoutGrade(levelName: string): string {
  return levelName.replace(/（.*）/, '');
}

const ALIAS_LIST: Record<string, Level> = {
  红: 'red',
  红色: 'red',
  red: 'red',
  Ⅰ级: 'red',
  i级: 'red',
  '1级': 'red',
  橙: 'orange',
  橙色: 'orange',
  orange: 'orange',
  Ⅱ级: 'orange',
  ii级: 'orange',
  '2级': 'orange',
  黄: 'yellow',
  黄色: 'yellow',
  yellow: 'yellow',
  Ⅲ级: 'yellow',
  iii级: 'yellow',
  '3级': 'yellow',
  蓝: 'blue',
  蓝色: 'blue',
  blue: 'blue',
  Ⅳ级: 'blue',
  iv级: 'blue',
  '4级': 'blue',
};

// Keys are compared lower-cased (Ⅰ lower-cases to ⅰ too), and through a Map so that words like
// `constructor` are just unknown words.
const ALIASES = new Map(Object.entries(ALIAS_LIST).map(([k, v]) => [k.toLowerCase(), v]));

/** Reads a level as people type it: 橙, 橙色, orange, Ⅱ级… Returns undefined when it is not one. */
export function parseLevel(word: string): Level | undefined {
  return ALIASES.get(word.trim().toLowerCase().replace(/预警$/, ''));
}

/** `红/橙/黄/蓝（或 red/orange/yellow/blue）`, for answers that ask for a level. */
export const LEVEL_WORDS_HINT = `${LEVELS.map((l) => LEVEL_SHORT[l]).join('/')}（或 ${LEVELS.join('/')}）`;
