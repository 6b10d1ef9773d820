// Where the project's own files are (migrations, the console page, the workspace assets), whether
// this code runs from src/ (tsx, the tests) or bundled into dist/ (npm start): the folder above
// this module that holds package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

export const PROJECT_ROOT = projectRoot();

/** A file of the project, by its path from the project root: projectFile('drizzle'). */
export const projectFile = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
