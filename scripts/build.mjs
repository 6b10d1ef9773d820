// Compiles the server and its command-line tools to plain JavaScript in dist/ (esbuild), so that
// `npm start` runs no TypeScript compiler. The small pure-JavaScript packages are bundled in (Node
// then reads a few files instead of hundreds: start-up time); the native driver, the platform SDKs
// and what reads its own files stay in node_modules. Each platform's code is a chunk of its own,
// imported only when that platform is switched on.
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when a source file changed since the last build
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ENTRIES = { main: 'src/main.ts', 'login-link': 'src/login-link.ts', restore: 'src/restore.ts', 'verify-record': 'src/verify-record.ts' };
const SOURCES = ['src', 'adapters', 'package-lock.json', 'scripts/build.mjs', 'tsconfig.json'];
const STAMP = 'dist/.built';
/** Loaded from node_modules as they are: native code, the SDKs (lazy chunks import them), files read at run
 * time, and what is required only when needed (yaml on a cache miss, prom-client at the first scrape). */
const EXTERNAL = [
  'better-sqlite3',
  '@larksuiteoapi/node-sdk',
  '@wecom/aibot-node-sdk',
  '@wecom/crypto',
  'wechaty',
  'wechaty-puppet-*',
  'echarts',
  'protobufjs',
  'long',
  'ws',
  'prom-client',
  'yaml',
];

/**
 * Every source file's path, size and modification time, hashed. Not "newer than the last build":
 * a file copied in with its old time kept (rsync -a, tar, unzip, cp -p) or a file deleted changes
 * this too. Taken before the build, so an edit made while it runs is found next time.
 */
function fingerprint() {
  const hash = createHash('sha256');
  const walk = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (!stat.isDirectory()) return void hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
    for (const name of readdirSync(path).sort()) walk(join(path, name));
  };
  for (const source of SOURCES) walk(source);
  return hash.digest('hex');
}

const sources = fingerprint();
const stale = () => !existsSync(STAMP) || readFileSync(STAMP, 'utf8').trim() !== sources;

// Only dist/ there, no sources (the container image, Dockerfile): nothing to build from, or to.
const builtOnly = !existsSync(ENTRIES.main) && existsSync('dist/main.js');
if (process.argv.includes('--if-stale') && (builtOnly || !stale())) process.exit(0);
const started = Date.now();
process.stderr.write('正在编译 TypeScript → dist/（只在源文件改动后进行）… ');
// Chunk names change with their content: old ones would pile up.
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ENTRIES,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __fenghuoRequire } from 'node:module'; const require = __fenghuoRequire(import.meta.url);" },
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
writeFileSync(STAMP, `${sources}\n`);
process.stderr.write(`完成（${Date.now() - started} ms）\n`);
