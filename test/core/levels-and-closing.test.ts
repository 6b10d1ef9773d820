// 升级/降级/级别, 平息/结案, 进展 — each verb on a fresh SQLite migrated from drizzle/.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deadlines, incidents, tasks, timeline } from '../../src/db/schema';
import { changeLevel } from '../../src/core/verbs/change-level';
import { raiseWarning } from '../../src/core/verbs/raise-warning';
import { Refusal } from '../../src/core/errors';
import { startBot } from '../helpers/runtime';
import { act, calmIncident, closeIncident, postProgress } from '../helpers/verbs';

function refusalOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof Refusal) return err.reply;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('changing the level', () => {
  it('upgrading yellow → red adds the missing tasks and deadlines, starts the response and notifies the new groups', async () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'yellow', description: '某视频引发讨论', isDrill: false }));
    await bot.drain.drain();
    expect((await bot.messages('all-hands')).length).toBe(0);
    bot.clock.advance(20 * 60_000);

    const out = act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up', level: 'red', incidentNumber: undefined }));
    expect(out.reply).toContain('已升级为红色预警（特别重大）');
    const incident = bot.core.db.select().from(incidents).get()!;
    expect(incident).toMatchObject({ level: 'red', status: 'responding' });
    const depts = bot.core.db
      .select()
      .from(tasks)
      .all()
      .map((t) => t.departmentKey);
    expect(depts).toEqual(['cyber', 'business', 'publicity', 'legal', 'office']);
    const kinds = bot.core.db
      .select()
      .from(deadlines)
      .all()
      .map((d) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['report_written', 'reply', 'report_phone', 'statement', 'press']));
    const phone = bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'report_phone')).get()!;
    expect(phone.dueAt).toBe(bot.clock.now() + 30 * 60_000);

    await bot.drain.drain();
    const broadcast = (await bot.messages('all-hands')).filter((m) => m.author === 'bot');
    expect(broadcast).toHaveLength(1);
    expect(broadcast[0]!.card).toMatchObject({ level: 'red', urgent: true });
    expect(broadcast[0]!.card.title).toContain('已升级');
    // Department groups that had no card at yellow get one now (publicity and legal have red tasks).
    for (const group of ['publicity', 'legal']) expect((await bot.messages(group)).filter((m) => m.author === 'bot')).toHaveLength(1);
    // The cyber group had the yellow card: updated in place, not sent twice.
    expect((await bot.messages('cyber')).filter((m) => m.author === 'bot')).toHaveLength(1);
    // The command centre's existing card was updated in place, not sent twice.
    const command = (await bot.messages('command')).filter((m) => m.author === 'bot');
    expect(command).toHaveLength(1);
    expect(command[0]!.card.level).toBe('red');
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'level_changed')).get()!.text).toBe(
      '钱副总 将 YQ-20261121-001 从黄色预警（较大）升级为红色预警（特别重大）',
    );
  });

  it('steps one level when none is given; refuses the wrong direction, the same level and the edges', () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'orange', description: '某事', isDrill: false }));
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up', level: 'blue' })))).toContain(
      '是降级，请发送「降级 YQ-20261121-001 蓝」',
    );
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'auto', level: 'orange' })))).toContain('已经是橙色预警');
    act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up' }));
    expect(bot.core.db.select().from(incidents).get()!.level).toBe('red');
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'up' })))).toContain('已经是最高（红色）级别');
    act(bot, 'qian-fuzong', (ctx) => changeLevel(ctx, { direction: 'auto', level: 'yellow' }));
    expect(bot.core.db.select().from(incidents).get()!.level).toBe('yellow');
  });

  it('refuses a monitor: only the roles in permissions.changeLevel', () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'blue', description: '某事', isDrill: false }));
    expect(refusalOf(() => act(bot, 'zheng-jiance', (ctx) => changeLevel(ctx, { direction: 'up' })))).toContain(
      '调整预警级别需要以下角色之一：副总指挥、总指挥、领导小组',
    );
  });
});

describe('progress, calming and closing', () => {
  it('进展 goes on the timeline and to the command centre', async () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'yellow', description: '某事', isDrill: false }));
    const out = act(bot, 'li-wangxin', (ctx) => postProgress(ctx, undefined, '转发量已回落'), 'cyber');
    expect(out.reply).toBe('已记录 YQ-20261121-001 的进展，并同步到指挥中心。');
    await bot.drain.drain();
    expect(await bot.lastBotText('command')).toContain('李网信 09:00：转发量已回落');
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'progress')).get()!.text).toBe('李网信 续报：转发量已回落');
  });

  it('平息 then 结案 with a summary; a closed incident refuses new work', async () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'blue', description: '某事', isDrill: false }));
    expect(refusalOf(() => act(bot, 'zheng-jiance', (ctx) => closeIncident(ctx, undefined, '')))).toContain('平息或结案需要以下角色之一');
    act(bot, 'qian-fuzong', (ctx) => calmIncident(ctx, undefined));
    expect(bot.core.db.select().from(incidents).get()!.status).toBe('calmed');
    const out = act(bot, 'zhao-zong', (ctx) => closeIncident(ctx, 'yq-20261121-001', '已澄清'));
    expect(out.reply).toContain('仍有 1 项任务未完成');
    expect(bot.core.db.select().from(incidents).get()).toMatchObject({ status: 'closed', summary: '已澄清', closedAt: bot.clock.now() });
    expect(refusalOf(() => act(bot, 'zhao-zong', (ctx) => closeIncident(ctx, 'YQ-20261121-001', '')))).toContain('已经结案了');
    expect(refusalOf(() => act(bot, 'li-wangxin', (ctx) => postProgress(ctx, 'YQ-20261121-001', '又有人转发')))).toContain('已结案');
    await bot.drain.drain();
    const card = (await bot.messages('command')).find((m) => m.author === 'bot')!;
    expect(card.text).toContain('已结案：已澄清');
    expect(card.card.blocks.some((b: any) => b.type === 'actions')).toBe(false);
  });

  it('an unknown incident number is named in the answer', () => {
    const bot = startBot();
    expect(refusalOf(() => act(bot, 'qian-fuzong', (ctx) => calmIncident(ctx, 'YQ-20990101-001')))).toContain('没有编号为 YQ-20990101-001 的舆情事件');
  });
});
