// A bot process that only delivers: opens the database, points Feishu at the fake Open API and
// drains the outbox until killed. Used by the kill -9 tests.
// Usage: node --import tsx drain-worker.ts <dbFile> <fakeUrl> <appId> <appSecret> [organisation file]
import { createRuntime, loadPlatforms } from '../../src/runtime';
import { quietRuntimeOptions } from './runtime-options';

const [dbFile, url, appId, appSecret, orgFile] = process.argv.slice(2);
const options = quietRuntimeOptions(dbFile!, {
  ...(orgFile ? { organisation: { file: orgFile } } : {}),
  platforms: { feishu: { appId: appId!, appSecret: appSecret!, encryptKey: undefined, verificationToken: 't', domain: url!, mode: 'webhook' } },
  outbox: { leaseMs: 1500 },
});
await loadPlatforms(options.platforms);
const runtime = createRuntime(options);
runtime.drain.start(20);
process.send?.('draining');
