// The record's hash chain: every row of a chained table (one with `prev_hash` and `hash` columns:
// the timeline and the approval decisions) is one link, hash = SHA-256 of the previous link's
// hash, the table's name and the row's columns. A trigger per table fills both in as the row is
// inserted, whoever inserts it, so every writer — each verb, the signals engine, any new kind —
// is covered without knowing it. record_head holds the newest link and the count.
// Written by hand: no library chains SQLite rows; the hash is node:crypto's.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** The SQL function the triggers call: record_link(prev, table, name1, value1, name2, value2, …). */
export const LINK_FUNCTION = 'record_link';
const NOT_CONTENT = new Set(['id', 'prev_hash', 'hash']);

export type CellValue = string | number | bigint | null | Buffer;

/** One link: the previous hash, the table, and the row's non-null columns in name order. */
export function linkHash(prev: string | null, table: string, cells: [string, CellValue][]): string {
  const content = cells
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Null columns are left out, so a column added later (null in old rows) keeps old links valid.
  return createHash('sha256')
    .update(JSON.stringify([prev, table, content]))
    .digest('hex');
}

/** The tables whose rows are links, and the columns each link covers. */
export function chainedTables(sqlite: Database.Database): { table: string; columns: string[] }[] {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return tables.flatMap((table) => {
    const columns = (sqlite.pragma(`table_info(${quote(table)})`) as { name: string }[]).map((c) => c.name);
    if (!columns.includes('prev_hash') || !columns.includes('hash')) return [];
    return [{ table, columns: columns.filter((c) => !NOT_CONTENT.has(c)) }];
  });
}

/** Registers the hash function on a connection; every connection that may insert must have it. */
export function registerLinkFunction(sqlite: Database.Database): void {
  sqlite.function(LINK_FUNCTION, { varargs: true, deterministic: true }, (prev: unknown, table: unknown, ...pairs: unknown[]) => {
    const cells: [string, CellValue][] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) cells.push([String(pairs[i]), pairs[i + 1] as CellValue]);
    return linkHash((prev as string | null) ?? null, String(table), cells);
  });
}

function triggerSql(table: string, columns: string[]): string {
  const head = `(SELECT hash FROM record_head WHERE id = 1)`;
  const args = columns.map((c) => `'${c}', NEW.${quote(c)}`).join(', ');
  return (
    `CREATE TRIGGER ${quote(`record_chain_${table}`)} AFTER INSERT ON ${quote(table)} BEGIN ` +
    `UPDATE ${quote(table)} SET prev_hash = ${head}, hash = ${LINK_FUNCTION}(${head}, '${table}', ${args}) WHERE rowid = NEW.rowid; ` +
    `UPDATE record_head SET hash = (SELECT hash FROM ${quote(table)} WHERE rowid = NEW.rowid), length = length + 1 WHERE id = 1; END`
  );
}

/**
 * After the migrations: the triggers match the tables' current columns, and a database that
 * predates the chain has its existing rows chained once, in the order they were written (by time,
 * a decision before the timeline row written with it). Rows without a link after that were
 * added outside the bot, and verifyRecord says so.
 */
export function installRecordChain(sqlite: Database.Database, now: number = Date.now()): void {
  registerLinkFunction(sqlite);
  sqlite
    .transaction(() => {
      const tables = chainedTables(sqlite);
      for (const { table, columns } of tables) {
        const wanted = triggerSql(table, columns);
        const name = `record_chain_${table}`;
        const existing = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck().get(name);
        if (existing === wanted) continue;
        sqlite.exec(`DROP TRIGGER IF EXISTS ${quote(name)}`);
        sqlite.exec(wanted);
      }
      if (sqlite.prepare(`SELECT 1 FROM record_head WHERE id = 1`).get()) return;
      const rows = tables
        .flatMap(({ table, columns }, order) =>
          (sqlite.prepare(`SELECT rowid AS _rowid, * FROM ${quote(table)}`).all() as Record<string, CellValue>[]).map((row) => ({
            table,
            columns,
            order,
            row,
          })),
        )
        // Decisions sort before the timeline (alphabetical table order) when written in the same ms.
        .sort((a, b) => Number(a.row.created_at ?? 0) - Number(b.row.created_at ?? 0) || a.order - b.order || Number(a.row._rowid) - Number(b.row._rowid));
      let prev: string | null = null;
      for (const { table, columns, row } of rows) {
        const hash = linkHash(
          prev,
          table,
          columns.map((c) => [c, row[c] ?? null]),
        );
        sqlite.prepare(`UPDATE ${quote(table)} SET prev_hash = ?, hash = ? WHERE rowid = ?`).run(prev, hash, row._rowid);
        prev = hash;
      }
      sqlite.prepare(`INSERT INTO record_head (id, hash, length, sealed_at) VALUES (1, ?, ?, ?)`).run(prev, rows.length, now);
    })
    .immediate();
}

export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
