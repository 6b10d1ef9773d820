// Every chat command, and how a line of text finds its command (or a suggestion when mistyped).
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { markdown, textCard, type Card } from '../cards/card';
import { bold, joinMd, md } from '../cards/markup';
import { calm, deadlineCommand, deescalate, escalate, level_, progress, report, resolve, warn } from './incident-commands';
import { coverDutyCommand, duty, list, roles, setDutyCommand, status, swapDutyCommand, whoAmI } from './info-commands';
import { approve, reject, release } from './release-commands';
import { adjustWarning, confirmWarning, ignoreWarning } from './signal-commands';
import { finding, lateList } from './accountability-commands';
import { drill } from './drill-commands';
import { login } from './login-command';
import { review } from './review-commands';
import { meeting } from './meeting-commands';
import type { CommandSpec } from './spec';
import { defineCommand } from './spec';
import { claim, done, handoff, task } from './task-commands';

const help = defineCommand({
  name: '帮助',
  guests: true,
  aliases: ['help', '?', '？'],
  usage: '帮助 [命令]',
  example: '帮助 认领',
  summary: '查看全部命令，或一个命令的用法',
  read: (words) => ({ topic: words[0] }),
  args: z.object({ topic: z.string().optional() }),
  run: (_ctx, a) => ({ reply: helpCard(a.topic), toast: '已发送帮助' }),
});

export const COMMANDS: CommandSpec<any>[] = [
  help,
  report,
  warn,
  escalate,
  deescalate,
  level_,
  task,
  claim,
  done,
  handoff,
  progress,
  release,
  approve,
  reject,
  status,
  list,
  deadlineCommand,
  calm,
  resolve,
  review,
  drill,
  lateList,
  finding,
  meeting,
  duty,
  setDutyCommand,
  swapDutyCommand,
  coverDutyCommand,
  roles,
  confirmWarning,
  adjustWarning,
  ignoreWarning,
  whoAmI,
  login,
];

const byWord = new Map<string, CommandSpec<any>>();
for (const c of COMMANDS) for (const w of [c.name, ...c.aliases]) byWord.set(w.toLowerCase(), c);

export function commandByName(word: string): CommandSpec<any> | undefined {
  return byWord.get(word.toLowerCase());
}

export type Match =
  | { kind: 'command'; spec: CommandSpec<any>; words: string[]; rest: string }
  | { kind: 'unknown'; word: string; suggestion: CommandSpec<any> | undefined }
  | { kind: 'empty' };

/**
 * Finds the command in a line. The leading `/` is optional, and a Chinese command may be typed
 * without a space before its argument (`认领T3`).
 */
export function matchCommand(line: string, opts: { allowGlued?: boolean } = {}): Match {
  const text = line
    .trim()
    .replace(/^[/／]/, '')
    .trim();
  if (!text) return { kind: 'empty' };
  const first = text.split(/\s+/)[0]!;
  let spec = commandByName(first);
  let rest = text.slice(first.length).trim();
  if (!spec && opts.allowGlued !== false) {
    // Longest Chinese command name the line starts with.
    const glued = COMMANDS.map((c) => c.name)
      .filter((n) => text.startsWith(n))
      .sort((a, b) => b.length - a.length)[0];
    if (glued) {
      spec = commandByName(glued);
      rest = text.slice(glued.length).trim();
    }
  }
  // Only lines addressed to the bot get an answer, so only they need the (costlier) suggestion.
  if (!spec) return { kind: 'unknown', word: first, suggestion: opts.allowGlued === false ? undefined : suggest(first) };
  return { kind: 'command', spec, words: rest ? rest.split(/\s+/) : [], rest };
}

/** The closest command to a mistyped word: one character off for Chinese names, two for English. */
export function suggest(word: string): CommandSpec<any> | undefined {
  const w = word.toLowerCase();
  let best: { spec: CommandSpec<any>; d: number } | undefined;
  for (const c of COMMANDS) {
    for (const name of [c.name, ...c.aliases]) {
      const candidate = /^[\x00-\x7f]+$/.test(name) ? w : w.slice(0, name.length);
      const d = distance(candidate, name.toLowerCase());
      const allowed = /^[\x00-\x7f]+$/.test(name) ? (name.length >= 5 ? 2 : 1) : 1;
      if (d <= allowed && d < name.length && (!best || d < best.d)) best = { spec: c, d };
    }
  }
  return best?.spec;
}

export function usageText(spec: CommandSpec<any>): string {
  return `用法：${spec.usage}\n例如：${spec.example}`;
}

export function helpCard(topic?: string): Card {
  const spec = topic ? commandByName(topic.replace(/^[/／]/, '')) : undefined;
  if (topic && spec) {
    return textCard(`帮助 · ${spec.name}`, `${spec.summary}\n${usageText(spec)}\n英文别名：${spec.aliases.filter((a) => /^[a-z]/.test(a)).join('、')}`, 'info');
  }
  const lines = COMMANDS.map((c) => md`${bold(c.name)} ${c.aliases[0] ?? ''} — ${c.summary}\n　${c.usage}`);
  const card = textCard('烽火 · 命令一览', joinMd(lines, '\n'), 'info');
  card.blocks.push(
    markdown(md`
事件编号可省略：只有一个进行中的事件时默认是它。发送「帮助 命令」查看例子，如「帮助 预警」。
    `),
  );
  return card;
}
