// Checks the record's hash chain (record-chain.ts) and names every row that breaks it: edited
// (its hash no longer matches what it says), deleted (a link points at a row that is gone),
// reordered (the chain and the row numbers disagree), added by hand (no link), or the newest
// rows cut off (record_head). Used by `npm run verify-record`, /healthz and the restore check.
import type Database from 'better-sqlite3';
import { chainedTables, linkHash, quote, type CellValue } from './record-chain';

export interface RecordProblem {
  table: string;
  /** The row it is about; null when it is about the chain as a whole. */
  id: number | null;
  kind: 'edited' | 'deleted' | 'reordered' | 'unchained' | 'forked' | 'cut';
  /** For people: which row, what is wrong. */
  text: string;
}

export interface RecordCheck {
  ok: boolean;
  /** Links in the chain. */
  links: number;
  /** The newest link's hash: compare it with a backup's or an earlier log line. */
  head: string | null;
  problems: RecordProblem[];
}

/** What is kept of each row while the chain is checked: a record of years is hundreds of thousands. */
interface Link {
  table: string;
  id: number;
  prev: string | null;
  hash: string | null;
  intact: boolean;
  kind: string | undefined;
  createdAt: number | undefined;
}

const NAMES: Record<string, string> = { timeline: '时间线', approval_decisions: '审批决定' };

/**
 * Whether the row still says what its link was made of. One change the bot itself makes after
 * writing a link: a signals_received row written before its topic had an incident is attached to
 * the incident when the topic raises one (attachTopic, src/core/write/topics.ts). Its link was made
 * with incident_id null; it checks out as that only while its topic does belong to that incident,
 * so moving it to another incident is still an edit.
 */
function intact(table: string, columns: string[], row: Record<string, CellValue>, prev: string | null, topicIncidents: Map<number, unknown>): boolean {
  const hash = (override: Record<string, CellValue>) =>
    linkHash(
      prev,
      table,
      columns.map((c) => [c, c in override ? override[c]! : (row[c] ?? null)]),
    );
  if (hash({}) === row.hash) return true;
  if (table !== 'timeline' || row.kind !== 'signals_received' || row.incident_id === null) return false;
  const topicId = topicOf(row.data ?? null);
  if (topicId === undefined || topicIncidents.get(topicId) !== row.incident_id) return false;
  return hash({ incident_id: null }) === row.hash;
}

function topicOf(data: CellValue): number | undefined {
  try {
    const topicId = (JSON.parse(String(data)) as { topicId?: unknown } | null)?.topicId;
    return typeof topicId === 'number' ? topicId : undefined;
  } catch {
    return undefined;
  }
}

export function verifyRecord(sqlite: Database.Database, timeZone = 'Asia/Shanghai'): RecordCheck {
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'short', timeStyle: 'medium', hour12: false });
  // Only for the rows named in a problem: formatting a date for every row was most of the time.
  const label = (link: Link) => {
    const details = [link.kind, link.createdAt === undefined ? undefined : when.format(link.createdAt)].filter((d) => d !== undefined);
    return `${NAMES[link.table] ?? link.table} #${link.id}${details.length > 0 ? `（${details.join('，')}）` : ''}`;
  };
  const hasTopics = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'topics'`).get() !== undefined;
  const topicIncidents = new Map<number, unknown>(hasTopics ? (sqlite.prepare(`SELECT id, incident_id FROM topics`).raw().all() as [number, unknown][]) : []);
  const links: Link[] = [];
  for (const { table, columns } of chainedTables(sqlite)) {
    // Row by row (iterate), not all rows at once: memory stays flat however long the record is.
    for (const row of sqlite.prepare(`SELECT rowid AS _rowid, * FROM ${quote(table)} ORDER BY rowid`).iterate() as IterableIterator<
      Record<string, CellValue>
    >) {
      const prev = (row.prev_hash as string | null) ?? null;
      links.push({
        table,
        id: Number(row._rowid),
        prev,
        hash: (row.hash as string | null) ?? null,
        intact: intact(table, columns, row, prev, topicIncidents),
        kind: typeof row.kind === 'string' ? row.kind : undefined,
        createdAt: typeof row.created_at === 'number' ? row.created_at : undefined,
      });
    }
  }
  const problems: RecordProblem[] = [];
  const problem = (link: Link | null, table: string, kind: RecordProblem['kind'], text: string) =>
    problems.push({ table: link?.table ?? table, id: link?.id ?? null, kind, text });

  const byHash = new Map<string, Link>();
  const next = new Map<string | null, Link[]>();
  for (const link of links) {
    if (link.hash === null) {
      problem(link, link.table, 'unchained', `${label(link)} 没有链接：不是烽火写入的，是绕过程序直接加进数据库的`);
      continue;
    }
    // A copied row carries the same hash as its original: the original is the one that was
    // written first, and the copy is named below (two rows after the same link).
    if (!byHash.has(link.hash)) byHash.set(link.hash, link);
    next.set(link.prev, [...(next.get(link.prev) ?? []), link]);
  }
  for (const link of links) {
    if (link.hash === null) continue;
    if (!link.intact) problem(link, link.table, 'edited', `${label(link)} 的内容与记录时不符：被改动过（或与另一行调换了内容）`);
    if (link.prev !== null) {
      const before = byHash.get(link.prev);
      if (!before) problem(link, link.table, 'deleted', `${label(link)} 之前的一条记录不见了：被删除`);
      else if (before.table === link.table && before.id > link.id)
        problem(link, link.table, 'reordered', `${label(link)} 排在 ${label(before)} 之前，但它是在后者之后记录的：顺序被调换`);
    }
  }
  for (const [prev, after] of next) {
    if (after.length > 1)
      problem(
        after[1]!,
        after[1]!.table,
        'forked',
        `${after.map(label).join('、')} 接在同一条记录之后${prev === null ? '（链的开头）' : ''}：有一行是复制或伪造的`,
      );
  }

  const head = sqlite.prepare(`SELECT hash, length FROM record_head WHERE id = 1`).get() as { hash: string | null; length: number } | undefined;
  const chained = byHash.size;
  if (!head) problem(null, 'record_head', 'cut', '记录链的链头（record_head）不见了');
  else {
    if (head.hash !== null && !byHash.has(head.hash)) problem(null, 'record_head', 'cut', `最新的记录不见了：链头指向的那一行已被删除`);
    if (head.length > chained)
      problem(null, 'record_head', 'cut', `记录链应有 ${head.length} 条，现在只有 ${chained} 条：有 ${head.length - chained} 条被删除`);
    if (head.length < chained)
      problem(null, 'record_head', 'forked', `记录链应有 ${head.length} 条，现在有 ${chained} 条：有 ${chained - head.length} 条是后来加进去的`);
  }
  return { ok: problems.length === 0, links: chained, head: head?.hash ?? null, problems };
}
