// Runs one core verb for a member the way the router does: inside one transaction.
import type { Actor, VerbContext } from '../../src/core/context';
import { memberByIdentity } from '../../src/core/read/members';
import { calmIncident as calm } from '../../src/core/verbs/calm-incident';
import { closeIncident as close } from '../../src/core/verbs/close-incident';
import { postProgress as progress } from '../../src/core/verbs/post-progress';
import { setRoles as roles } from '../../src/core/verbs/set-roles';
import type { Runtime } from '../../src/runtime';

export function act<T>(bot: Runtime, memberKey: string, verb: (ctx: VerbContext) => T, chatId = 'command'): T {
  const member = memberByIdentity(bot.core.db, 'console', memberKey);
  if (!member) throw new Error(`no member ${memberKey}`);
  const actor: Actor = { member, platform: 'console', chatId, chatType: 'group' };
  return bot.core.db.transaction((tx) => verb({ tx, core: bot.core, actor, now: bot.core.clock.now() }));
}

// Verbs now take one input object; the core tests call these four with the arguments spelled out.
export const calmIncident = (ctx: VerbContext, incidentNumber: string | undefined) => calm(ctx, { incidentNumber });
export const closeIncident = (ctx: VerbContext, incidentNumber: string | undefined, summary: string, confirmed = false) =>
  close(ctx, { incidentNumber, summary, confirmed });
export const postProgress = (ctx: VerbContext, incidentNumber: string | undefined, text: string) => progress(ctx, { incidentNumber, text });
export const setRoles = (ctx: VerbContext, name: string, words: string[]) => roles(ctx, { name, roles: words });
