// `npm run restore -- <备份文件> [目标文件]`: restores a backup into a fresh file, checks it
// (integrity, migrations, the record's hash chain, the incidents), then puts it in the place of
// DATABASE_FILE (or the target given), keeping the old file beside it. Stop the bot first.
import { existsSync } from 'node:fs';
import { EnvError, readEnv } from './config/env';
import { DatabaseOpenError } from './db/open';
import { RestoreError, restoreBackup } from './ops/restore';

if (existsSync('.env')) process.loadEnvFile('.env');

const [backup, targetArg] = process.argv.slice(2);
try {
  if (!backup) {
    console.error('用法：npm run restore -- <备份文件> [目标数据库文件]，例如 npm run restore -- data/backups/fenghuo-20261121T010000Z.db');
    process.exit(2);
  }
  const target = targetArg ?? readEnv().DATABASE_FILE;
  const result = restoreBackup(backup, target);
  console.log(
    `已从 ${backup} 恢复到 ${result.target}：${result.incidents.length} 个事件${result.incidents.length ? `（最新 ${result.incidents.at(-1)}）` : ''}，记录链完好（${result.links} 条）。`,
  );
  if (result.keptAside) console.log(`原来的文件保留在 ${result.keptAside}。`);
} catch (err) {
  if (err instanceof RestoreError || err instanceof EnvError || err instanceof DatabaseOpenError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
