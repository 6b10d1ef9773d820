// Opens the SQLite file and brings it to the latest migration committed in drizzle/. A file that
// cannot be opened or written stops start-up with one line saying which and what to do
// (DatabaseOpenError), never a stack trace.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectFile } from '../paths';
import { installRecordChain, registerLinkFunction } from './record-chain';
import type { Db } from './types';

export const MIGRATIONS_FOLDER = projectFile('drizzle');

export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

export interface OpenedDatabase {
  db: Db;
  sqlite: Database.Database;
  close: () => void;
}

export function openDatabase(file: string): OpenedDatabase {
  if (file !== ':memory:') {
    const dir = dirname(resolve(file));
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new DatabaseOpenError(
        `无法创建数据库目录 ${dir}（${code}）：请检查 DATABASE_FILE 的路径和权限。 / Cannot create the database directory ${dir} (${code}): check DATABASE_FILE and its permissions.`,
      );
    }
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file);
    // WAL lets readers (the console polling) run beside the writer; busy_timeout covers a second
    // process on the same file; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    // The record's triggers call it: registered before a migration could fire one.
    registerLinkFunction(sqlite);
    const db: Db = drizzle(sqlite);
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    installRecordChain(sqlite);
    // A read-only file opens without complaint and migrates when nothing is due: one write now
    // finds out at start, not at the first command.
    sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('opened_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(Date.now()));
    const opened = sqlite;
    return { db, sqlite: opened, close: () => opened.close() };
  } catch (err) {
    sqlite?.close();
    throw explainOpenFailure(file, err);
  }
}

/** SQLite's answer for a file it cannot open or write, as one line for the person starting the bot. */
function explainOpenFailure(file: string, err: unknown): unknown {
  const code = (err as { code?: string }).code ?? '';
  const path = resolve(file);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR'))
    return new DatabaseOpenError(
      `数据库 ${path} 无法打开或写入（${code}：文件或所在目录只读、无权限，或磁盘出错）：请让运行烽火的用户能写这个目录，或把 DATABASE_FILE 指到可写的位置。 / ` +
        `The database ${path} cannot be opened or written (${code}: read-only file or directory, no permission, or a disk error): make its directory writable for the user running Fenghuo, or point DATABASE_FILE elsewhere.`,
    );
  if (code === 'SQLITE_FULL')
    return new DatabaseOpenError(
      `磁盘已满，数据库 ${path} 无法写入：请腾出空间后再启动。 / The disk is full and the database ${path} cannot be written: free some space, then start again.`,
    );
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new DatabaseOpenError(
      `${path} 不是完好的 SQLite 数据库（${code}）：请从备份恢复（npm run restore）。 / ${path} is not a sound SQLite database (${code}): restore it from a backup (npm run restore).`,
    );
  return err;
}
