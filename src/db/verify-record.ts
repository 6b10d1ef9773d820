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

interface Link {
  table: string;
  id: number;
  prev: string | null;
  hash: string | null;
  recomputed: string;
  label: string;
}

const NAMES: Record<string, string> = { timeline: '时间线', approval_decisions: '审批决定' };

/**
 * The hash the row should carry. One change the bot itself makes after writing a link: a
 * signals_received row written before its topic had an incident is attached to the incident when
 * the topic raises one (attachTopic, src/core/write/topics.ts). Its link was made with incident_id
 * null; it checks out as that only while its topic does belong to that incident, so moving it to
 * another incident is still an edit.
 */
function recompute(sqlite: Database.Database, table: string, columns: string[], row: Record<string, CellValue>, prev: string | null): string {
  const hash = (override: Record<string, CellValue>) =>
    linkHash(
      prev,
      table,
      columns.map((c) => [c, c in override ? override[c]! : (row[c] ?? null)]),
    );
  const asIs = hash({});
  if (asIs === row.hash || table !== 'timeline' || row.kind !== 'signals_received' || row.incident_id === null) return asIs;
  const topicId = topicOf(row.data);
  const topicIncident = topicId === undefined ? undefined : sqlite.prepare(`SELECT incident_id FROM topics WHERE id = ?`).pluck().get(topicId);
  if (topicIncident !== row.incident_id) return asIs;
  const unattached = hash({ incident_id: null });
  return unattached === row.hash ? unattached : asIs;
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
  const links: Link[] = [];
  for (const { table, columns } of chainedTables(sqlite)) {
    for (const row of sqlite.prepare(`SELECT rowid AS _rowid, * FROM ${quote(table)} ORDER BY rowid`).all() as Record<string, CellValue>[]) {
      const prev = (row.prev_hash as string | null) ?? null;
      const details = [row.kind, typeof row.created_at === 'number' ? when.format(row.created_at) : null].filter((d) => d !== null && d !== undefined);
      links.push({
        table,
        id: Number(row._rowid),
        prev,
        hash: (row.hash as string | null) ?? null,
        recomputed: recompute(sqlite, table, columns, row, prev),
        label: `${NAMES[table] ?? table} #${row._rowid}${details.length > 0 ? `（${details.join('，')}）` : ''}`,
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
      problem(link, link.table, 'unchained', `${link.label} 没有链接：不是烽火写入的，是绕过程序直接加进数据库的`);
      continue;
    }
    byHash.set(link.hash, link);
    next.set(link.prev, [...(next.get(link.prev) ?? []), link]);
  }
  for (const link of links) {
    if (link.hash === null) continue;
    if (link.hash !== link.recomputed) problem(link, link.table, 'edited', `${link.label} 的内容与记录时不符：被改动过（或与另一行调换了内容）`);
    if (link.prev !== null) {
      const before = byHash.get(link.prev);
      if (!before) problem(link, link.table, 'deleted', `${link.label} 之前的一条记录不见了：被删除`);
      else if (before.table === link.table && before.id > link.id)
        problem(link, link.table, 'reordered', `${link.label} 排在 ${before.label} 之前，但它是在后者之后记录的：顺序被调换`);
    }
  }
  for (const [prev, after] of next) {
    if (after.length > 1)
      problem(
        after[1]!,
        after[1]!.table,
        'forked',
        `${after.map((l) => l.label).join('、')} 接在同一条记录之后${prev === null ? '（链的开头）' : ''}：有一行是复制或伪造的`,
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
