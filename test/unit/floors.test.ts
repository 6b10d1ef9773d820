// The core's floors (src/core/floors.ts): a file imports from its own floor or the floors below,
// never from one above; folders of one floor do not import each other in a circle; cards are pure.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOORS } from '../../src/core/floors';
import { filesUnder, importsOf, resolvedImport } from '../helpers/imports';

const CORE = 'src/core';

interface Place {
  floor: number;
  /** The FLOORS entry the file falls under: a folder (`read/`) or a single file (`clock.ts`). */
  unit: string;
}

function placeOf(path: string): Place | undefined {
  for (const [floor, f] of FLOORS.entries()) {
    const unit = f.paths.find((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));
    if (unit) return { floor, unit };
  }
  return undefined;
}

/** The file under src/core that an import names (relative to src/core), or undefined for anything outside it. */
function coreTarget(file: string, spec: string): string | undefined {
  const path = resolvedImport(join(CORE, file), spec);
  return path.startsWith(`${CORE}/`) ? `${relative(CORE, path)}.ts` : undefined;
}

interface Edge {
  from: string;
  to: string;
}

function edgesOf(file: string, source: string): Edge[] {
  return importsOf(source).flatMap((spec) => {
    const to = coreTarget(file, spec);
    return to ? [{ from: file, to }] : [];
  });
}

function floorName(path: string): string {
  const place = placeOf(path);
  return place ? FLOORS[place.floor]!.name : '?';
}

function upward(edges: Edge[]): string[] {
  return edges
    .filter((e) => (placeOf(e.to)?.floor ?? -1) > (placeOf(e.from)?.floor ?? Infinity))
    .map((e) => `${e.from} (${floorName(e.from)}) imports ${e.to} (${floorName(e.to)})`);
}

/** A circle of imports between different folders of one floor, as the list of folders, or undefined. */
function circleWithinAFloor(edges: Edge[]): string[] | undefined {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = placeOf(e.from);
    const b = placeOf(e.to);
    if (!a || !b || a.floor !== b.floor || a.unit === b.unit) continue;
    next.set(a.unit, (next.get(a.unit) ?? new Set()).add(b.unit));
  }
  const done = new Set<string>();
  const visit = (unit: string, path: string[]): string[] | undefined => {
    if (path.includes(unit)) return [...path.slice(path.indexOf(unit)), unit];
    if (done.has(unit)) return undefined;
    for (const n of next.get(unit) ?? []) {
      const circle = visit(n, [...path, unit]);
      if (circle) return circle;
    }
    done.add(unit);
    return undefined;
  };
  for (const unit of next.keys()) {
    const circle = visit(unit, []);
    if (circle) return circle;
  }
  return undefined;
}

/** Imports that would let a card builder reach the database: drizzle, the db handle types, db values, read/ values. */
function impureImports(file: string, source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s*['"]([^'"]+)['"]/gm)) {
    const typeOnly = Boolean(m[1]);
    const spec = m[2]!;
    const target = coreTarget(file, spec) ?? resolvedImport(join(CORE, file), spec);
    if (spec === 'drizzle-orm' || target.endsWith('db/types') || (!typeOnly && (target.endsWith('db/schema') || target.startsWith('read/'))))
      found.push(`${file} imports ${spec}`);
  }
  return found;
}

describe('core floors', () => {
  const sources = new Map(filesUnder(CORE).map((f) => [relative(CORE, f), readFileSync(f, 'utf8')]));
  const edges = [...sources].flatMap(([file, source]) => edgesOf(file, source));

  it('places every file of the core on a floor, and resolves every import inside the core to a file', () => {
    expect(sources.size).toBeGreaterThan(60);
    expect([...sources.keys()].filter((f) => !placeOf(f))).toEqual([]);
    expect(edges.filter((e) => !existsSync(join(CORE, e.to))).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('never imports from a floor above', () => {
    expect(upward(edges)).toEqual([]);
  });

  it('has no circle of imports between the folders of one floor', () => {
    expect(circleWithinAFloor(edges)).toBeUndefined();
  });

  it('keeps card builders pure: they get data already read and never reach the database', () => {
    const cards = [...sources].filter(([f]) => f.startsWith('cards/'));
    expect(cards.length).toBeGreaterThan(3);
    expect(cards.flatMap(([f, s]) => impureImports(f, s))).toEqual([]);
  });

  it('the checker itself recognises an upward import, a circle and an impure card', () => {
    expect(placeOf('read/incidents.ts')?.unit).toBe('read/');
    expect(placeOf('levels.ts')?.unit).toBe('levels.ts');
    const sample = `import { claimTask } from '../verbs/claim-task';\nimport type { Card } from '../cards/card';\nimport { LEVELS } from '../levels';\nimport { tasksOf } from './incidents';`;
    expect(upward(edgesOf('read/sample.ts', sample))).toEqual([
      'read/sample.ts (read) imports verbs/claim-task.ts (verbs)',
      'read/sample.ts (read) imports cards/card.ts (cards)',
    ]);
    expect(
      circleWithinAFloor([
        { from: 'signals/act.ts', to: 'jobs/fire.ts' },
        { from: 'jobs/fire.ts', to: 'system/sync-organisation.ts' },
        { from: 'system/sync-organisation.ts', to: 'signals/act.ts' },
      ]),
    ).toEqual(['signals/', 'jobs/', 'system/', 'signals/']);
    const card = `import { eq } from 'drizzle-orm';\nimport type { Incident } from '../read/incidents';\nimport { tasksOf } from '../read/incidents';\nimport type { DbOrTx } from '../../db/types';`;
    expect(impureImports('cards/sample.ts', card)).toEqual([
      'cards/sample.ts imports drizzle-orm',
      'cards/sample.ts imports ../read/incidents',
      'cards/sample.ts imports ../../db/types',
    ]);
  });
});
