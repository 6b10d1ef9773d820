// 状态 of one incident answers what responders asked of it first (issue 13): the next deadline and
// the time left, the departments that have not claimed, the release step waiting and who decides
// it, the latest 进展, who is on duty; long entries clipped.
import { describe, expect, it } from 'vitest';
import { startBot } from '../helpers/runtime';

describe('状态 of an incident', () => {
  it('shows the next deadline with time left, unclaimed departments, the release step and its approver, the latest 进展 and who is on duty', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('li-wangxin', '认领 T2');
    await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修，预计今晚恢复。');
    bot.clock.advance(12 * 60_000);
    await bot.say('li-wangxin', `进展 转发量回落，${'评论区仍有质疑声音，'.repeat(20)}继续监测`);
    await bot.say('feng-bangong', '状态 YQ-20261121-001');
    const text = await bot.lastBotText();
    expect(text).toContain('下一个时限：电话报告上级 09:30（还剩 18 分钟）');
    expect(text).toContain('待认领部门：宣传部、法务部、业务部');
    expect(text).toContain('审批：A1 第1版 · 宣传负责人审核 · 等待 孙宣传');
    expect(text).toMatch(/最新进展：09:12 李网信 续报：转发量回落，评论区仍有质疑声音，.*…/);
    expect(text).toContain('值班：赵总、王小宣');
    // Long entries are clipped on the card (the web workspace has them whole).
    for (const line of text.split('\n').filter((l) => l.includes('评论区仍有质疑声音'))) expect([...line].length).toBeLessThan(110);
  });

  it('a deadline gone by says how late', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    bot.clock.advance(45 * 60_000);
    await bot.say('feng-bangong', '状态 YQ-20261121-001');
    expect(await bot.lastBotText()).toContain('下一个时限：电话报告上级 09:30（已超时 15 分钟）');
  });
});
