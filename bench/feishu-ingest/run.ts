// bench/feishu-ingest — run on demand: `npm run bench:feishu-ingest` (not part of npm test).
// Each server runs alone in a child process; autocannon in this process sends distinct signed,
// encrypted events. Measures the peak (requests/s) and the latency at half of each server's peak,
// and prints ratios against the two baselines measured in the same run.
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { makeRequests, type BenchRequest } from './events';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const KINDS = ['bare', 'sdk-express', 'fenghuo'] as const;

interface Figures {
  kind: string;
  rps: number;
  p50: number;
  p99: number;
  halfRate: number;
  halfP50: number;
  halfP99: number;
  errors: number;
}

async function startServer(kind: string, port: number): Promise<ChildProcess> {
  const child = fork('bench/feishu-ingest/servers.ts', [kind, String(port)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${kind} exited ${code}`)));
  });
  return child;
}

function load(port: number, requests: BenchRequest[], opts: { rate?: number; seconds: number }): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/webhook/feishu`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[i++ % requests.length]!;
          return { ...req, method: 'POST', body: r.body, headers: r.headers };
        },
      },
    ],
  });
}

async function measure(kind: string, port: number, requests: BenchRequest[]): Promise<Figures> {
  const server = await startServer(kind, port);
  try {
    await load(port, requests.slice(0, 2000), { seconds: 2 }); // warm-up
    const peak = await load(port, requests, { seconds: SECONDS });
    const halfRate = Math.max(1, Math.floor(peak.requests.average / 2));
    const half = await load(port, requests, { seconds: SECONDS, rate: halfRate });
    return {
      kind,
      rps: Math.round(peak.requests.average),
      p50: peak.latency.p50,
      p99: peak.latency.p99,
      halfRate,
      halfP50: half.latency.p50,
      halfP99: half.latency.p99,
      errors: peak.non2xx + peak.errors + half.non2xx + half.errors,
    };
  } finally {
    server.kill();
  }
}

async function main(): Promise<void> {
  // Enough distinct events that no run repeats one (ours would answer a repeat as a duplicate).
  const requests = makeRequests(Number(process.env.BENCH_EVENTS ?? 120_000));
  console.log(`feishu-ingest: ${SECONDS}s per run, ${CONNECTIONS} connections, ${requests.length} distinct signed encrypted events`);
  const results: Figures[] = [];
  let port = 18_700;
  for (const kind of KINDS) results.push(await measure(kind, port++, requests));
  console.table(
    results.map((r) => ({
      server: r.kind,
      'req/s (peak)': r.rps,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'half rate': r.halfRate,
      'p50 ms @half': r.halfP50,
      'p99 ms @half': r.halfP99,
      'non-2xx/errors': r.errors,
    })),
  );
  const by = Object.fromEntries(results.map((r) => [r.kind, r]));
  console.log(`fenghuo / sdk-express throughput: ${(by.fenghuo!.rps / by['sdk-express']!.rps).toFixed(2)}×  (target ≥ 2×)`);
  console.log(`fenghuo / bare-hono ceiling:      ${(by.fenghuo!.rps / by.bare!.rps).toFixed(2)}×`);
  console.log(`fenghuo p99 at half its peak:     ${by.fenghuo!.halfP99} ms  (target < 10 ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
