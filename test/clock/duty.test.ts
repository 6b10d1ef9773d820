// 24 小时值班 on a pinned clock: the rotation, 排班 / 换班 / 代班, and the reminders before each
// shift, the evening before and each morning.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { timeline } from '../../src/db/schema';
import { startBot, type TestBot } from '../helpers/runtime';

const shanghai = (day: number, hh: number, mm = 0) => Date.UTC(2026, 10, day, hh - 8, mm);
const botLines = async (bot: TestBot) => (await bot.messages('command')).filter((m) => m.author === 'bot');

describe('duty roster', () => {
  it('shows now and next, a day and the week, following the rotation from the playbook', async () => {
    const bot = startBot({ start: shanghai(21, 22) }); // 22:00: the night shift
    await bot.say('feng-bangong', '值班');
    expect(await bot.lastBotText()).toBe(
      '当前值班\n现在：夜班 20:30–08:30：带班领导 钱副总，值班员 冯办公\n下一班：白班 08:30–20:30：带班领导 钱副总，值班员 王小宣',
    );
    await bot.say('feng-bangong', '值班 明天');
    expect(await bot.lastBotText()).toContain('2026-11-22 值班表\n白班 08:30–20:30：带班领导 钱副总，值班员 王小宣');
    await bot.say('feng-bangong', '值班 本周');
    expect((await bot.lastBotText()).split('\n').filter((l) => l.startsWith('白班'))).toHaveLength(7);
    await bot.say('feng-bangong', '值班 下周三');
    expect(await bot.lastBotText()).toContain('「下周三」不是日期');
  });

  it("排班 needs the roster permission; 换班 tells both; 代班 takes the absent person's slots", async () => {
    const bot = startBot();
    await bot.say('wang-xiaoxuan', '排班 明天 白班 值班员 冯办公');
    expect(await bot.lastBotText()).toContain('排班需要以下角色之一：总指挥、副总指挥、管理员');
    await bot.say('qian-fuzong', '排班 明天 白班 值班员 冯办公');
    expect(await bot.lastBotText()).toContain('2026-11-22 白班 值班员：冯办公');
    await bot.say('qian-fuzong', '排班 明天 早班 值班员 冯办公');
    expect(await bot.lastBotText()).toContain('没有班次「早班」。班次：白班、夜班');

    // Today: 王小宣 has the day watch, 冯办公 the night watch. They swap.
    await bot.say('wang-xiaoxuan', '换班 王小宣 冯办公');
    const swapped = (await botLines(bot)).at(-1)!;
    expect(swapped.text).toContain('王小宣 改上 夜班值班员；冯办公 改上 白班值班员');
    expect(swapped.card.mentions.map((m: any) => m.name)).toEqual(['王小宣', '冯办公']);
    await bot.say('zheng-jiance', '换班 王小宣 冯办公');
    expect(await bot.lastBotText()).toContain('只有王小宣、冯办公本人或总指挥、副总指挥、管理员可以给他们换班');

    await bot.say('zheng-jiance', '代班 冯办公');
    expect(await bot.lastBotText()).toContain('2026-11-21 白班值班员：郑监测 替 冯办公 值班');
    await bot.say('feng-bangong', '值班');
    expect(await bot.lastBotText()).toContain('现在：白班 08:30–20:30：带班领导 赵总，值班员 郑监测（调）');
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .all()
        .map((t) => t.kind)
        .filter((k) => k.startsWith('duty_')),
    ).toEqual(['duty_set', 'duty_swapped', 'duty_covered']);
  });

  it('reminds before each shift, the evening before, and each morning; a swap changes who is reminded', async () => {
    const bot = startBot({ start: shanghai(21, 7) });
    await bot.clockLoop.tick(); // plans the next two days
    bot.clock.set(shanghai(21, 8));
    await bot.clockLoop.tick();
    const morning = (await botLines(bot)).map((m) => m.text);
    expect(morning.find((t) => t.startsWith('今日值班表'))).toContain('白班 08:30–20:30：带班领导 赵总，值班员 王小宣');
    const handover = (await botLines(bot)).find((m) => m.text.startsWith('接班提醒 · 白班'))!;
    expect(handover.card.mentions.map((m: any) => m.name)).toEqual(['赵总', '王小宣']);

    bot.clock.set(shanghai(21, 19));
    await bot.say('qian-fuzong', '换班 冯办公 郑监测 今天'); // 郑监测 has no shift today
    expect(await bot.lastBotText()).toContain('郑监测 没有班，无法换班');
    await bot.say('zheng-jiance', '代班 冯办公 今天');
    bot.clock.set(shanghai(21, 20));
    await bot.clockLoop.tick();
    const night = (await botLines(bot)).filter((m) => m.text.startsWith('接班提醒 · 夜班')).at(-1)!;
    expect(night.card.mentions.map((m: any) => m.name)).toEqual(['钱副总', '郑监测']);
    const evening = (await botLines(bot)).find((m) => m.text.startsWith('明日值班 · 2026-11-22'))!;
    expect(evening.text).toContain('白班 08:30–20:30：带班领导 钱副总，值班员 王小宣');
    // Each reminder once, however often the clock beats.
    await bot.clockLoop.tick();
    expect((await botLines(bot)).filter((m) => m.text.startsWith('接班提醒 · 夜班'))).toHaveLength(1);
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'duty_covered')).all()).toHaveLength(1);
  });
});

describe('roster edge cases', () => {
  it('everyone rotates through every shift (2 leaders over 2 shifts do not get stuck)', async () => {
    const { rotationIndex } = await import('../../src/core/read/roster');
    const nights = new Set(Array.from({ length: 6 }, (_, day) => rotationIndex(day * 2 + 1, 2, 2)));
    expect(nights).toEqual(new Set([0, 1]));
    const officerDays = new Set(Array.from({ length: 6 }, (_, day) => rotationIndex(day * 2, 3, 2)));
    expect(officerDays).toEqual(new Set([0, 1, 2]));
  });

  it('refuses impossible and past dates, swaps only within a role, and only rotation members cover a role', async () => {
    const bot = startBot();
    await bot.say('qian-fuzong', '排班 2026-02-30 白班 值班员 冯办公');
    expect(await bot.lastBotText()).toContain('「2026-02-30」不是日期');
    await bot.say('feng-bangong', '值班 13-45');
    expect(await bot.lastBotText()).toContain('「13-45」不是日期');
    await bot.say('qian-fuzong', '排班 2026-11-01 白班 值班员 冯办公');
    expect(await bot.lastBotText()).toContain('2026-11-01 已经过去，不能再调整');
    await bot.say('qian-fuzong', '值班 1-5');
    expect(await bot.lastBotText()).toContain('2027-01-05 值班表'); // a month-day behind us is next year's
    // Today 王小宣 is 值班员 (day), 钱副总 is 带班领导 (night).
    await bot.say('wang-xiaoxuan', '换班 王小宣 钱副总');
    expect(await bot.lastBotText()).toContain('只能在同一值班角色之间换班');
    await bot.say('wang-xiaoxuan', '换班 王小宣 王小宣');
    expect(await bot.lastBotText()).toContain('换班要写两个不同的人');
    await bot.say('zheng-jiance', '代班 赵总');
    expect(await bot.lastBotText()).toContain('郑监测 不在「带班领导」的轮值名单里');
  });

  it('after midnight, 代班 without a date means the night shift still running', async () => {
    const bot = startBot({ start: shanghai(22, 2) }); // 02:00: the 11-21 night shift (钱副总, 冯办公)
    await bot.say('zheng-jiance', '代班 冯办公');
    expect(await bot.lastBotText()).toContain('2026-11-21 夜班值班员：郑监测 替 冯办公 值班');
  });
});
