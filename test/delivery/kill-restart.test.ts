// kill -9 in the middle of a 500-message broadcast, then a restart on the same database: all 500
// arrive, none twice. A real child process, a real SIGKILL, the real SDK against the fake Open API.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { textCard } from '../../src/core/cards/card';
import { enqueueCard, PRIORITY } from '../../src/core/write/outbox';
import { openDatabase } from '../../src/db/open';
import { outbox } from '../../src/db/schema';
import { FakeFeishuApi } from '../fakes/feishu-api';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
});

function startWorker(dbFile: string, api: FakeFeishuApi): Promise<ChildProcess> {
  const child = fork('test/helpers/drain-worker.ts', [dbFile, api.url, api.appId, api.appSecret], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

describe('kill -9 mid-broadcast', () => {
  it('restarting on the same database delivers all 500, none twice', async () => {
    const api = await new FakeFeishuApi().start();
    try {
      const dbFile = join(mkdtempSync(join(tmpdir(), 'fenghuo-kill-')), 'bot.db');
      const { db, close } = openDatabase(dbFile);
      db.transaction((tx) => {
        for (let i = 0; i < 500; i++) {
          const chat = `oc_k${i % 100}`;
          api.chats.add(chat);
          enqueueCard(tx, { platform: 'feishu', chatId: chat }, textCard(`第 ${i} 条`, 'x'), { now: Date.now(), priority: PRIORITY.warning });
        }
      });

      // Answers arrive 150 ms after the message is stored, so the kill lands with calls in flight:
      // the platform has them, our database does not know yet.
      api.answerDelayMs = 150;
      const first = await startWorker(dbFile, api);
      await expect.poll(() => api.messages.length, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(120);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const atKill = api.messages.length;
      expect(atKill).toBeLessThan(500);

      await startWorker(dbFile, api);
      await expect
        .poll(
          () =>
            db
              .select()
              .from(outbox)
              .all()
              .filter((r) => r.status !== 'sent').length,
          { timeout: 60_000, interval: 100 },
        )
        .toBe(0);
      close();

      expect(api.messages).toHaveLength(500);
      expect(new Set(api.messages.map((m) => m.uuid)).size).toBe(500);
      // Some calls were made twice (accepted before the kill, unrecorded, sent again): uuid kept them single.
      expect(api.sendCalls).toBeGreaterThan(500);
      expect(new Set(api.messages.map((m) => m.card.header.title.content)).size).toBe(500);
      // Order within each chat survived the crash.
      for (const chat of ['oc_k0', 'oc_k57']) {
        const n = Number(chat.slice(4));
        expect(api.inChat(chat).map((m) => m.card.header.title.content)).toEqual([0, 1, 2, 3, 4].map((k) => `第 ${n + k * 100} 条`));
      }
    } finally {
      api.stop();
    }
  }, 120_000);
});
