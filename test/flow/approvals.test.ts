// A release walks the orange chain (宣传负责人 → 法务 → 副总指挥/总指挥), is rejected once with a
// reason, resubmitted as version 2, then approved to the end by the buttons on its card.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvalDecisions, deadlines, releases, releaseVersions, timeline } from '../../src/db/schema';
import { buttonsOf, startBot } from '../helpers/runtime';

describe('information release approval', () => {
  it('three-step chain, one rejection with a reason, then approved and releasable', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 橙 某地网传停水三天');
    await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明：系管道检修，今晚恢复供水。');

    let card = await bot.card('信息发布审批 · A1');
    expect(card.text).toContain('第 1/3 步：宣传负责人审核');
    expect(card.card.mentions.map((m: any) => m.name)).toEqual(['孙宣传']);
    const approve = buttonsOf(card).find((b) => b.action === 'approve')!;
    const reject = buttonsOf(card).find((b) => b.action === 'reject')!;

    // Not the step's approver: told who may decide, nothing changes.
    const wrong = await bot.tap('zhou-fawu', card.id, approve.action, approve.value);
    expect(wrong.body).toMatchObject({ outcome: 'refused', toast: '你不是审批人，请 孙宣传 审批' });
    expect(bot.core.db.select().from(approvalDecisions).all()).toEqual([]);

    // Step 1 by the publicity lead's button.
    expect((await bot.tap('sun-xuanchuan', card.id, approve.action, approve.value)).body.outcome).toBe('done');
    card = await bot.card('信息发布审批 · A1');
    expect(card.text).toContain('第 2/3 步：法务审核');
    expect(await bot.lastBotText()).toContain('请 周法务 进行「法务审核」');

    // Reject by button without a reason: refused, explains how; then with a reason by command.
    const noReason = await bot.tap('zhou-fawu', card.id, reject.action, reject.value);
    expect(noReason.body.toast).toContain('驳回需要理由');
    await bot.say('zhou-fawu', '驳回 A1 「今晚恢复」的说法需业务部门确认');
    let row = bot.core.db.select().from(releases).get()!;
    expect(row).toMatchObject({ status: 'rejected', version: 1, step: 1 });
    card = await bot.card('信息发布审批 · A1');
    expect(buttonsOf(card)).toEqual([]);
    expect(card.text).toContain('法务审核：周法务 驳回');
    expect(card.text).toContain('「今晚恢复」的说法需业务部门确认');
    expect(await bot.lastBotText()).toContain('请修改后发送「发布 A1 新内容」');

    // Only the author may resubmit.
    await bot.say('sun-xuanchuan', '发布 A1 我来改一下');
    expect(await bot.lastBotText()).toContain('只有起草人可以提交新版本');
    await bot.say('wang-xiaoxuan', '发布 A1 关于网传停水的情况说明：系管道检修，预计今晚恢复供水，以业务部门通知为准。');
    row = bot.core.db.select().from(releases).get()!;
    expect(row).toMatchObject({ status: 'pending', version: 2, step: 0 });
    expect(
      bot.core.db
        .select()
        .from(releaseVersions)
        .all()
        .map((v) => v.version),
    ).toEqual([1, 2]);

    await bot.say('sun-xuanchuan', '同意 A1');
    await bot.say('zhou-fawu', '同意 A1 法务无意见');
    card = await bot.card('信息发布审批 · A1');
    expect(card.text).toContain('第 3/3 步：副总指挥或总指挥批准');
    const last = buttonsOf(card).find((b) => b.action === 'approve')!;
    expect((await bot.tap('qian-fuzong', card.id, last.action, last.value)).body.toast).toBe('已同意 A1');

    row = bot.core.db.select().from(releases).get()!;
    expect(row.status).toBe('approved');
    card = await bot.card('信息发布审批 · A1');
    expect(buttonsOf(card)).toEqual([]);
    expect(card.text).toContain('审批通过，可以发布');
    expect(card.text).toContain('副总指挥或总指挥批准：钱副总 同意');
    // The decision history of version 2 only: three approvals.
    expect(
      bot.core.db
        .select()
        .from(approvalDecisions)
        .where(eq(approvalDecisions.version, 2))
        .all()
        .map((d) => d.decision),
    ).toEqual(['approve', 'approve', 'approve']);
    expect(bot.core.db.select().from(deadlines).where(eq(deadlines.kind, 'statement')).get()!.metAt).toBe(bot.clock.now());
    // A decided release cannot be decided again.
    expect((await bot.tap('zhao-zong', card.id, 'approve', 'A1')).body.toast).toBe('已审批通过');
    const kinds = bot.core.db
      .select()
      .from(timeline)
      .all()
      .map((t) => t.kind);
    expect(kinds.filter((k) => k.startsWith('release_'))).toEqual([
      'release_submitted',
      'release_approved_step',
      'release_rejected',
      'release_submitted',
      'release_approved_step',
      'release_approved_step',
      'release_approved_step',
    ]);
  });

  it('an unknown release number says so', async () => {
    const bot = startBot();
    await bot.say('sun-xuanchuan', '同意 A42');
    expect(await bot.lastBotText()).toContain('没有发布稿 A42');
  });

  it('a release needs an incident; with several open, the number is asked for', async () => {
    const bot = startBot();
    await bot.say('wang-xiaoxuan', '发布 关于某事的情况说明');
    expect(await bot.lastBotText()).toContain('目前没有进行中的舆情事件');
    await bot.say('zheng-jiance', '预警 蓝 第一件');
    await bot.say('zheng-jiance', '预警 蓝 第二件');
    await bot.say('wang-xiaoxuan', '发布 关于某事的情况说明');
    expect(await bot.lastBotText()).toContain('目前有 2 个进行中的事件，请写明事件编号');
    await bot.say('wang-xiaoxuan', '发布 YQ-20261121-002 关于某事的情况说明');
    expect(bot.core.db.select().from(releases).get()!.incidentId).toBe(2);
  });
});
