// The core stays platform-neutral: no hono, no adapter, no platform SDK, no wall clock.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, importsOf } from '../helpers/imports';

const CORE = 'src/core';
const FORBIDDEN_IMPORTS = [/^hono(\/|$)/, /^@hono\//, /(^|\/)adapters\//, /^@larksuiteoapi\//, /^wechaty/, /^@wecom\//, /^@juzi\//, /^better-sqlite3$/];

describe('core boundary', () => {
  const files = filesUnder(CORE);

  it('finds the core files (so the checks below are not vacuous)', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(importsOf(readFileSync(join(CORE, 'inbound/handle.ts'), 'utf8'))).toContain('../commands/registry');
  });

  it('never imports hono, an adapter, a platform SDK or the SQLite driver', () => {
    const offences = files.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN_IMPORTS.some((re) => re.test(spec)))
        .map((spec) => `${relative('.', file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('never reads the wall clock: time comes from the injected Clock', () => {
    const offences = files
      .filter((f) => !f.endsWith('clock.ts'))
      .filter((file) => /Date\.now\(\)|new Date\(\s*\)/.test(readFileSync(file, 'utf8')))
      .map((f) => relative('.', f));
    expect(offences).toEqual([]);
  });

  it('the checker itself recognises a forbidden import', () => {
    const sample = `import { Hono } from 'hono';\nimport type { X } from '../../adapters/feishu/types';\nconst w = await import('wechaty');`;
    expect(importsOf(sample).filter((s) => FORBIDDEN_IMPORTS.some((re) => re.test(s)))).toEqual(['hono', '../../adapters/feishu/types', 'wechaty']);
  });
});
