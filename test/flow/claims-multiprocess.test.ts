// 100 responders in four separate processes tap 认领 on the same four tasks at the same instant,
// on one SQLite file: each task gets exactly one owner and one timeline row; nobody gets an error.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tasks, timeline } from '../../src/db/schema';
import { addResponders, startBot } from '../helpers/runtime';

const run = promisify(execFile);

describe('claiming across processes', () => {
  it('four processes, 100 responders, four tasks: one owner per task', async () => {
    const bot = startBot();
    addResponders(bot, 100);
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    const refs = bot.core.db
      .select()
      .from(tasks)
      .all()
      .map((t) => `T${t.id}`);
    expect(refs).toHaveLength(4);

    const startAt = Date.now() + 4000;
    const workers = [0, 25, 50, 75].map((first) =>
      run(process.execPath, ['--import', 'tsx', 'test/helpers/claim-worker.ts', bot.dbFile, String(first), '25', String(startAt), ...refs], {
        timeout: 60_000,
      }),
    );
    const outcomes = (await Promise.all(workers)).flatMap((w) => JSON.parse(w.stdout) as string[]);
    expect(outcomes).toHaveLength(400);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(396);

    for (const t of bot.core.db.select().from(tasks).all()) expect(t).toMatchObject({ status: 'claimed', ownerId: expect.any(Number) });
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'task_claimed')).all()).toHaveLength(4);
  }, 90_000);
});
