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
  say(member: string, text: string, group?: string, id?: string): Promise<{ status: number; body: any }>;
  tap(member: string, message: number, action: string, value: string, id?: string): Promise<{ status: number; body: any }>;
  messages(group?: string): Promise<ConsoleLine[]>;
  /** The newest bot card in a group whose title contains `title`. */
  card(title: string, group?: string): Promise<ConsoleLine>;
  lastBotText(group?: string): Promise<string>;
};

export interface ConsoleLine {
  id: number;
  author: 'member' | 'bot';
  memberKey: string | null;
  text: string;
  card: any;
}

export function startBot<List extends readonly AnyPlatform[] = Platforms>(options: { start?: number; overrides?: Partial<RuntimeOptions<List>> } = {}): TestBot<List> {
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
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const post = async (path: string, body: unknown) => {
    const res = await runtime.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const messages = async (group = 'command'): Promise<ConsoleLine[]> => {
    const res = await runtime.app.request(`/console/api/messages?group=${encodeURIComponent(group)}`);
    return ((await res.json()) as { messages: ConsoleLine[] }).messages;
  };
  return Object.assign(runtime, {
    clock,
    dir,
    dbFile,
    say: (member: string, text: string, group = 'command', id?: string) => post('/console/api/messages', { group, member, text, id }),
    tap: (member: string, message: number, action: string, value: string, id?: string) => post('/console/api/actions', { message, action, value, member, id }),
    messages,
    async card(title: string, group = 'command') {
      const found = (await messages(group)).filter((m) => m.author === 'bot' && m.card?.title.includes(title)).pop();
      if (!found) throw new Error(`no card titled ~${title} in ${group}`);
      return found;
    },
    async lastBotText(group = 'command') {
      const bot = (await messages(group)).filter((m) => m.author === 'bot');
      return bot[bot.length - 1]?.text ?? '';
    },
  });
}

/** The buttons on a console card, flattened. */
export function buttonsOf(line: ConsoleLine): { label: string; action: string; value: string }[] {
  return (line.card?.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.buttons);
}

/** `responder-0` … `responder-(n-1)`: members (成员) with console identities, for crowd tests. */
export function addResponders(bot: Runtime, n: number): void {
  bot.core.db.transaction((tx) => {
    for (let i = 0; i < n; i++) {
      const m = tx.insert(members).values({ key: `responder-${i}`, name: `响应员${i}`, source: 'file', fileRoles: ['成员'], grantedRoles: [], createdAt: 0 }).returning().get();
      tx.insert(identities).values({ platform: 'console', platformUserId: `responder-${i}`, memberId: m.id }).run();
    }
  });
}
