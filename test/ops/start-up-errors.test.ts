// Start-up with a database that cannot be: a read-only directory, a directory that cannot be
// made, a read-only file, a port already taken. Each stops with one line in Chinese and English
// saying what to do — no stack trace. The bot runs as an unprivileged user here (root ignores
// file permissions), from the same entry point as `npm start`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open';

const root = mkdtempSync(join(tmpdir(), 'fenghuo-startup-'));
chmodSync(root, 0o755);
const scratch = join(root, 'tmp'); // tsx's cache, writable for the unprivileged user
mkdirSync(scratch, { mode: 0o777 });
chmodSync(scratch, 0o777);
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function start(env: Record<string, string>): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH!, TMPDIR: scratch, LOG_LEVEL: 'silent', BACKUP_INTERVAL_HOURS: '0', PORT: '18799', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    ...asNobody,
  });
  return { status: run.status, stderr: run.stderr };
}

function expectOneLine(stderr: string, ...parts: string[]) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  for (const part of parts) expect(stderr).toContain(part);
}

afterAll(() => chmodSync(join(root, 'ro'), 0o755));

describe('start-up stops with one clear line', () => {
  const ro = join(root, 'ro');
  mkdirSync(ro);
  const rw = join(root, 'rw');
  mkdirSync(rw, { mode: 0o777 });
  chmodSync(rw, 0o777);

  it('a read-only directory', () => {
    chmodSync(ro, 0o555);
    const run = start({ DATABASE_FILE: join(ro, 'fenghuo.db') });
    expect(run.status).toBe(1);
    expectOneLine(run.stderr, '无法打开或写入', 'cannot be opened or written', 'DATABASE_FILE');
  });

  it('a directory that cannot be created', () => {
    chmodSync(ro, 0o555);
    const run = start({ DATABASE_FILE: join(ro, 'missing', 'fenghuo.db') });
    expect(run.status).toBe(1);
    expectOneLine(run.stderr, '无法创建数据库目录', 'Cannot create the database directory');
  });

  it('a read-only database file', () => {
    const file = join(rw, 'readonly.db');
    openDatabase(file).close();
    chmodSync(file, 0o444);
    const run = start({ DATABASE_FILE: file });
    expect(run.status).toBe(1);
    expectOneLine(run.stderr, '无法打开或写入', 'SQLITE_READONLY');
  });

  it('a port that is taken', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const port = (taken.address() as { port: number }).port;
    const run = start({ DATABASE_FILE: join(rw, 'port.db'), PORT: String(port) });
    taken.close();
    expect(run.status).toBe(1);
    expectOneLine(run.stderr, `端口 ${port} 已被占用`, 'already in use');
  });
});
