// The database under a running bot: deleted or replaced → /healthz says so (503), the bot stops
// taking commands (webhooks get 503 so the platform delivers again later) and logs it loudly;
// a database that cannot be written (here: another program holding the write lock) → /healthz
// not ok, and fenghuo_database_ok 0 in /metrics. Before, commands answered "done" into the deleted file and /healthz said ok.
import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { incidents } from '../../src/db/schema';
import { startBot } from '../helpers/runtime';

function capturingLogger() {
  const lines: any[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('a database that is gone, replaced or unwritable', () => {
  it('deleted while running: /healthz 503 naming it, a fatal log line, commands refused and nothing written', async () => {
    const { logger, lines } = capturingLogger();
    const bot = startBot({ overrides: { logger } });
    await bot.say('zheng-jiance', '预警 黄 某地网传停水');
    expect((await bot.app.request('/healthz')).status).toBe(200);

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${bot.dbFile}${suffix}`, { force: true });
    const health = await bot.app.request('/healthz');
    expect(health.status).toBe(503);
    const report = await health.json();
    expect(report).toMatchObject({ ok: false, database: { ok: false, problem: 'gone' } });
    expect(report.database.detail).toContain('被删除');
    expect(lines.find((l) => l.level === 60)?.msg).toContain('烽火已停止接受命令');

    const refused = await bot.say('zheng-jiance', '预警 红 又一起');
    expect(refused.status).toBe(503);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
  });

  it('deleted while nothing comes in: noticed within seconds all the same, and said loudly', async () => {
    const { logger, lines } = capturingLogger();
    const bot = startBot({ overrides: { logger } });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await bot.start();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${bot.dbFile}${suffix}`, { force: true });
      // No request, no message, no health check: only time passes.
      vi.advanceTimersByTime(5_000);
      expect(lines.find((l) => l.level === 60)).toMatchObject({ problem: 'gone', msg: expect.stringContaining('烽火已停止接受命令') });
    } finally {
      vi.useRealTimers();
    }
  });

  it('replaced by another file: reported as replaced', async () => {
    const bot = startBot();
    const other = startBot();
    other.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    renameSync(other.dbFile, bot.dbFile);
    const report = await (await bot.app.request('/healthz')).json();
    expect(report).toMatchObject({ ok: false, database: { problem: 'replaced' } });
    expect(report.database.detail).toContain('被替换');
  });

  it('cannot be written (another program holds the write lock): /healthz 503 "unwritable", ok again once released', async () => {
    const bot = startBot();
    // The bot waits this long for a lock before giving up (5 s in production).
    bot.sqlite.pragma('busy_timeout = 100');
    const other = new Database(bot.dbFile);
    other.exec('BEGIN EXCLUSIVE');
    other.prepare(`INSERT INTO settings (key, value) VALUES ('held', 'by another program')`).run();
    const health = await bot.app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: { ok: false, problem: 'unwritable' } });
    // What Prometheus sees says the same.
    expect(await (await bot.app.request('/metrics')).text()).toMatch(/^fenghuo_database_ok 0$/m);
    other.exec('ROLLBACK');
    other.close();
    expect((await bot.app.request('/healthz')).status).toBe(200);
    expect(await (await bot.app.request('/metrics')).text()).toMatch(/^fenghuo_database_ok 1$/m);
  });
});
