// A fresh bot on a fresh SQLite file per test: the real runtime, the shipped organisation and
// playbook, a pinned clock. Nothing of ours is mocked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { manualClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import type { Platforms } from '../../adapters/index';
import type { AnyPlatform } from '../../adapters/platform';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime';
import { identities, members } from '../../src/db/schema';
import { mintLoginLink } from '../../src/core/system/sign-in';
import { verifyRecord } from '../../src/db/verify-record';

function recordProblems(sqlite: Runtime['sqlite']): string[] {
  if (!sqlite.open) return [];
  return verifyRecord(sqlite).problems.map((p) => p.text);
}

/** What the app sees as the page's origin under app.request (its URLs are http://localhost/…). */
export const ORIGIN = 'http://localhost';

/** 2026-11-21 09:00 in Asia/Shanghai. */
export const NINE_AM = Date.UTC(2026, 10, 21, 1, 0, 0);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

export type TestBot<List extends readonly AnyPlatform[] = Platforms> = Runtime<List> & {
  clock: ReturnType<typeof manualClock>;
  dir: string;
  dbFile: string;
  /** Says a line in a console group as `member`, signed in the real way (see signIn). */
  say(member: string, text: string, group?: string, id?: string): Promise<{ status: number; body: any }>;
  tap(member: string, message: number, action: string, value: string, id?: string): Promise<{ status: number; body: any }>;
  /**
   * A group's lines as `as` sees them (replies to others' mistakes are private): by default as the
   * member who last spoke or tapped, so a test reads the answer its speaker got.
   */
  messages(group?: string, as?: string): Promise<ConsoleLine[]>;
  /** The newest bot card in a group whose title contains `title`. */
  card(title: string, group?: string, as?: string): Promise<ConsoleLine>;
  lastBotText(group?: string, as?: string): Promise<string>;
  /**
   * The session cookie for a member (by console identity / key), obtained as a person would: the
   * 演示模式 picker when the bot runs in demo mode, otherwise a link minted by the bootstrap
   * script's function, redeemed over HTTP. Cached per member; undefined when sign-in is refused.
   */
  signIn(member: string): Promise<string | undefined>;
  /** A request to the app as a signed-in member: their cookie and the page's Origin. */
  request(member: string, path: string, init?: RequestInit): Promise<Response>;
};

export interface ConsoleLine {
  id: number;
  author: 'member' | 'bot';
  memberKey: string | null;
  text: string;
  card: any;
}

export function startBot<List extends readonly AnyPlatform[] = Platforms>(
  options: { start?: number; overrides?: Partial<RuntimeOptions<List>> } = {},
): TestBot<List> {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-test-'));
  const dbFile = join(dir, 'fenghuo.db');
  const clock = manualClock(options.start ?? NINE_AM);
  const runtime = createRuntime<List>({
    databaseFile: dbFile,
    organisation: { file: 'config/organisation.yaml' },
    playbook: { file: 'config/playbook.yaml' },
    clock,
    timeZone: 'Asia/Shanghai',
    botName: '烽火',
    logger: createLogger('silent'),
    ...options.overrides,
    // The console is always on in tests: it is how they speak to the bot.
    platforms: { console: {}, ...options.overrides?.platforms } as unknown as RuntimeOptions<List>['platforms'],
  });
  cleanups.push(async () => {
    // Whatever a test did through the bot, the record's hash chain is whole: a writer that changes
    // a chained row after writing it (a timeline row, an approval decision) fails here.
    const record = recordProblems(runtime.sqlite);
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
    if (record.length > 0) throw new Error(`the record's hash chain is broken after the test:\n${record.join('\n')}`);
  });
  const cookies = new Map<string, string>();
  const signIn = async (member: string): Promise<string | undefined> => {
    const known = cookies.get(member);
    if (known) return known;
    let res: Response;
    if (runtime.web.demo) {
      res = await runtime.app.request('/login/demo', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ member }).toString(),
      });
    } else {
      const exists = runtime.core.db
        .select()
        .from(members)
        .all()
        .some((m) => m.key === member);
      if (!exists) return undefined;
      const { url } = mintLoginLink(runtime.core.db, runtime.core, member);
      res = await runtime.app.request(new URL(url).pathname, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      });
    }
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (res.status !== 303 || !cookie) return undefined;
    cookies.set(member, cookie);
    return cookie;
  };
  const request = async (member: string, path: string, init: RequestInit = {}): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const cookie = await signIn(member);
      if (!cookie) return new Response(JSON.stringify({ error: `无法以「${member}」登录` }), { status: 403, headers: { 'content-type': 'application/json' } });
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (init.method && init.method !== 'GET') headers.set('origin', ORIGIN);
      const res = await runtime.app.request(path, { ...init, headers });
      // Tests move the clock by days: a session that ran out is renewed as the person would, once.
      if (res.status !== 401 || attempt > 0) return res;
      cookies.delete(member);
    }
  };
  const post = async (member: string, path: string, body: unknown) => {
    const res = await request(member, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  // Reads as whoever spoke last (a private reply is theirs to see), else whoever has signed in
  // already (any member sees every console group), else the first member with a console identity.
  let lastSpeaker: string | undefined;
  const reader = () =>
    lastSpeaker ??
    cookies.keys().next().value ??
    runtime.core.db
      .select()
      .from(identities)
      .all()
      .find((i) => i.platform === 'console')!.platformUserId;
  const messages = async (group = 'command', as = reader()): Promise<ConsoleLine[]> => {
    const res = await request(as, `/console/api/messages?group=${encodeURIComponent(group)}`);
    return ((await res.json()) as { messages: ConsoleLine[] }).messages;
  };
  return Object.assign(runtime, {
    clock,
    dir,
    dbFile,
    say: (member: string, text: string, group = 'command', id?: string) => {
      lastSpeaker = member;
      return post(member, '/console/api/messages', { group, text, id });
    },
    tap: (member: string, message: number, action: string, value: string, id?: string) => {
      lastSpeaker = member;
      return post(member, '/console/api/actions', { message, action, value, id });
    },
    messages,
    signIn,
    request,
    async card(title: string, group = 'command', as?: string) {
      const found = (await messages(group, as)).filter((m) => m.author === 'bot' && m.card?.title.includes(title)).pop();
      if (!found) throw new Error(`no card titled ~${title} in ${group}`);
      return found;
    },
    async lastBotText(group = 'command', as?: string) {
      const bot = (await messages(group, as)).filter((m) => m.author === 'bot');
      return bot[bot.length - 1]?.text ?? '';
    },
  });
}

/** The buttons on a console card, flattened. */
export function buttonsOf(line: ConsoleLine): { label: string; action: string; value: string }[] {
  return (line.card?.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.buttons);
}

/** `responder-0` … `responder-(n-1)`: members (成员) with console identities, for crowd tests, in `department` if given. */
export function addResponders(bot: Runtime, n: number, department?: string): void {
  bot.core.db.transaction((tx) => {
    for (let i = 0; i < n; i++) {
      const m = tx
        .insert(members)
        .values({
          key: `responder-${i}`,
          name: `响应员${i}`,
          departmentKey: department ?? null,
          source: 'file',
          fileRoles: ['成员'],
          grantedRoles: [],
          createdAt: 0,
        })
        .returning()
        .get();
      tx.insert(identities)
        .values({ platform: 'console', platformUserId: `responder-${i}`, memberId: m.id })
        .run();
    }
  });
}
