// One server per process for bench/feishu-ingest/run.ts:
//   bare         — Hono on node-server that only parses the JSON body (the ceiling)
//   sdk-express  — the SDK's EventDispatcher behind adaptExpress, same decrypt and check, no-op handler
//   fenghuo      — our /webhook/feishu: raw-byte signature, token, decrypt, decode, dedupe row persisted
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import * as lark from '@larksuiteoapi/node-sdk';
import express from 'express';
import { Hono } from 'hono';
import { createRuntime, loadPlatforms } from '../../src/runtime';
import { quietRuntimeOptions } from '../../test/helpers/runtime-options';
import { BENCH_ENCRYPT_KEY, BENCH_TOKEN } from './events';

const [kind, portText] = process.argv.slice(2);
const port = Number(portText);
const ready = () => process.send?.('ready');

if (kind === 'bare') {
  const app = new Hono();
  app.post('/webhook/feishu', async (c) => {
    await c.req.json();
    return c.json({});
  });
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, ready);
} else if (kind === 'sdk-express') {
  const dispatcher = new lark.EventDispatcher({ encryptKey: BENCH_ENCRYPT_KEY, verificationToken: BENCH_TOKEN, loggerLevel: lark.LoggerLevel.error }).register({
    'im.message.receive_v1': async () => ({}),
  });
  const app = express();
  app.use(express.json());
  app.post('/webhook/feishu', lark.adaptExpress(dispatcher, { autoChallenge: true }));
  app.listen(port, '127.0.0.1', ready);
} else if (kind === 'fenghuo') {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-bench-'));
  await loadPlatforms({ feishu: true });
  const runtime = createRuntime(
    quietRuntimeOptions(join(dir, 'bench.db'), {
      platforms: {
        feishu: {
          appId: 'cli_bench',
          appSecret: 's',
          encryptKey: BENCH_ENCRYPT_KEY,
          verificationToken: BENCH_TOKEN,
          domain: 'http://127.0.0.1:9',
          mode: 'webhook',
        },
      },
    }),
  );
  serve({ fetch: runtime.app.fetch, port, hostname: '127.0.0.1' }, ready);
} else {
  console.error(`unknown server kind ${kind}`);
  process.exit(2);
}
