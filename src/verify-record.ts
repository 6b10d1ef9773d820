// `npm run verify-record [-- <数据库文件>]`: checks the record's hash chain (src/db/verify-record.ts)
// and names each row that was edited, deleted, reordered or added outside the bot. Opens the file
// read-only (DATABASE_FILE from .env unless a file is given). Exit 0 when whole, 1 when not.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { EnvError, readEnv } from './config/env';
import { verifyRecord } from './db/verify-record';

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const env = readEnv();
  const file = process.argv[2] ?? env.DATABASE_FILE;
  if (!existsSync(file)) {
    console.error(`找不到数据库文件 ${file}。 / No database file at ${file}.`);
    process.exit(2);
  }
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  const check = verifyRecord(sqlite, env.TIMEZONE);
  sqlite.close();
  if (check.ok) {
    console.log(`记录完好：${check.links} 条记录，链头 ${check.head ?? '（空）'}`);
    console.log('可与备份或日志中的链头（record head）对照，确认最新的记录没有被整段删去。');
  } else {
    console.error(`记录被改动过：发现 ${check.problems.length} 处问题（共 ${check.links} 条记录）`);
    for (const p of check.problems) console.error(`  - ${p.text}`);
    process.exit(1);
  }
} catch (err) {
  if (err instanceof EnvError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
