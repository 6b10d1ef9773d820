// Runs one core verb for a member the way the router does: inside one transaction.
import type { Actor, VerbContext } from '../../src/core/context';
import { memberByIdentity } from '../../src/core/read/members';
import type { Runtime } from '../../src/runtime';

export function act<T>(bot: Runtime, memberKey: string, verb: (ctx: VerbContext) => T, chatId = 'command'): T {
  const member = memberByIdentity(bot.core.db, 'console', memberKey);
  if (!member) throw new Error(`no member ${memberKey}`);
  const actor: Actor = { member, platform: 'console', chatId, chatType: 'group' };
  return bot.core.db.transaction((tx) => verb({ tx, core: bot.core, actor, now: bot.core.clock.now() }));
}
