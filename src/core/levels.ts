// The four warning levels of the plans: 红 red, 橙 orange, 黄 yellow, 蓝 blue.
export const LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type Level = (typeof LEVELS)[number];

/** Higher is more serious. */
export const LEVEL_RANK: Record<Level, number> = { blue: 1, yellow: 2, orange: 3, red: 4 };

export const LEVEL_SHORT: Record<Level, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };

const ALIAS_LIST: Record<string, Level> = {
  红: 'red', 红色: 'red', red: 'red', 'Ⅰ级': 'red', i级: 'red', '1级': 'red',
  橙: 'orange', 橙色: 'orange', orange: 'orange', 'Ⅱ级': 'orange', ii级: 'orange', '2级': 'orange',
  黄: 'yellow', 黄色: 'yellow', yellow: 'yellow', 'Ⅲ级': 'yellow', iii级: 'yellow', '3级': 'yellow',
  蓝: 'blue', 蓝色: 'blue', blue: 'blue', 'Ⅳ级': 'blue', iv级: 'blue', '4级': 'blue',
};

// Keys are compared lower-cased (Ⅰ lower-cases to ⅰ too), and through a Map so that words like
// `constructor` are just unknown words.
const ALIASES = new Map(Object.entries(ALIAS_LIST).map(([k, v]) => [k.toLowerCase(), v]));

/** Reads a level as people type it: 橙, 橙色, orange, Ⅱ级… Returns undefined when it is not one. */
export function parseLevel(word: string): Level | undefined {
  return ALIASES.get(word.trim().toLowerCase().replace(/预警$/, ''));
}

export const LEVEL_WORDS_HINT = '红/橙/黄/蓝（或 red/orange/yellow/blue）';
