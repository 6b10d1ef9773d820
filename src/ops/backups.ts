// Online backups of the SQLite file on a schedule: better-sqlite3's backup() (SQLite's online
// backup API) copies a consistent snapshot while the bot keeps working, into BACKUP_DIR as
// fenghuo-<UTC time>.db; the newest BACKUP_KEEP are kept. The schedule is an interval checked
// every minute against the newest backup's time, so a restart neither skips nor doubles one.
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../logger';

export interface BackupSettings {
  dir: string;
  keep: number;
  /** How often; 0 = never on a schedule. */
  intervalMs: number;
}

const NAME = /^fenghuo-\d{8}T\d{6}Z\.db$/;

/** The backups in a folder, oldest first. */
export function listBackups(dir: string): { file: string; at: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => NAME.test(n))
    .sort()
    .map((n) => ({ file: join(dir, n), at: statSync(join(dir, n)).mtimeMs }));
}

export class Backups {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string> | undefined;
  lastAt: number | undefined;
  lastError: string | undefined;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly settings: BackupSettings,
    private readonly logger: Logger,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.lastAt = listBackups(settings.dir).at(-1)?.at;
  }

  start(checkEveryMs = 60_000): void {
    if (this.settings.intervalMs <= 0) return;
    const check = () => {
      if (this.lastAt === undefined || this.wallNow() - this.lastAt >= this.settings.intervalMs) void this.runNow().catch(() => undefined);
    };
    this.timer ??= setInterval(check, checkEveryMs);
    this.timer.unref();
    check();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One backup now; resolves with its file. A backup already running is joined, not doubled. */
  runNow(): Promise<string> {
    this.running ??= this.write().finally(() => (this.running = undefined));
    return this.running;
  }

  private async write(): Promise<string> {
    const { dir, keep } = this.settings;
    const stamp = new Date(this.wallNow())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const file = join(dir, `fenghuo-${stamp}.db`);
    const partial = `${file}.partial`;
    try {
      mkdirSync(dir, { recursive: true });
      await this.sqlite.backup(partial);
      // Only a finished copy carries a backup's name: a crash mid-way leaves a .partial, never a bad backup.
      renameSync(partial, file);
      this.lastAt = this.wallNow();
      this.lastError = undefined;
      const all = listBackups(dir);
      for (const old of all.slice(0, Math.max(0, all.length - keep))) unlinkSync(old.file);
      const head = this.sqlite.prepare(`SELECT hash, length FROM record_head WHERE id = 1`).get() as { hash: string | null; length: number } | undefined;
      this.logger.info(
        { file, bytes: statSync(file).size, kept: Math.min(all.length, keep), recordHead: head?.hash, recordLinks: head?.length },
        'backup written',
      );
      return file;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.logger.error({ err, dir }, `备份失败 / backup failed: ${this.lastError}`);
      try {
        unlinkSync(partial);
      } catch {
        // nothing was written
      }
      throw err;
    }
  }
}
