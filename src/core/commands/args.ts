// Shared zod pieces for command arguments, each with the answer a person needs when it is wrong.
import '../zod-locale';
import { z } from 'zod';
import { LEVEL_WORDS_HINT, parseLevel } from '../levels';
import { INCIDENT_NUMBER } from '../names';

export const taskRefArg = z
  .string({ error: '缺少任务号（形如 T3）' })
  .regex(/^[Tt]\d+$/, { error: (i) => `「${String(i.input)}」不是任务号；任务号形如 T3，在预警卡片上可以看到` });

export const releaseRefArg = z
  .string({ error: '缺少发布稿编号（形如 A12）' })
  .regex(/^[Aa]\d+$/, { error: (i) => `「${String(i.input)}」不是发布稿编号；编号形如 A12，在审批卡片上可以看到` });

export const level = z.string({ error: `缺少预警级别：${LEVEL_WORDS_HINT}` }).transform((w, ctx) => {
  const l = parseLevel(w);
  if (!l) {
    ctx.addIssue({ code: 'custom', message: `「${w}」不是预警级别；请写 ${LEVEL_WORDS_HINT}` });
    return z.NEVER;
  }
  return l;
});

export const text = (what: string) =>
  z
    .string({ error: `缺少${what}` })
    .trim()
    .min(1, `缺少${what}`);

export function isIncidentNumber(word: string | undefined): word is string {
  return word !== undefined && INCIDENT_NUMBER.test(word);
}

/** Splits off a leading incident number, if the first word is one. */
export function leadingIncident(words: string[], rest: string): { incidentNumber: string | undefined; words: string[]; rest: string } {
  if (isIncidentNumber(words[0])) {
    return { incidentNumber: words[0], words: words.slice(1), rest: rest.slice(rest.indexOf(words[0]) + words[0].length).trim() };
  }
  return { incidentNumber: undefined, words, rest };
}

/** The text after the first n words. */
export function after(rest: string, words: string[], n: number): string {
  let s = rest;
  for (const w of words.slice(0, n)) s = s.slice(s.indexOf(w) + w.length);
  return s.trim();
}
