// A separate OS process that runs the clock on a shared SQLite file at a pinned instant, for the
// two-process periodic-report test: it stores the report's slot as node-cron's tick would, then
// beats the clock. Usage: node --import tsx report-worker.ts <dbFile> <pinnedMs> <startAtWallMs>
import { manualClock } from '../../src/core/clock';
import { storeReportTick } from '../../src/core/write/plan-reports';
import { createRuntime, loadPlatforms } from '../../src/runtime';
import { quietRuntimeOptions } from './runtime-options';

const [dbFile, pinned, startAt] = process.argv.slice(2);
const options = quietRuntimeOptions(dbFile!, { clock: manualClock(Number(pinned)), platforms: { console: {} } });
// As main.ts does: a platform's code is loaded before the runtime is made (the console's is at hand).
await loadPlatforms(options.platforms);
const runtime = createRuntime(options);
// Both processes start at the same wall-clock instant so they really overlap.
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
let fired = 0;
for (let i = 0; i < 5; i++) {
  storeReportTick(runtime.core, 'daily', runtime.core.clock.now());
  fired += await runtime.clockLoop.tick();
}
await runtime.close();
process.stdout.write(JSON.stringify({ fired }));
