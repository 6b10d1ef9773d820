// bench/signals — run on demand: `npm run bench:signals` (not part of npm test).
// 1. Throughput: signals per second through POST /api/signals (HMAC-signed batches of 100, over
//    many topics) with grouping, scoring and warnings on, against a baseline of the same endpoint
//    that only authenticates, validates and stores. Fresh database per run, modes alternated, medians.
// 2. Latency: from posting a batch that crosses the blue threshold to the warning card arriving at
//    a fake Feishu Open API (the real SDK, a real socket), p50 and p99.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';
import { createLogger } from '../../src/logger';
import { createRuntime, loadPlatforms } from '../../src/runtime';
import type { SignalsAuthConfig } from '../../src/server/signals/config';
import { signalsRoutes } from '../../src/server/signals/routes';
import { signSignals } from '../../src/server/signals/verify';
import { FakeFeishuApi } from '../../test/fakes/feishu-api';
import { quietRuntimeOptions } from '../../test/helpers/runtime-options';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const BATCH = 100;
const TOPICS = Number(process.env.BENCH_TOPICS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 60);
const SECRET = 'bench-hmac-secret-0123456789';
const auth: SignalsAuthConfig = { tokens: new Map(), hmacSecret: SECRET, toleranceSeconds: 300 };

function item(topic: number, i: number, o: { reads?: number; sentiment?: number } = {}) {
  return {
    source: ['weibo', 'news', 'forum', 'wechat'][i % 4],
    link: `https://example.cn/t${topic}/${i}`,
    title: `话题${topic}的第${i}条：网传某地出现问题`,
    excerpt: '网友发帖称……'.repeat(5),
    author: { name: `作者${i % 97}`, followers: (i * 37) % 50_000, verified: i % 11 === 0 },
    publishedAt: '2026-11-21T08:30:00+08:00',
    metrics: { reads: o.reads ?? (i * 13) % 500, reposts: i % 5, comments: i % 7, likes: i % 9, mentionsLastHour: i % 3 },
    sentiment: o.sentiment ?? -((i % 10) / 10),
    keywords: [`话题${topic}`, `地点${topic}`, `事由${topic}`, `细节${i % 5}`],
  };
}

function signedRequests(n: number, offset: number): { body: string; headers: Record<string, string> }[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, b) => {
    const items = Array.from({ length: BATCH }, (_, k) => {
      const i = offset + b * BATCH + k;
      return item(i % TOPICS, i);
    });
    const body = JSON.stringify({ items });
    return { body, headers: { 'content-type': 'application/json', ...signSignals(SECRET, body, now) } };
  });
}

async function throughput(grouping: boolean, run: number): Promise<number> {
  const runtime = createRuntime(
    quietRuntimeOptions(join(mkdtempSync(join(tmpdir(), 'fenghuo-signals-')), 'bot.db'), { platforms: { console: {} }, signals: auth }),
  );
  const routes: Hono = signalsRoutes({ core: runtime.core, drain: runtime.drain, logger: createLogger('silent'), auth, grouping });
  const requests = signedRequests(BATCHES, run * 1_000_000);
  const started = performance.now();
  for (const r of requests) {
    const res = await routes.request('/', { method: 'POST', headers: r.headers, body: r.body });
    if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await runtime.drain.drain();
  await runtime.close();
  return (BATCHES * BATCH) / seconds;
}

async function latency(): Promise<number[]> {
  const api = await new FakeFeishuApi().start();
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  for (const m of org.members) m.ids.feishu = `ou_${m.key}`;
  org.groups = [{ key: 'fs-command', name: '飞书指挥中心', platform: 'feishu', chatId: 'oc_command', purpose: 'command' }];
  api.chats.add('oc_command');
  await loadPlatforms({ feishu: true });
  const runtime = createRuntime(
    quietRuntimeOptions(join(mkdtempSync(join(tmpdir(), 'fenghuo-signals-lat-')), 'bot.db'), {
      organisation: { value: org },
      signals: auth,
      platforms: { feishu: { appId: api.appId, appSecret: api.appSecret, encryptKey: undefined, verificationToken: 't', domain: api.url, mode: 'webhook' } },
    }),
  );
  await runtime.start();
  runtime.drain.start(1000);
  const samples: number[] = [];
  for (let run = 0; run < LATENCY_RUNS; run++) {
    // 200 quiet, mildly negative posts on a new topic: about 32 points, just over blue (30).
    const items = Array.from({ length: 200 }, (_, i) => ({
      ...item(10_000 + run, i, { reads: 2, sentiment: -0.2 }),
      source: 'forum',
      author: { name: 'x', followers: 100, verified: false },
      metrics: { reads: 2, reposts: 0, comments: 0, likes: 0, mentionsLastHour: 0 },
    }));
    const body = JSON.stringify({ items });
    const before = api.messages.length;
    const started = performance.now();
    const res = await runtime.app.request('/api/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSignals(SECRET, body, Date.now()) },
      body,
    });
    const json = (await res.json()) as { actions: { kind: string }[] };
    if (json.actions[0]?.kind !== 'raised') throw new Error(`run ${run}: expected a raised warning, got ${JSON.stringify(json.actions)}`);
    while (api.messages.length === before) await new Promise((r) => setImmediate(r));
    samples.push(performance.now() - started);
    // Feishu allows 5 messages a second per chat: keep well inside it so the limit is not what we measure.
    await new Promise((r) => setTimeout(r, 250));
  }
  await runtime.close();
  api.stop();
  return samples;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function main(): Promise<void> {
  console.log(`signals: ${BATCHES} signed batches × ${BATCH} items over ${TOPICS} topics per run, ${RUNS} runs per mode (alternating)`);
  const storeOnly: number[] = [];
  const grouped: number[] = [];
  await throughput(false, 99); // warm-up (JIT, SQLite page cache), not counted
  for (let run = 0; run < RUNS; run++) {
    storeOnly.push(await throughput(false, run * 2));
    grouped.push(await throughput(true, run * 2 + 1));
  }
  console.table([
    {
      endpoint: 'validate + store (baseline)',
      ...Object.fromEntries(storeOnly.map((v, i) => [`run ${i + 1} signals/s`, Math.round(v)])),
      'median signals/s': Math.round(median(storeOnly)),
    },
    {
      endpoint: 'grouping + scoring + warnings',
      ...Object.fromEntries(grouped.map((v, i) => [`run ${i + 1} signals/s`, Math.round(v)])),
      'median signals/s': Math.round(median(grouped)),
    },
  ]);
  console.log(`grouping on / baseline: ${(median(grouped) / median(storeOnly)).toFixed(2)}×`);

  const samples = await latency();
  console.log(
    `threshold-crossing batch (200 items) → first warning card at the fake Feishu API, ${samples.length} runs: p50 ${pct(samples, 50).toFixed(1)} ms, p99 ${pct(samples, 99).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
