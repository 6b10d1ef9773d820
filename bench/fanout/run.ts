// bench/fanout — run on demand: `npm run bench:fanout` (not part of npm test).
// One orange warning typed in the command centre goes to 200 Feishu broadcast groups (plus the
// command centre) at the fake Open API, which enforces the documented limits (50/s and 1000/min
// per app, 5/s per group). Prints the time from the command to the last card delivered against
// the lower bound those limits allow, and every throttling answer seen (target: 0).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadYamlFile } from '../../src/config/load-yaml';
import { handleInbound } from '../../src/core/inbound/handle';
import { organisationSchema } from '../../src/core/org/schema';
import { createRuntime, loadPlatforms } from '../../src/runtime';
import { FakeFeishuApi } from '../../test/fakes/feishu-api';
import { quietRuntimeOptions } from '../../test/helpers/runtime-options';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const APP_PER_SECOND = 50;

async function once(run: number): Promise<{ ms: number; cards: number; throttled: number; calls: number }> {
  const api = await new FakeFeishuApi().start();
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  for (const m of org.members) m.ids.feishu = `ou_${m.key}`;
  org.groups.push({ key: 'fs-command', name: '飞书指挥中心', platform: 'feishu', chatId: 'oc_command', purpose: 'command' });
  api.chats.add('oc_command');
  for (let i = 0; i < GROUPS; i++) {
    org.groups.push({ key: `fs-b${i}`, name: `通报群${i}`, platform: 'feishu', chatId: `oc_b${i}`, purpose: 'broadcast' });
    api.chats.add(`oc_b${i}`);
  }
  await loadPlatforms({ feishu: true });
  const runtime = createRuntime(
    quietRuntimeOptions(join(mkdtempSync(join(tmpdir(), 'fenghuo-fanout-')), 'bot.db'), {
      organisation: { value: org },
      platforms: {
        console: {},
        feishu: { appId: api.appId, appSecret: api.appSecret, encryptKey: undefined, verificationToken: 't', domain: api.url, mode: 'webhook' },
      },
    }),
  );
  await runtime.start();
  const started = performance.now();
  handleInbound(runtime.core, {
    kind: 'message',
    platform: 'feishu',
    eventId: `bench-${run}`,
    chatId: 'oc_command',
    chatType: 'group',
    sender: { platformUserId: 'ou_zheng-jiance' },
    text: '预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/123',
    addressed: true,
  });
  const expected = GROUPS + 1;
  runtime.drain.start(50);
  await runtime.drain.drain();
  while (api.messages.length < expected) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - started;
  const result = { ms, cards: api.messages.length, throttled: api.throttled.length, calls: api.sendCalls };
  await runtime.close();
  api.stop();
  return result;
}

async function main(): Promise<void> {
  const cards = GROUPS + 1;
  // With at most 50 sends in any second, card n (counting from 0) cannot go before floor(n/50) s.
  const lowerBoundMs = Math.floor((cards - 1) / APP_PER_SECOND) * 1000;
  console.log(`fanout: one orange warning to ${GROUPS} broadcast groups + the command centre (${cards} cards), ${RUNS} runs`);
  const results = [];
  for (let run = 0; run < RUNS; run++) results.push(await once(run));
  console.table(
    results.map((r, i) => ({
      run: i + 1,
      'cards delivered': r.cards,
      'send calls': r.calls,
      'time ms': Math.round(r.ms),
      'lower bound ms': lowerBoundMs,
      'time / bound': (r.ms / lowerBoundMs).toFixed(3),
      'throttling answers': r.throttled,
    })),
  );
  const median = [...results].sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)]!;
  console.log(
    `median ${Math.round(median.ms)} ms = ${((median.ms / lowerBoundMs - 1) * 100).toFixed(1)}% over the lower bound (target ≤ 10%); throttling answers: ${results.reduce((n, r) => n + r.throttled, 0)} (target 0)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
