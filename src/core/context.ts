// What every core verb receives.
import type { Db, Tx } from '../db/types';
import type { Clock } from './clock';
import type { Member } from './org/members';
import type { Playbook } from './playbook/schema';

export interface Core {
  db: Db;
  clock: Clock;
  playbook: Playbook;
  /** IANA zone for everything people read, e.g. Asia/Shanghai. */
  timeZone: string;
  /** The bot's display name, stripped from @mentions and shown in help. */
  botName: string;
  /** Platforms whose adapter can message a person directly (approval cards go to approvers there). */
  directPlatforms: ReadonlySet<string>;
}

/** Who is acting, and where they typed or tapped. */
export interface Actor {
  member: Member;
  platform: string;
  chatId: string;
  chatType: 'group' | 'p2p';
}

/** One verb call: inside its transaction, with the time fixed for the whole change. */
export interface VerbContext {
  tx: Tx;
  core: Core;
  actor: Actor;
  now: number;
}
