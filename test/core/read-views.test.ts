// 状态 / 列表 / 值班 / 帮助: what people read, from the state in the database.
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { startBot } from '../helpers/runtime';

describe('read-only views', () => {
  it('状态 without a number is the overview; with one, the incident with releases and recent activity', async () => {
    const bot = startBot();
    await bot.say('feng-bangong', '状态');
    expect(await bot.lastBotText()).toContain('目前没有进行中的舆情事件');
    await bot.say('zheng-jiance', '预警 黄 某视频引发讨论');
    await bot.say('wang-xiaoxuan', '上报 https://weibo.com/7 另一件事');
    bot.core.db.update(outbox).set({ status: 'dead' }).run();
    await bot.say('feng-bangong', '状态');
    const overview = await bot.lastBotText();
    expect(overview).toContain('YQ-20261121-001 黄色预警 · 监测中 · 某视频引发讨论 · 待认领 2 项');
    expect(overview).toContain('投递失败消息：');
    expect(overview).toContain('有消息多次投递失败');

    await bot.say('li-wangxin', '认领 T1');
    await bot.say('wang-xiaoxuan', '发布 关于视频的情况说明：正在核实。');
    await bot.say('feng-bangong', '状态 YQ-20261121-001');
    const detail = await bot.lastBotText();
    expect(detail).toContain('发布稿：A1 第1版 审批中');
    expect(detail).toContain('李网信 认领 T1');
    expect(detail).toContain('王小宣 提交发布稿 A1 第 1 版');
    await bot.say('feng-bangong', '状态 YQ-20261121-009');
    expect(await bot.lastBotText()).toContain('没有编号为 YQ-20261121-009 的舆情事件');
    await bot.say('feng-bangong', '状态 第一件');
    expect(await bot.lastBotText()).toContain('「第一件」不是事件编号');
  });

  it('列表 shows open incidents; 列表 全部 includes closed ones', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 第一件');
    await bot.say('zheng-jiance', '预警 蓝 第二件');
    await bot.say('zhao-zong', '结案 YQ-20261121-001 确认 误报');
    await bot.say('feng-bangong', '列表');
    const open = await bot.lastBotText();
    expect(open).toContain('YQ-20261121-002');
    expect(open).not.toContain('YQ-20261121-001');
    await bot.say('feng-bangong', '列表 全部');
    expect(await bot.lastBotText()).toContain('YQ-20261121-001 蓝色预警 · 已结案');
  });

  it('值班 names the people on duty with their roles; 帮助 explains a command', async () => {
    const bot = startBot();
    await bot.say('feng-bangong', '值班');
    expect(await bot.lastBotText()).toBe(
      '当前值班\n现在：白班 08:30–20:30：带班领导 赵总，值班员 王小宣\n下一班：夜班 20:30–08:30：带班领导 钱副总，值班员 冯办公',
    );
    await bot.say('feng-bangong', '帮助 驳回');
    expect(await bot.lastBotText()).toContain('用法：驳回 <发布稿编号> <理由>');
  });
});
