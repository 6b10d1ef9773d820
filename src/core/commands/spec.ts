// What a chat command is: its Chinese name, English aliases, how to use it, how its arguments are
// read (zod, so a wrong argument gets a precise answer) and the verb it runs.
import type { z } from 'zod';
import type { Card } from '../cards/card';
import type { VerbContext } from '../context';

export interface VerbOutcome {
  /** What the person who typed the command sees; null when the verb's own cards say it. */
  reply: Card | string | null;
  /** The short answer for a button tap. */
  toast: string;
  /** The reply concerns only the sender (their own status, their id): shown to them alone in a group. */
  privately?: boolean | undefined;
}

export interface CommandSpec<A = unknown> {
  name: string;
  aliases: string[];
  usage: string;
  example: string;
  summary: string;
  /**
   * A guest (a sender the bot registered itself, no role) may run it: 帮助, 上报 and reading what
   * they reported (000 7.3). Every other command refuses a guest before it reads anything, so its
   * refusals (who owns a task, who approves, which incidents are open) tell a guest nothing.
   */
  guests?: true | undefined;
  /** Turns the words after the command into the raw argument object zod then checks. */
  read(words: string[], rest: string): unknown;
  args: z.ZodType<A>;
  run(ctx: VerbContext, args: A): VerbOutcome;
}

export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
