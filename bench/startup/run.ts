// bench/startup — run on demand: `npm run bench:startup` (not part of npm test).
// How fast `npm start`'s server answers /healthz and how much memory it holds idle, against a
// bare Hono server built and started the same way (esbuild bundle, `node file.js`) in the same
// run. Targets (issue 15): console-only start ≤ 2× the bare server's; idle RSS ≤ 120 MB
// console-only and ≤ 200 MB with Feishu and WeCom switched on. Runs alternate, medians printed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 3000);
const MB = 1024 * 1024;

const PLATFORMS_ON = {
  FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
  FEISHU_APP_SECRET: 'bench-secret',
  FEISHU_VERIFICATION_TOKEN: 'bench-token',
  FEISHU_ENCRYPT_KEY: 'bench-encrypt-key',
  // Nothing listens there: the bot-info call fails at once, as with no network.
  FEISHU_DOMAIN: 'http://127.0.0.1:9',
  WECOM_CORP_ID: 'wwbench',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'bench-secret',
  WECOM_TOKEN: 'bench-token',
  WECOM_AES_KEY: 'a'.repeat(43),
  WECOM_API_BASE: 'http://127.0.0.1:9',
};

interface Sample {
  ms: number;
  rssMb: number;
}

/** `dataDir`: a data folder kept between runs (a restart); otherwise a fresh one (the first start). */
async function once(script: string, env: Record<string, string>, port: number, dataDir?: string): Promise<Sample> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'fenghuo-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH!, PORT: String(port), DATABASE_FILE: join(dir, 'bench.db'), BACKUP_DIR: join(dir, 'backups'), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode}: ${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
    return { ms, rssMb: (rssKb * 1024) / MB };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    if (!dataDir) rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  await import('../../scripts/build.mjs' as string);
  await build({
    entryPoints: { 'bare-server': 'bench/startup/bare-server.ts' },
    outdir: 'dist/bench',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled like dist/main.js (hono and its server inlined), so both start from one file.
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
  const kept = mkdtempSync(join(tmpdir(), 'fenghuo-startup-kept-'));
  const kinds = {
    bare: { script: 'dist/bench/bare-server.js', env: {}, dataDir: undefined },
    console: { script: 'dist/main.js', env: {}, dataDir: undefined },
    'console again': { script: 'dist/main.js', env: {}, dataDir: kept },
    'feishu+wecom': { script: 'dist/main.js', env: PLATFORMS_ON, dataDir: undefined },
  } as const;
  const samples: Record<keyof typeof kinds, Sample[]> = { bare: [], console: [], 'console again': [], 'feishu+wecom': [] };
  let port = 19_400;
  for (let run = 0; run < RUNS; run++) {
    for (const [name, kind] of Object.entries(kinds) as [keyof typeof kinds, (typeof kinds)[keyof typeof kinds]][]) {
      samples[name].push(await once(kind.script, kind.env, port++, kind.dataDir));
    }
  }
  const bare = median(samples.bare.map((s) => s.ms));
  // The first runs of a restart kind start on an empty folder too; drop them from its figures.
  samples['console again'].shift();
  rmSync(kept, { recursive: true, force: true });
  console.log(`startup to /healthz 200 and idle RSS after ${IDLE_MS} ms — medians of ${RUNS} alternating runs`);
  console.log('  (console: first start on an empty data folder; console again: a restart on the same folder)');
  for (const [name, list] of Object.entries(samples)) {
    const ms = median(list.map((s) => s.ms));
    const rss = median(list.map((s) => s.rssMb));
    console.log(`  ${name.padEnd(13)} ${ms.toFixed(0).padStart(5)} ms (${(ms / bare).toFixed(2)}× bare)   RSS ${rss.toFixed(0).padStart(4)} MB`);
  }
  const consoleMs = median(samples.console.map((s) => s.ms));
  const againMs = median(samples['console again'].map((s) => s.ms));
  const checks = [
    [`console-only first start ≤ 2× bare`, consoleMs / bare <= 2, `${(consoleMs / bare).toFixed(2)}×`],
    [`console-only restart ≤ 2× bare`, againMs / bare <= 2, `${(againMs / bare).toFixed(2)}×`],
    [`console-only idle RSS ≤ 120 MB`, median(samples.console.map((s) => s.rssMb)) <= 120, `${median(samples.console.map((s) => s.rssMb)).toFixed(0)} MB`],
    [
      `Feishu + WeCom idle RSS ≤ 200 MB`,
      median(samples['feishu+wecom'].map((s) => s.rssMb)) <= 200,
      `${median(samples['feishu+wecom'].map((s) => s.rssMb)).toFixed(0)} MB`,
    ],
  ] as const;
  for (const [what, ok, figure] of checks) console.log(`  ${ok ? 'met   ' : 'MISSED'} ${what}: ${figure}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

await main();
