// A separate OS process that runs the clock on a shared SQLite file at a pinned instant, for the
// two-process periodic-report test: it stores the report's slot as node-cron's tick would, then
// beats the clock. Usage: node --import tsx report-worker.ts <dbFile> <pinnedMs> <startAtWallMs>
import { manualClock } from '../../src/core/clock';
import { storeReportTick } from '../../src/core/write/plan-reports';
import { createRuntime } from '../../src/runtime';
import { quietRuntimeOptions } from './runtime-options';

const [dbFile, pinned, startAt] = process.argv.slice(2);
const runtime = createRuntime(quietRuntimeOptions(dbFile!, { clock: manualClock(Number(pinned)), platforms: { console: {} } }));
// Both processes start at the same wall-clock instant so they really overlap.
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
let fired = 0;
for (let i = 0; i < 5; i++) {
  storeReportTick(runtime.core, 'daily', runtime.core.clock.now());
  fired += await runtime.clockLoop.tick();
}
await runtime.close();
process.stdout.write(JSON.stringify({ fired }));
