// The record is tamper-evident: a person with sqlite3 (here: a plain SQLite connection, without
// the bot's functions) who edits, deletes, reorders or adds a timeline row or an approval
// decision is caught, and the row is named — by verifyRecord (/healthz) and `npm run verify-record`.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open';
import { verifyRecord } from '../../src/db/verify-record';
import { startBot, type TestBot } from '../helpers/runtime';
import { items, push, startSignalsBot } from '../signals/helpers';

/** A bot with a record worth tampering with: a warning, a claim, a release approved in two steps. */
async function recordedBot(): Promise<TestBot> {
  const bot = startBot();
  await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
  await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修，今晚恢复供水。');
  await bot.say('sun-xuanchuan', '同意 A1');
  await bot.say('zhou-fawu', '同意 A1 法务无意见');
  return bot;
}

/** A copy of the bot's file, changed with plain SQL as someone with sqlite3 would. */
function tampered(bot: TestBot, sql: string): Database.Database {
  bot.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const copy = `${bot.dbFile}.tampered-${Math.random().toString(36).slice(2)}.db`;
  copyFileSync(bot.dbFile, copy);
  const sqlite = new Database(copy);
  sqlite.exec(sql);
  return sqlite;
}

const rowIds = (bot: TestBot, table: string) => bot.sqlite.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];

describe('the tamper-evident record', () => {
  it('every row the bot writes is a link; the untouched record checks out', async () => {
    const bot = await recordedBot();
    const check = verifyRecord(bot.sqlite);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    const links = rowIds(bot, 'timeline').length + rowIds(bot, 'approval_decisions').length;
    expect(check.links).toBe(links);
    expect(rowIds(bot, 'approval_decisions')).toHaveLength(2);
  });

  it('an edited timeline row (a changed approver name) is named', async () => {
    const bot = await recordedBot();
    const row = bot.sqlite.prepare(`SELECT id FROM timeline WHERE text LIKE '%孙宣传 同意%'`).pluck().get() as number;
    const check = verifyRecord(tampered(bot, `UPDATE timeline SET text = replace(text, '孙宣传', '赵某某') WHERE id = ${row}`));
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([expect.objectContaining({ table: 'timeline', id: row, kind: 'edited' })]);
    expect(check.problems[0]!.text).toContain(`时间线 #${row}（release_approved_step`);
  });

  it('a deleted approval decision is caught, in the middle and at the end', async () => {
    const bot = await recordedBot();
    const [first, last] = rowIds(bot, 'approval_decisions');
    const middle = verifyRecord(tampered(bot, `DELETE FROM approval_decisions WHERE id = ${first}`));
    expect(middle.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['deleted', 'cut']));
    expect(middle.problems.find((p) => p.kind === 'deleted')!.text).toContain('之前的一条记录不见了');
    const changedDecider = verifyRecord(tampered(bot, `UPDATE approval_decisions SET decider_id = decider_id + 1 WHERE id = ${last}`));
    expect(changedDecider.problems).toEqual([expect.objectContaining({ table: 'approval_decisions', id: last, kind: 'edited' })]);
    expect(changedDecider.problems[0]!.text).toContain(`审批决定 #${last}`);
  });

  it('a deleted newest row, reordered rows and a row added by hand are caught', async () => {
    const bot = await recordedBot();
    const ids = rowIds(bot, 'timeline');
    const newest = ids.at(-1)!;
    const cut = verifyRecord(tampered(bot, `DELETE FROM timeline WHERE id = ${newest}`));
    expect(cut.problems.map((p) => p.kind)).toContain('cut');

    const [a, b] = [ids[1]!, ids[2]!];
    const swapped = verifyRecord(
      tampered(bot, `UPDATE timeline SET id = -1 WHERE id = ${a}; UPDATE timeline SET id = ${a} WHERE id = ${b}; UPDATE timeline SET id = ${b} WHERE id = -1;`),
    );
    expect(swapped.problems.map((p) => p.kind)).toContain('reordered');

    // The trigger needs the bot's own function: a plain INSERT fails outright …
    expect(() => tampered(bot, `INSERT INTO timeline (platform, kind, text, created_at) VALUES ('console', 'incident_closed', '伪造', 1)`)).toThrow(
      /no such function: record_link/,
    );
    // … and one that drops the trigger first leaves an unchained row.
    const added = verifyRecord(
      tampered(
        bot,
        `DROP TRIGGER record_chain_timeline; INSERT INTO timeline (platform, kind, text, created_at) VALUES ('console', 'incident_closed', '伪造', 1)`,
      ),
    );
    expect(added.problems).toEqual([expect.objectContaining({ table: 'timeline', kind: 'unchained' })]);
  });

  it('a row copied by hand (its links and all) is named as a copy, and the row after the original is not accused', async () => {
    const bot = await recordedBot();
    const ids = rowIds(bot, 'timeline');
    const [original, after] = [ids[2]!, ids[3]!];
    const check = verifyRecord(
      tampered(
        bot,
        `DROP TRIGGER record_chain_timeline;
         INSERT INTO timeline (incident_id, actor_id, platform, kind, text, data, created_at, prev_hash, hash)
           SELECT incident_id, actor_id, platform, kind, text, data, created_at, prev_hash, hash FROM timeline WHERE id = ${original}`,
      ),
    );
    const copy = ids.at(-1)! + 1;
    expect(check.problems).toEqual([expect.objectContaining({ table: 'timeline', id: copy, kind: 'forked' })]);
    expect(check.problems[0]!.text).toContain(`时间线 #${original}`);
    expect(check.problems.some((p) => p.id === after)).toBe(false);
  });

  it('the signals engine attaching its earlier rows to the incident it raises keeps the record whole; moving such a row elsewhere is caught', async () => {
    const bot = startSignalsBot();
    // 300 yellow-band items: their signals_received row is written, then the topic raises an
    // incident and the row is attached to it (attachTopic), as in test/signals/warnings.test.ts.
    const res = await push(bot, { items: items('水厂', 1, 300, { reads: 40, reposts: 1, mentionsLastHour: 2, sentiment: -0.5 }) });
    expect(res.body.actions).toEqual([expect.objectContaining({ kind: 'raised' })]);
    const attached = bot.sqlite.prepare(`SELECT id, incident_id FROM timeline WHERE kind = 'signals_received'`).all() as { id: number; incident_id: number }[];
    expect(attached.length).toBeGreaterThan(0);
    expect(attached.every((r) => r.incident_id !== null)).toBe(true);
    expect(verifyRecord(bot.sqlite).problems).toEqual([]);

    await bot.say('zheng-jiance', '预警 红 另一起');
    const other = bot.sqlite.prepare(`SELECT max(id) FROM incidents`).pluck().get() as number;
    const moved = verifyRecord(tampered(bot, `UPDATE timeline SET incident_id = ${other} WHERE id = ${attached[0]!.id}`));
    expect(moved.problems).toEqual([expect.objectContaining({ table: 'timeline', id: attached[0]!.id, kind: 'edited' })]);
  });

  it('a database from before the chain has its rows chained once at start-up', async () => {
    const bot = await recordedBot();
    const old = tampered(
      bot,
      `DROP TRIGGER record_chain_timeline; DROP TRIGGER record_chain_approval_decisions; DELETE FROM record_head;
       UPDATE timeline SET prev_hash = NULL, hash = NULL; UPDATE approval_decisions SET prev_hash = NULL, hash = NULL;`,
    );
    const file = old.name;
    old.close();
    const reopened = openDatabase(file);
    const check = verifyRecord(reopened.sqlite);
    expect(check.problems).toEqual([]);
    expect(check.links).toBe(rowIds(bot, 'timeline').length + rowIds(bot, 'approval_decisions').length);
    reopened.close();
  });

  it('npm run verify-record names the row and exits 1', async () => {
    const bot = await recordedBot();
    const row = rowIds(bot, 'timeline')[0]!;
    const copy = tampered(bot, `UPDATE timeline SET text = '改过' WHERE id = ${row}`);
    copy.close();
    const run = (file: string) => {
      try {
        return { code: 0, out: execFileSync('node', ['--import', 'tsx', 'src/verify-record.ts', file], { encoding: 'utf8', stdio: 'pipe' }) };
      } catch (err) {
        const e = err as { status: number; stderr: string };
        return { code: e.status, out: e.stderr };
      }
    };
    const bad = run(copy.name);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`时间线 #${row}`);
    bot.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const good = run(bot.dbFile);
    expect(good).toMatchObject({ code: 0, out: expect.stringContaining('记录完好') });
  });
});
