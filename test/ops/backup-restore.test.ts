// Backups and retention: an online backup while the bot runs, the newest BACKUP_KEEP kept; a
// backup restored with `npm run restore` into a fresh file holds every incident and a whole
// record; a damaged backup is refused and the database left as it was; idle guests forgotten.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { Backups, listBackups } from '../../src/ops/backups';
import { restoreBackup } from '../../src/ops/restore';
import { identities, incidents, members } from '../../src/db/schema';
import { forgetIdleGuests, FORGOTTEN_GUEST_NAME } from '../../src/core/system/forget-guests';
import { startBot } from '../helpers/runtime';
import { eq } from 'drizzle-orm';

function restore(backup: string, target: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync('node', ['--import', 'tsx', 'src/restore.ts', backup, target], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (err) {
    const e = err as { status: number; stderr: string };
    return { code: e.status, out: e.stderr };
  }
}

describe('backups', () => {
  it('backup → restore → every incident is there and the record is whole; the old file is kept aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fenghuo-backups-'));
    let wall = Date.UTC(2026, 10, 21, 1, 0, 0);
    const bot = startBot();
    const backups = new Backups(bot.sqlite, { dir, keep: 2, intervalMs: 60_000 }, createLogger('silent'), () => wall);
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('zheng-jiance', '预警 黄 某校食堂视频');
    await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明');
    await bot.say('sun-xuanchuan', '同意 A1');
    const first = await backups.runNow();
    // The bot keeps working while backups are taken; the next ones rotate the oldest out.
    await bot.say('zheng-jiance', '预警 蓝 第三起');
    wall += 60_000;
    await backups.runNow();
    wall += 60_000;
    const newest = await backups.runNow();
    expect(listBackups(dir).map((b) => b.file)).toEqual([expect.any(String), newest]);
    expect(existsSync(first)).toBe(false);

    const target = join(mkdtempSync(join(tmpdir(), 'fenghuo-restored-')), 'fenghuo.db');
    writeFileSync(target, 'the file that was there');
    const run = restore(newest, target);
    expect(run.code, run.out).toBe(0);
    const numbers = bot.core.db
      .select()
      .from(incidents)
      .all()
      .map((i) => i.number);
    expect(numbers).toHaveLength(3);
    expect(run.out).toContain('3 个事件');
    expect(run.out).toContain('记录链完好');
    const restored = new Database(target, { readonly: true });
    expect(restored.prepare('SELECT number FROM incidents ORDER BY id').pluck().all()).toEqual(numbers);
    restored.close();
    expect(readdirSync(join(target, '..')).some((n) => n.startsWith('fenghuo.db.before-restore-'))).toBe(true);
  });

  it('the file restored over keeps its write-ahead log: what it held after a crash is still in the kept-aside copy', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 黄 某校食堂视频');
    const backup = join(mkdtempSync(join(tmpdir(), 'fenghuo-wal-backup-')), 'fenghuo-20261121T010000Z.db');
    await bot.sqlite.backup(backup);
    // The live file of a bot that was killed: its last changes are only in fenghuo.db-wal.
    const target = join(mkdtempSync(join(tmpdir(), 'fenghuo-crashed-')), 'fenghuo.db');
    const crashed = spawnSync(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.pragma('journal_mode = WAL'); db.pragma('wal_autocheckpoint = 0');
         db.exec("CREATE TABLE notes (text TEXT)"); db.prepare("INSERT INTO notes VALUES ('written just before the crash')").run();
         process.kill(process.pid, 'SIGKILL');`,
        target,
      ],
      { encoding: 'utf8' },
    );
    expect(crashed.signal).toBe('SIGKILL');
    expect(existsSync(`${target}-wal`)).toBe(true);

    const result = restoreBackup(backup, target);
    const kept = new Database(result.keptAside!, { readonly: true });
    expect(kept.prepare('SELECT text FROM notes').pluck().all()).toEqual(['written just before the crash']);
    kept.close();
  });

  it('a restore onto the file of a bot that is still running is refused, and changes nothing', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 黄 某校食堂视频');
    const backup = join(mkdtempSync(join(tmpdir(), 'fenghuo-running-')), 'fenghuo-20261121T010000Z.db');
    await bot.sqlite.backup(backup);
    const run = restore(backup, bot.dbFile);
    expect(run.code).toBe(1);
    expect(run.out).toContain('先停止烽火');
    expect(run.out).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(bot.dbFile, '..')).filter((n) => n.includes('before-restore') || n.includes('restoring'))).toEqual([]);
    // The running bot goes on with its own file.
    expect((await bot.app.request('/healthz')).status).toBe(200);
  });

  it('a damaged backup is refused and the database is left as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fenghuo-bad-backup-'));
    const bad = join(dir, 'fenghuo-20261121T010000Z.db');
    writeFileSync(bad, 'not a database at all, just some bytes '.repeat(200));
    const target = join(dir, 'live.db');
    writeFileSync(target, 'live');
    const run = restore(bad, target);
    expect(run.code).toBe(1);
    expect(run.out).not.toMatch(/\n\s+at /);
    expect(existsSync(`${target}.restoring`)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['fenghuo-20261121T010000Z.db', 'live.db']);
  });
});

describe('retention', () => {
  it('a guest idle longer than GUEST_KEEP_DAYS is forgotten (ids, name) and registered afresh if they write again', async () => {
    const bot = startBot();
    const guestId = 'guest-console-id';
    bot.core.db
      .insert(members)
      .values({ key: 'auto-console-x', name: '路过的人', source: 'auto', fileRoles: [], grantedRoles: [], createdAt: bot.clock.now() })
      .run();
    const guest = bot.core.db.select().from(members).where(eq(members.key, 'auto-console-x')).get()!;
    bot.core.db.insert(identities).values({ platform: 'console', platformUserId: guestId, memberId: guest.id }).run();
    const day = 86_400_000;
    expect(forgetIdleGuests(bot.core.db, bot.clock.now() + 10 * day, 30 * day)).toBe(0);
    expect(forgetIdleGuests(bot.core.db, bot.clock.now() + 31 * day, 30 * day)).toBe(1);
    expect(bot.core.db.select().from(members).where(eq(members.id, guest.id)).get()!.name).toBe(FORGOTTEN_GUEST_NAME);
    expect(bot.core.db.select().from(identities).where(eq(identities.memberId, guest.id)).all()).toEqual([]);
    // Their key named their platform id: it is free again for a fresh registration.
    bot.core.db
      .insert(members)
      .values({ key: 'auto-console-x', name: '又来了', source: 'auto', fileRoles: [], grantedRoles: [], createdAt: bot.clock.now() })
      .run();
    // Members from the organisation file are never touched.
    expect(forgetIdleGuests(bot.core.db, bot.clock.now() + 365 * day, 30 * day)).toBe(0);
    expect(bot.core.db.select().from(members).where(eq(members.key, 'zheng-jiance')).get()!.name).toBe('郑监测');
  });
});
