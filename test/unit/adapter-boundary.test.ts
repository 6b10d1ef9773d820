// The inbound seam holds: an adapter reaches the core only through its public inbound and
// outbound modules (never the database, the outbox or a verb), a platform's folder never
// reaches into another's, and outside adapters/ only the list and the contract are named.
import { describe, expect, it } from 'vitest';
import { filesUnder, importsOfFile } from '../helpers/imports';

/** What an adapter may import from src/: the core's two doors, the settings error, the logger, where files are. */
const ALLOWED_FROM_SRC = new Set(['src/core/inbound/index', 'src/core/outbound/index', 'src/config/env-checks', 'src/logger', 'src/paths']);

function offencesOfAdapter(file: string, imports: { spec: string; path: string }[]): string[] {
  const folder = file.split('/')[1]!; // adapters/<folder>/…, or a file directly in adapters/
  return imports.flatMap(({ spec, path }) => {
    if (path.startsWith('src/') && !ALLOWED_FROM_SRC.has(path)) return [`${file} imports ${spec}`];
    if (path.startsWith('adapters/')) {
      const target = path.split('/')[1]!;
      const shared = path === 'adapters/platform' || path === 'adapters/connection';
      if (!shared && target !== folder && file.split('/').length > 2) return [`${file} reaches into ${spec}`];
    }
    return [];
  });
}

describe('adapter boundary', () => {
  const adapterFiles = filesUnder('adapters');

  it('finds the adapter files (so the checks below are not vacuous)', () => {
    expect(adapterFiles.length).toBeGreaterThan(30);
    expect(adapterFiles).toContain('adapters/feishu/create.ts');
  });

  it('adapters import the core only through src/core/inbound and src/core/outbound, never storage or the outbox', () => {
    expect(adapterFiles.flatMap((f) => offencesOfAdapter(f, importsOfFile(f)))).toEqual([]);
  });

  it('outside adapters/, only the list of platforms and the platform contract are imported', () => {
    const offences = ['src', 'bench'].flatMap((dir) =>
      filesUnder(dir).flatMap((file) =>
        importsOfFile(file)
          .filter(({ path }) => path.startsWith('adapters/') && path !== 'adapters/index' && path !== 'adapters/platform')
          .map(({ spec }) => `${file} imports ${spec}`),
      ),
    );
    expect(offences).toEqual([]);
  });

  it('the checker itself recognises a forbidden import', () => {
    const file = 'adapters/feishu/x.ts';
    const imports = [
      { spec: '../../src/db/schema', path: 'src/db/schema' },
      { spec: '../../src/delivery/drain', path: 'src/delivery/drain' },
      { spec: '../../src/core/inbound/handle', path: 'src/core/inbound/handle' },
      { spec: '../wecom/api', path: 'adapters/wecom/api' },
      { spec: '../../src/core/inbound/index', path: 'src/core/inbound/index' },
      { spec: '../platform', path: 'adapters/platform' },
    ];
    expect(offencesOfAdapter(file, imports)).toEqual([
      `${file} imports ../../src/db/schema`,
      `${file} imports ../../src/delivery/drain`,
      `${file} imports ../../src/core/inbound/handle`,
      `${file} reaches into ../wecom/api`,
    ]);
  });
});
