// What every core verb receives: the core's settings and storage, who is acting, the time.
import type { Db, Tx } from '../db/types';
import type { Clock } from './clock';
import type { Role } from './org/roles';
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
  /** Platforms whose adapter can push urgently (加急): an urgent level buzzes its people there, once each. */
  urgentPlatforms: ReadonlySet<string>;
  /** The web workspace's external base URL (PUBLIC_URL, no trailing slash): sign-in links start with it. */
  publicUrl: string;
}

/** A person in the roster (read/members.ts reads them). */
export interface Member {
  id: number;
  key: string;
  name: string;
  departmentKey: string | null;
  roles: Role[];
  onDuty: boolean;
  /** Registered by the bot on first contact and given no role yet: may report leads and read. */
  guest: boolean;
}

/** Who is acting, and where they typed or tapped. */
export interface Actor {
  member: Member;
  platform: string;
  chatId: string;
  chatType: 'group' | 'p2p';
}

/** The system acting by itself (the warning engine): on the timeline under its platform, with no member. */
export interface SystemActor {
  member: null;
  name: string;
  platform: string;
}

export type AnyActor = Actor | SystemActor;

/**
 * One verb call: inside the caller's transaction, with the time fixed for the whole change. Verbs a
 * person runs take the default; the few the warning engine runs too (openIncident, applyLevelChange…)
 * take VerbContext<AnyActor>.
 */
export interface VerbContext<A extends AnyActor = Actor> {
  tx: Tx;
  core: Core;
  actor: A;
  now: number;
}

/** The member behind a change, or null for the system (the timeline's actor). */
export function actorMemberId(actor: AnyActor): number | null {
  return actor.member?.id ?? null;
}
