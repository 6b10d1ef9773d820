// A separate OS process that claims tasks on a shared SQLite file, for the multi-process claim
// test. Usage: node --import tsx claim-worker.ts <dbFile> <firstResponder> <count> <startAtMs> <tasks…>
import { loadYamlFile } from '../../src/config/load-yaml';
import { systemClock } from '../../src/core/clock';
import { handleInbound } from '../../src/core/inbound/handle';
import { playbookSchema } from '../../src/core/playbook/schema';
import { openDatabase } from '../../src/db/open';

const [dbFile, first, count, startAt, ...taskRefs] = process.argv.slice(2);
const { db, close } = openDatabase(dbFile!);
const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
const core = {
  db,
  clock: systemClock,
  // The race is the point here, not whose department a task is: anyone may claim any of the four.
  playbook: { ...playbook, tasks: { ...playbook.tasks, claimScope: 'anyone' as const } },
  timeZone: 'Asia/Shanghai',
  botName: '烽火',
  directPlatforms: new Set<string>(),
  urgentPlatforms: new Set<string>(),
  publicUrl: 'http://localhost:8787',
};

// Everyone starts at the same wall-clock instant so the processes really overlap.
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
const outcomes: string[] = [];
for (let i = Number(first); i < Number(first) + Number(count); i++) {
  for (const ref of taskRefs) {
    const r = handleInbound(core, {
      kind: 'action',
      platform: 'console',
      eventId: `tap-${i}-${ref}`,
      chatId: 'command',
      chatType: 'group',
      sender: { platformUserId: `responder-${i}` },
      action: 'claim',
      value: ref,
    });
    outcomes.push(r.outcome);
  }
}
close();
process.stdout.write(JSON.stringify(outcomes));
