// bench/record — run on demand: `npm run bench:record` (not part of npm test).
// How long the record check (verifyRecord: /healthz at start and every 10 minutes, npm run
// verify-record, the restore check) takes on a long record, and how much memory it takes, against
// a baseline of only reading the same rows in the same run. It runs on the bot's event loop:
// while it runs, no webhook is answered. BENCH_LINKS rows (default 200,000: months of signals).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/open';
import { verifyRecord } from '../../src/db/verify-record';

const LINKS = Number(process.env.BENCH_LINKS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'fenghuo-bench-record-'));
const { sqlite, close } = openDatabase(join(dir, 'bench.db'));
const insert = sqlite.prepare(`INSERT INTO timeline (platform, kind, text, data, created_at) VALUES ('console', 'progress_posted', ?, ?, ?)`);
const started = performance.now();
sqlite.transaction(() => {
  for (let i = 0; i < LINKS; i++)
    insert.run(
      `第 ${i} 条进展：某地网传停水，已核实，正在处置；宣传部起草情况说明，法务审核中。`,
      JSON.stringify({ step: i % 7 }),
      Date.UTC(2026, 0, 1) + i * 60_000,
    );
})();
console.log(`${LINKS} links written in ${((performance.now() - started) / 1000).toFixed(1)} s (each through the chain's trigger)`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const read: number[] = [];
const check: number[] = [];
const grown: number[] = [];
for (let run = 0; run < RUNS; run++) {
  let t = performance.now();
  let n = 0;
  for (const _row of sqlite.prepare(`SELECT rowid AS _rowid, * FROM timeline ORDER BY rowid`).iterate()) n++;
  read.push(performance.now() - t);
  global.gc?.();
  const before = process.memoryUsage().rss;
  t = performance.now();
  const result = verifyRecord(sqlite);
  check.push(performance.now() - t);
  grown.push((process.memoryUsage().rss - before) / MB);
  if (!result.ok || result.links !== LINKS || n !== LINKS) throw new Error(`unexpected: ${JSON.stringify(result.problems.slice(0, 3))}`);
}
close();
rmSync(dir, { recursive: true, force: true });
const [r, c] = [median(read), median(check)];
console.log(`medians of ${RUNS}:`);
console.log(`  reading the rows (baseline)  ${r.toFixed(0).padStart(6)} ms`);
console.log(`  verifyRecord                 ${c.toFixed(0).padStart(6)} ms (${(c / r).toFixed(1)}× reading; the event loop is held that long)`);
console.log(`  memory taken by the check    ${median(grown).toFixed(0).padStart(6)} MB RSS`);
