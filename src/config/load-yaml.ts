// Reads a human-edited YAML file and checks it with a zod schema. Every mistake is reported with
import '../core/zod-locale';
// the file, the line, the path inside the file and what to write instead, because the person
// fixing it is an admin with a text editor, not a developer with a stack trace.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Yaml from 'yaml';
import type { z } from 'zod';

// The YAML parser is loaded only when a file is not in the cache (below): it is a third of
// start-up otherwise.
const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= require('yaml') as typeof Yaml);

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} 有 ${problems.length} 处需要修改：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

/**
 * `cacheDir`: where the parsed form of a file is kept, by the SHA-256 of its text, so that an
 * unchanged file is not parsed again at the next start (the bot's own data folder: whoever can
 * write there can change the database anyway). Checked by the schema every time; any problem
 * is reported from a fresh parse, with its line.
 */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S, opts: { cacheDir?: string | undefined } = {}): z.infer<S> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigFileError(file, [`读不到这个文件（${(err as NodeJS.ErrnoException).code ?? String(err)}）；检查路径是否正确`]);
  }
  if (!opts.cacheDir) return parseYaml(file, source, schema);
  const cached = join(opts.cacheDir, `yaml-${createHash('sha256').update(source).digest('hex')}.json`);
  try {
    const result = schema.safeParse(JSON.parse(readFileSync(cached, 'utf8')));
    if (result.success) return result.data;
  } catch {
    // not cached yet
  }
  const parsed = parseYaml(file, source, schema, (data) => {
    try {
      mkdirSync(opts.cacheDir!, { recursive: true });
      writeFileSync(`${cached}.partial`, JSON.stringify(data));
      renameSync(`${cached}.partial`, cached);
    } catch {
      // A cache that cannot be written only costs the parse next time.
    }
  });
  return parsed;
}

export function parseYaml<S extends z.ZodType>(file: string, source: string, schema: S, onParsed?: (data: unknown) => void): z.infer<S> {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(
      file,
      doc.errors.map((e) => {
        const { line } = lineCounter.linePos(e.pos[0]);
        return `第 ${line} 行：YAML 格式错误（${e.code}）；检查缩进、冒号和括号是否成对`;
      }),
    );
  }
  const data = doc.toJS();
  const result = schema.safeParse(data);
  if (result.success) {
    onParsed?.(data);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const line = lineOf(doc, lineCounter, issue.path as (string | number)[]);
    const where = path.length > 0 ? path.join('.') : '(文件顶层)';
    const missing = valueAt(data, issue.path as PropertyKey[]) === undefined;
    return `${line ? `第 ${line} 行 ` : ''}${where}：${describe(issue, missing)}`;
  });
  throw new ConfigFileError(file, problems);
}

function lineOf(doc: Yaml.Document.Parsed, counter: Yaml.LineCounter, path: (string | number)[]): number | undefined {
  const { isNode } = yaml();
  // Walk up the path until a node exists: a missing key is reported at its parent's line.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: '文字',
  number: '数字',
  boolean: 'true 或 false',
  array: '列表（[…] 或 - 开头的多行）',
  object: '对象（key: value）',
};

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function describe(issue: z.core.$ZodIssue, missing: boolean): string {
  if (issue.code === 'invalid_type' && missing) return `缺少这一项（应填${TYPE_WORDS[issue.expected] ?? issue.expected}）`;
  if (issue.code === 'invalid_type') return `这里应填${TYPE_WORDS[issue.expected] ?? issue.expected}`;
  if (issue.code === 'unrecognized_keys') return `不认识的字段 ${issue.keys.join('、')}；检查拼写或删掉它`;
  return issue.message;
}
