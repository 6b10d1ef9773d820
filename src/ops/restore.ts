// Restores a backup into a fresh file and checks it before it takes the database's place
// (`npm run restore`, src/restore.ts). The check: SQLite's
// integrity check, the migrations up to this version, and the record's hash chain; then it counts
// the incidents. The file it replaces is kept beside it (…before-restore-<time>), never deleted.
// Stop the bot first: a running bot notices its file replaced and stops taking commands.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/open';
import { verifyRecord } from '../db/verify-record';

export interface RestoreResult {
  target: string;
  incidents: string[];
  links: number;
  keptAside: string | undefined;
}

/** Restores `backup` into `target` through a fresh file; throws, changing nothing, when the check fails. */
export function restoreBackup(backup: string, target: string, now = new Date()): RestoreResult {
  if (!existsSync(backup)) throw new RestoreError(`找不到备份文件 ${backup}。 / No backup file at ${backup}.`);
  refuseWhileOpen(target);
  const fresh = `${target}.restoring`;
  for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
  copyFileSync(backup, fresh);
  let incidents: string[];
  let links: number;
  try {
    let integrity: unknown;
    try {
      const raw = new Database(fresh, { fileMustExist: true });
      integrity = raw.pragma('integrity_check', { simple: true });
      raw.close();
    } catch (err) {
      integrity = (err as { code?: string }).code ?? String(err);
    }
    if (integrity !== 'ok') throw new RestoreError(`备份 ${backup} 已损坏（${String(integrity)}），未恢复。 / The backup is damaged; nothing was restored.`);
    const opened = openDatabase(fresh);
    try {
      const record = verifyRecord(opened.sqlite);
      if (!record.ok) throw new RestoreError(`备份 ${backup} 的记录链不完整，未恢复：\n${record.problems.map((p) => `  - ${p.text}`).join('\n')}`);
      links = record.links;
      incidents = opened.sqlite.prepare(`SELECT number FROM incidents ORDER BY id`).pluck().all() as string[];
      opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      opened.close();
    }
  } catch (err) {
    for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
    throw err;
  }
  let keptAside: string | undefined;
  if (existsSync(target)) {
    keptAside = `${target}.before-restore-${now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}`;
    renameSync(target, keptAside);
  }
  // The old file's write-ahead log must not be replayed onto the restored file; it goes with the
  // file it belongs to (after a crash it holds that file's last changes).
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, keptAside ? `${keptAside}${suffix}` : `${target}${suffix}.old`);
  renameSync(fresh, target);
  for (const f of [`${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
  return { target, incidents, links, keptAside };
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/**
 * A bot still running on `target` would go on writing into the file put aside (its open handle),
 * and remove the restored file's write-ahead log when it closes. In WAL mode every open
 * connection holds a shared lock that leaving WAL needs gone: that change fails while any is open.
 * When it succeeds, the old file's log is folded into it, so the copy kept aside stands alone.
 */
function refuseWhileOpen(target: string): void {
  if (!existsSync(target)) return;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(target, { fileMustExist: true, timeout: 0 });
    probe.pragma('journal_mode = DELETE');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      throw new RestoreError(
        `数据库 ${target} 正被其他程序打开（烽火还在运行？）：请先停止烽火再恢复，什么都没有改动。 / The database is open in another process (is Fenghuo still running?): stop it, then restore. Nothing was changed.`,
      );
    // Not a database at all (or damaged): it is put aside as it is.
  } finally {
    probe?.close();
  }
}
