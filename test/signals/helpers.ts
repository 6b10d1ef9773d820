// A bot with the signals API switched on (a token sender and an HMAC secret) and an admin token,
// plus builders for monitoring items. Everything else is the real runtime (test/helpers/runtime.ts).
import { signSignals } from '../../src/server/signals/verify';
import { startBot, type TestBot } from '../helpers/runtime';

export const TOKEN = 'monitor-token-0123456789abcdef';
export const HMAC_SECRET = 'hmac-secret-0123456789abcdef';
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';

export function startSignalsBot(options: Parameters<typeof startBot>[0] = {}): TestBot {
  return startBot({
    ...options,
    overrides: {
      signals: { tokens: new Map([['yuqing-monitor', TOKEN]]), hmacSecret: HMAC_SECRET, toleranceSeconds: 300 },
      adminToken: ADMIN_TOKEN,
      ...options.overrides,
    },
  });
}

export type Auth = 'token' | 'hmac' | 'none' | { headers: Record<string, string> };

/** POSTs a body (object, or raw string) to /api/signals and waits for the outbox to deliver. */
export async function push(bot: TestBot, body: unknown, auth: Auth = 'token'): Promise<{ status: number; body: any }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth === 'token') headers.authorization = `Bearer ${TOKEN}`;
  else if (auth === 'hmac') Object.assign(headers, signSignals(HMAC_SECRET, raw, bot.clock.now()));
  else if (auth !== 'none') Object.assign(headers, auth.headers);
  const res = await bot.app.request('/api/signals', { method: 'POST', headers, body: raw });
  const json = await res.json();
  await bot.drain.drain();
  return { status: res.status, body: json };
}

export interface ItemOptions {
  source?: string;
  keywords?: string[];
  title?: string;
  reads?: number;
  reposts?: number;
  mentionsLastHour?: number;
  sentiment?: number;
  followers?: number;
}

/** Item `i` of a topic: a distinct link, the topic's keywords plus one of its own. */
export function item(topic: string, i: number, o: ItemOptions = {}) {
  return {
    source: o.source ?? 'forum',
    link: `https://bbs.example.cn/${topic}/${i}`,
    title: o.title ?? `网传${topic}第${i}帖`,
    excerpt: '有网友发帖称……',
    author: { name: `网友${i}`, followers: o.followers ?? 100, verified: false },
    publishedAt: '2026-11-21T08:30:00+08:00',
    metrics: { reads: o.reads ?? 2, reposts: o.reposts ?? 0, comments: 0, likes: 0, mentionsLastHour: o.mentionsLastHour ?? 0 },
    sentiment: o.sentiment ?? -0.2,
    keywords: o.keywords ?? [topic, '停水', '自来水', `帖${i % 7}`],
  };
}

export function items(topic: string, from: number, count: number, o: ItemOptions = {}) {
  return Array.from({ length: count }, (_, k) => item(topic, from + k, o));
}
