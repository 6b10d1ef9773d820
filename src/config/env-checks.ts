// What every settings reader shares (src/config/env.ts and each platform's settingsFrom): the
// error that stops start-up naming the variable, and how a true/false variable is written.
export class EnvError extends Error {
  override name = 'EnvError';
}

export const BOOLEAN_WORDS = { true: true, '1': true, yes: true, false: false, '0': false, no: false } as const;

/** A true/false variable as people write it; anything else stops start-up naming the variable. */
export function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  const v = value?.trim().toLowerCase();
  if (!v) return fallback;
  if (!Object.hasOwn(BOOLEAN_WORDS, v)) throw new EnvError(`${name}：只能是 true 或 false（现在是「${value}」）`);
  return BOOLEAN_WORDS[v as keyof typeof BOOLEAN_WORDS];
}
