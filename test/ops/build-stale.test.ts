// `npm start` runs dist/, rebuilt by `scripts/build.mjs --if-stale` only when the sources changed.
// A changed file must be rebuilt even when its modification time is older than the last build
// (copied in with rsync -a, tar, unzip or cp -p, as a deployment does). Run on a copy of the
// project's sources, with this checkout's node_modules. Without sources (the container image) it
// leaves dist/ alone.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const copy = mkdtempSync(join(tmpdir(), 'fenghuo-build-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function build(): { built: boolean; stderr: string } {
  const run = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  return { built: run.stderr.includes('正在编译'), stderr: run.stderr };
}

const bundled = () =>
  [join(copy, 'dist/main.js'), ...readdirSync(join(copy, 'dist/chunks')).map((f) => join(copy, 'dist/chunks', f))]
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

describe('scripts/build.mjs --if-stale', () => {
  it('builds once, then only when a source changed, even to a file with an old modification time', { timeout: 300_000 }, () => {
    for (const part of ['src', 'adapters', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json'])
      cpSync(part, join(copy, part), { recursive: true });
    symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));

    expect(build().built).toBe(true);
    expect(build().built).toBe(false);

    // A file replaced by one whose time is from before the build (as rsync -a keeps it).
    const file = join(copy, 'src/paths.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nprocess.title ||= 'marker-from-an-older-copy';\n`);
    const past = new Date(Date.now() - 24 * 60 * 60 * 1000);
    utimesSync(file, past, past);
    expect(build().built).toBe(true);
    expect(bundled()).toContain('marker-from-an-older-copy');
    expect(build().built).toBe(false);

    // The container image holds dist/ and no sources: npm run login-link / restore / verify-record
    // run what is there.
    rmSync(join(copy, 'src/main.ts'));
    rmSync(join(copy, 'adapters'), { recursive: true });
    expect(build().built).toBe(false);
    expect(readFileSync(join(copy, 'dist/main.js'), 'utf8').length).toBeGreaterThan(0);
  });
});
