// Reads a source tree's import specifiers, for the boundary tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

/** A relative import as a path from the project root (`src/core/inbound/index`); packages stay as they are. */
export function resolvedImport(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative('.', normalize(join(dirname(file), spec))).replace(/\.ts$/, '');
}

export function importsOfFile(file: string): { spec: string; path: string }[] {
  return importsOf(readFileSync(file, 'utf8')).map((spec) => ({ spec, path: resolvedImport(file, spec) }));
}
