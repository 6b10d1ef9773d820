// A platform's SDK is loaded only when that platform is switched on: nothing main.ts imports
// statically (following every non-type import, from file to file) reaches wechaty, the Lark SDK
// or the WeCom robot SDK; they sit behind each definition's dynamic import (loadedWhenOn).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolvedImport } from '../helpers/imports';

const SDKS = ['wechaty', '@larksuiteoapi/node-sdk', '@wecom/aibot-node-sdk', 'wechaty-puppet-mock'];

/** Imports that load code at start: not `import type`, not `import()`. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm))
    found.push((m[1] ?? m[2])!);
  return found;
}

function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const path = `${resolvedImport(file, spec)}.ts`;
      if (existsSync(path)) visit(path);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('platform SDKs load only when their platform is on', () => {
  it('the start-up graph reaches the platform definitions but no SDK', () => {
    const { files, packages } = reachable('src/main.ts');
    expect(files).toContain('adapters/feishu/index.ts');
    expect(files).toContain('adapters/wecom/config.ts');
    expect(files).not.toContain('adapters/feishu/create.ts');
    expect([...packages].filter((p) => SDKS.includes(p))).toEqual([]);
  });

  it('the checker sees an SDK where one is imported (not vacuous)', () => {
    expect(reachable('adapters/feishu/create.ts').packages).toContain('@larksuiteoapi/node-sdk');
    expect(reachable('adapters/wechaty/create.ts').packages).toContain('wechaty');
  });
});

describe('the document libraries load at the first document, not at start-up', () => {
  it('neither docx nor exceljs (with its zip and stream packages) is on the start-up graph', () => {
    const { files, packages } = reachable('src/main.ts');
    expect(files).toContain('src/documents/index.ts');
    expect(files).not.toContain('src/documents/official-document.ts');
    expect([...packages].filter((p) => ['docx', 'exceljs'].includes(p))).toEqual([]);
    expect(reachable('src/documents/official-document.ts').packages).toContain('docx');
  });
});
