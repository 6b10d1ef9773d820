// Claiming: 100 people tapping 认领 at once → exactly one owner; everyone else told who has it.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { members, tasks, timeline } from '../../src/db/schema';
import { addResponders, buttonsOf, startBot } from '../helpers/runtime';

describe('claiming tasks', () => {
  it('100 simultaneous taps on one 认领 button: one owner, 99 told who has it', async () => {
    const bot = startBot();
    // The first task is 宣传部's, and claims are kept to the department.
    addResponders(bot, 100, 'publicity');
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    const card = await bot.card('橙色预警 · YQ-20261121-001');
    const button = buttonsOf(card)[0]!;

    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => bot.tap(`responder-${i}`, card.id, button.action, button.value)));
    const winners = results.filter((r) => r.body.outcome === 'done');
    const losers = results.filter((r) => r.body.outcome === 'refused');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(99);

    const task = bot.core.db
      .select()
      .from(tasks)
      .where(eq(tasks.id, Number(button.value.slice(1))))
      .get()!;
    const owner = bot.core.db.select().from(members).where(eq(members.id, task.ownerId!)).get()!;
    expect(task.status).toBe('claimed');
    for (const r of losers) expect(r.body.toast).toBe(`已由${owner.name}认领`);
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'task_claimed')).all()).toHaveLength(1);

    // The card was updated in place for everyone: the button is gone, the owner shown.
    const updated = await bot.card('橙色预警 · YQ-20261121-001');
    expect(updated.id).toBe(card.id);
    expect(buttonsOf(updated).map((b) => b.value)).not.toContain(button.value);
    expect(updated.text).toContain(`${owner.name} 已认领`);
  });

  it('claim by command, then done with a note; the card follows', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 黄 某视频引发讨论');
    await bot.say('li-wangxin', '认领 T1');
    expect(await bot.lastBotText()).toContain('李网信 已认领 T1');
    await bot.say('wang-xiaoxuan', '完成 T1 想替别人完成');
    expect(await bot.lastBotText()).toContain('T1 由李网信负责');
    await bot.say('li-wangxin', '完成 T1 已完成首轮监测，传播量平稳');
    expect(bot.core.db.select().from(tasks).where(eq(tasks.id, 1)).get()).toMatchObject({ status: 'done', doneNote: '已完成首轮监测，传播量平稳' });
    expect((await bot.card('YQ-')).text).toContain('已完成 · 李网信：已完成首轮监测，传播量平稳');
  });

  it('an unknown task number says so; a malformed one gets the format', async () => {
    const bot = startBot();
    await bot.say('li-wangxin', '认领 T99');
    expect(await bot.lastBotText()).toContain('没有任务 T99');
    await bot.say('li-wangxin', '认领 九号');
    expect(await bot.lastBotText()).toContain('「九号」不是任务号；任务号形如 T3');
  });

  it('hands off a task to a named member, and refuses someone who is neither owner nor lead', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    await bot.say('wang-xiaoxuan', '认领 T1');
    await bot.say('feng-bangong', '转交 T1 冯办公');
    expect(await bot.lastBotText()).toContain('只有王小宣或部门负责人、副总指挥、总指挥可以转交');
    await bot.say('wang-xiaoxuan', '转交 T1 孙宣传');
    const task = bot.core.db.select().from(tasks).where(eq(tasks.id, 1)).get()!;
    const sun = bot.core.db.select().from(members).where(eq(members.key, 'sun-xuanchuan')).get()!;
    expect(task.ownerId).toBe(sun.id);
    await bot.say('wang-xiaoxuan', '转交 T2 不存在的人');
    expect(await bot.lastBotText()).toContain('T2 还没有人认领');
    await bot.say('sun-xuanchuan', '转交 T2 不存在的人');
    expect(await bot.lastBotText()).toContain('找不到成员「不存在的人」');
  });
});
