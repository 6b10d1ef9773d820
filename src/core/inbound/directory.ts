// What adapters may read about the organisation, on their own platform: its chats (to route
// and to tell an admin about unknown ones) and its people (to hear only them, and for the
// console's picker). Read-only; adapters never see the database.
import type { Core } from '../context';
import { allGroups } from '../read/groups';
import { allMembers, memberByIdentity, platformIdsOf } from '../read/members';

export interface DirectoryChat {
  chatId: string;
  name: string;
  purpose: string;
  /** Platform-specific settings from the organisation file (e.g. a WeCom group robot's webhookKey). */
  extra: Readonly<Record<string, string>>;
}

export interface DirectoryPerson {
  /** The person's id on this platform. */
  platformUserId: string;
  name: string;
  roles: readonly string[];
  department: string | null;
}

export interface Directory {
  chats(platform: string): DirectoryChat[];
  chat(platform: string, chatId: string): DirectoryChat | undefined;
  person(platform: string, platformUserId: string): DirectoryPerson | undefined;
  people(platform: string): DirectoryPerson[];
}

export function directory(core: Pick<Core, 'db'>): Directory {
  const chats = (platform: string): DirectoryChat[] =>
    allGroups(core.db)
      .filter((g) => g.platform === platform)
      .map((g) => ({ chatId: g.chatId, name: g.name, purpose: g.purpose, extra: g.extra ?? {} }));
  return {
    chats,
    chat: (platform, chatId) => chats(platform).find((c) => c.chatId === chatId),
    person(platform, platformUserId) {
      const m = memberByIdentity(core.db, platform, platformUserId);
      return m && { platformUserId, name: m.name, roles: m.roles, department: m.departmentKey };
    },
    people(platform) {
      const everyone = allMembers(core.db);
      const ids = platformIdsOf(
        core.db,
        platform,
        everyone.map((m) => m.id),
      );
      return everyone.flatMap((m) => {
        const id = ids.get(m.id);
        return id ? [{ platformUserId: id, name: m.name, roles: m.roles, department: m.departmentKey }] : [];
      });
    },
  };
}
