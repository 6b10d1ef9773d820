// What a platform is, to the rest of the bot: one definition per folder (adapters/<p>/index.ts),
// listed in adapters/index.ts. main.ts reads each one's settings from the environment and the
// runtime creates, mounts, starts and stops them in a loop; nothing else names a platform.
import type { Hono } from 'hono';
import type { Inbound } from '../src/core/inbound/index';
import type { Clock, PlatformAdapter } from '../src/core/outbound/index';
import type { Logger } from '../src/logger';
import type { ConnectionStatus } from './connection';

export type { ConnectionStatus, ConnectionState } from './connection';

/** What the runtime hands a platform: the core's inbound door and the little else it may know. */
export interface PlatformDeps {
  inbound: Inbound;
  clock: Clock;
  /** IANA zone for times people read, e.g. Asia/Shanghai. */
  timeZone: string;
  /** The bot's display name, stripped from @mentions. */
  botName: string;
  /** Already bound to the platform's name. */
  logger: Logger;
}

/**
 * Who is signed in to the web workspace, on a request to a page a platform serves to people (the
 * console): set by the server's session check (src/server/workspace/session.ts) before the
 * platform's routes run; absent when nobody is. Everything such a page does is done as this
 * person: their console identity is the sender, whatever a request body says.
 */
export interface WebVisitor {
  /** Their console identity (identities.platform = 'console'). */
  consoleId: string;
  name: string;
  /** Signed in through the 演示模式 picker. */
  demo: boolean;
  /** Whether the session is still live (a stream that outlives a sign-out must end with it). */
  signedIn(): boolean;
}

/** The hono environment of platform routes: `c.get('visitor')`. */
export interface WebEnv {
  Variables: { visitor?: WebVisitor | undefined };
}

/** A platform once created: its outbound port, its HTTP routes, and its connections. */
export interface PlatformInstance {
  adapter: PlatformAdapter;
  /** Mount path → routes (webhooks, pages). Pages for people type theirs `Hono<WebEnv>`. */
  routes?: ReadonlyMap<string, Hono<any>> | undefined;
  /** Connects (long connections, bot identity). A rejection is reported; the rest of the bot runs on. */
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** Its long connection's state, when it holds one (reported in /healthz and /metrics). */
  connection?(): ConnectionStatus | undefined;
}

export interface PlatformDefinition<
  Name extends string = string,
  Settings = unknown,
  Instance extends PlatformInstance = PlatformInstance,
  Variable extends string = string,
> {
  /** The platform's name in the organisation file (`groups[].platform`, `members[].ids.<name>`) and the outbox. */
  name: Name;
  /** Every environment variable it reads, for the env check and .env.example. */
  env: readonly Variable[];
  /** Its settings from the environment; undefined when switched off. Mistakes throw an EnvError naming the variable. */
  settingsFrom(env: Record<string, string | undefined>): Settings | undefined;
  create(settings: Settings, deps: PlatformDeps): Instance;
  /**
   * Loads the code create() needs when it is heavy (a platform SDK: wechaty is 85 MB, the Lark SDK
   * 70 MB): only a platform that is switched on pays for it. The runtime awaits it first
   * (loadPlatforms); a definition without it has everything at hand.
   */
  load?(): Promise<void>;
}

export function definePlatform<const Name extends string, Settings, Instance extends PlatformInstance, const Variable extends string>(
  definition: PlatformDefinition<Name, Settings, Instance, Variable>,
): PlatformDefinition<Name, Settings, Instance, Variable> {
  return definition;
}

/**
 * create() and load() for a platform whose code is imported only when it is switched on:
 * `...loadedWhenOn('feishu', async () => (await import('./create')).createFeishu)`. Every
 * import of the SDK stays behind that dynamic import (test/unit/lazy-platforms.test.ts).
 */
export function loadedWhenOn<Settings, Instance extends PlatformInstance>(
  name: string,
  importer: () => Promise<(settings: Settings, deps: PlatformDeps) => Instance>,
): { load(): Promise<void>; create(settings: Settings, deps: PlatformDeps): Instance } {
  let create: ((settings: Settings, deps: PlatformDeps) => Instance) | undefined;
  return {
    async load() {
      create ??= await importer();
    },
    create(settings, deps) {
      if (!create) throw new Error(`platform ${name}: its code is not loaded (await loadPlatforms(…) before createRuntime)`);
      return create(settings, deps);
    },
  };
}

export type AnyPlatform = PlatformDefinition<string, any, PlatformInstance, string>;
export type SettingsOf<P> = P extends PlatformDefinition<string, infer S, PlatformInstance, string> ? S : never;
export type InstanceOf<P> = P extends PlatformDefinition<string, any, infer I, string> ? I : never;

/** Settings by platform name, for a list of platforms: `{ feishu?: FeishuConfig, … }`. */
export type PlatformSettings<List extends readonly AnyPlatform[]> = { [P in List[number] as P['name']]?: SettingsOf<P> | undefined };
/** The platforms that are on, by name. */
export type PlatformInstances<List extends readonly AnyPlatform[]> = { [P in List[number] as P['name']]?: InstanceOf<P> | undefined };
