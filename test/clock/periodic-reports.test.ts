// The periodic reports (舆情日报, weekly summary) at their cron times: once at the time, once across
// a restart that missed it, once with two processes on one database; and node-cron's own tick.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadYamlFile } from '../../src/config/load-yaml';
import { systemClock } from '../../src/core/clock';
import { playbookSchema } from '../../src/core/playbook/schema';
import { nextCronSlot } from '../../src/core/read/cron-slots';
import { createLogger } from '../../src/logger';
import { openDatabase } from '../../src/db/open';
import { botMessages, jobs, timeline } from '../../src/db/schema';
import { ReportSchedule } from '../../src/timers/report-schedule';
import { startBot, type TestBot } from '../helpers/runtime';

const run = promisify(execFile);
const time = (hhmm: string, day = 21) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, day, h! - 8, m!);
};
const SIX_PM = time('18:00');
const reportsSent = (bot: TestBot) => bot.core.db.select().from(timeline).where(eq(timeline.kind, 'periodic_report')).all();
const reportCards = (bot: TestBot) =>
  bot.core.db
    .select()
    .from(botMessages)
    .all()
    .filter((m) => (m.card as any).title.startsWith('舆情日报'));

afterEach(() => {
  vi.useRealTimers();
});

describe('periodic reports', () => {
  it('node-cron slots: the next minute an expression names, in the zone, from the pinned clock', () => {
    const tz = 'Asia/Shanghai';
    expect(nextCronSlot('0 18 * * *', time('09:00'), tz)).toBe(SIX_PM);
    expect(nextCronSlot('0 18 * * *', SIX_PM, tz)).toBe(time('18:00', 22));
    // 2026-11-21 is a Saturday: the weekly summary is on Monday the 23rd at 09:00.
    expect(nextCronSlot('0 9 * * 1', time('09:00'), tz)).toBe(time('09:00', 23));
    expect(nextCronSlot('*/30 8-9 * * *', time('08:10'), tz)).toBe(time('08:30'));
  });

  it('the playbook refuses an expression node-cron cannot read, and one with seconds', () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const check = (cron: string) => {
      const r = playbookSchema.safeParse({ ...playbook, reports: { daily: { cron, name: '舆情日报' } } });
      return r.success ? 'ok' : r.error.issues.map((i) => i.message).join('；');
    };
    expect(check('0 18 * * *')).toBe('ok');
    expect(check('0 25 * * *')).toContain('cron 表达式「0 25 * * *」不对：hour 25');
    expect(check('0 0 31 2 *')).toContain('不对');
    expect(check('0 0 18 * * *')).toContain('cron 表达式要写 5 段（分 时 日 月 周）');
    expect(playbookSchema.parse({ ...playbook, reports: { daily: false } }).reports).toEqual({
      daily: false,
      weekly: { cron: '0 9 * * 1', name: '每周舆情汇总' },
    });
  });

  it('fires once at its cron time, for the day before it, to the command centre', async () => {
    const bot = startBot({ start: time('17:50') });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.clockLoop.tick();
    expect(
      bot.core.db
        .select()
        .from(jobs)
        .where(eq(jobs.kind, 'periodic_report'))
        .all()
        .map((j) => [j.subject, j.status]),
    ).toEqual([
      [`daily:${SIX_PM}`, 'pending'],
      [`weekly:${time('09:00', 23)}`, 'pending'],
    ]);
    bot.clock.set(time('17:59'));
    await bot.clockLoop.tick();
    expect(reportsSent(bot)).toHaveLength(0);
    bot.clock.set(SIX_PM);
    await bot.clockLoop.tick();
    await bot.clockLoop.tick();
    bot.clock.set(time('18:01'));
    await bot.clockLoop.tick();
    expect(reportsSent(bot).map((r) => r.data)).toEqual([{ report: 'daily', slot: SIX_PM, raised: 1, open: 1, late: expect.any(Number) }]);
    const card = await bot.card('舆情日报');
    expect(card.card.title).toBe('舆情日报 · 11-20 18:00 至 11-21 18:00');
    expect(card.text).toContain('新发事件：1（红 0 · 橙 1 · 黄 0 · 蓝 0）');
    expect(card.text).toContain('YQ-20261121-001 橙色预警 · 处置中 · 某地网传停水三天');
    // The next day's slot is stored already.
    expect(
      bot.core.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, 'periodic_report'), eq(jobs.status, 'pending')))
        .all()
        .map((j) => j.subject)
        .sort(),
    ).toEqual([`daily:${time('18:00', 22)}`, `weekly:${time('09:00', 23)}`]);
  });

  it('across a restart that missed it, it is sent once on the way back up, said to be late; a second restart sends nothing', async () => {
    const databaseFile = join(mkdtempSync(join(tmpdir(), 'fenghuo-reports-')), 'bot.db');
    const before = startBot({ start: time('17:50'), overrides: { databaseFile } });
    await before.clockLoop.tick();
    await before.close();

    // Down from 17:50 to 18:30: node-cron was not running at 18:00.
    const after = startBot({ start: time('18:30'), overrides: { databaseFile } });
    await after.clockLoop.tick();
    await after.clockLoop.tick();
    expect(reportsSent(after)).toHaveLength(1);
    expect(reportsSent(after)[0]!.text).toContain('系统恢复后补发');
    expect((await after.card('舆情日报')).text).toContain('（系统恢复后补发，原定 18:00）');
    await after.close();

    const again = startBot({ start: time('18:40'), overrides: { databaseFile } });
    await again.clockLoop.tick();
    expect(reportsSent(again)).toHaveLength(1);
    expect(reportCards(again)).toHaveLength(1);
    expect(
      again.core.db
        .select()
        .from(jobs)
        .where(eq(jobs.subject, `daily:${SIX_PM}`))
        .all(),
    ).toHaveLength(1);
  });

  it('two processes on one database at its time: one report', async () => {
    const databaseFile = join(mkdtempSync(join(tmpdir(), 'fenghuo-reports-')), 'bot.db');
    // The first start plans the slot; then both processes tick at 18:00, at the same wall instant.
    const first = startBot({ start: time('17:50'), overrides: { databaseFile } });
    await first.clockLoop.tick();
    await first.close();
    const startAt = Date.now() + 3000;
    const workers = [0, 1].map(() =>
      run(process.execPath, ['--import', 'tsx', 'test/helpers/report-worker.ts', databaseFile, String(SIX_PM), String(startAt)], { timeout: 60_000 }),
    );
    const fired = (await Promise.all(workers)).map((w) => (JSON.parse(w.stdout) as { fired: number }).fired);
    expect(fired.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const { db, close } = openDatabase(databaseFile);
    try {
      expect(db.select().from(timeline).where(eq(timeline.kind, 'periodic_report')).all()).toHaveLength(1);
      expect(
        db
          .select()
          .from(jobs)
          .where(eq(jobs.subject, `daily:${SIX_PM}`))
          .all(),
      ).toMatchObject([{ status: 'fired' }]);
      expect(
        db
          .select()
          .from(botMessages)
          .all()
          .filter((m) => (m.card as any).title.startsWith('舆情日报')),
      ).toHaveLength(1);
    } finally {
      close();
    }
  }, 90_000);

  it("node-cron's tick at the cron time stores that slot and wakes the clock", async () => {
    vi.useFakeTimers({ now: time('17:59') + 30_000, toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const bot = startBot({ overrides: { clock: systemClock } });
    let beats = 0;
    const schedule = new ReportSchedule(
      bot.core,
      async () => {
        beats++;
      },
      createLogger('silent'),
    );
    schedule.start();
    const slots = () =>
      bot.core.db
        .select()
        .from(jobs)
        .where(eq(jobs.kind, 'periodic_report'))
        .all()
        .map((j) => j.subject);
    expect(slots()).toEqual([]);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(slots()).toEqual([`daily:${SIX_PM}`]);
    expect(beats).toBe(1);
    await schedule.stop();
  });
});
