// The figures function over kinds other branches of the bot write (release_published, report_sent,
// report_signed, meeting_scheduled, meeting_decision): rows made through today's verbs, plus those
// kinds added to the record by hand — the figures read them when they are there.
import { describe, expect, it } from 'vitest';
import { incidentByNumber } from '../../src/core/read/incidents';
import { readReviewRecord, type TimelineRow } from '../../src/core/read/review-record';
import { reviewFigures } from '../../src/core/read/review-figures';
import { reviewSections } from '../../src/core/cards/review-lines';
import { startBot } from '../helpers/runtime';

const MIN = 60_000;

describe('review figures', () => {
  it('reads publications, upward reports with their signature, and meetings when the timeline has them', async () => {
    const bot = startBot();
    const t0 = bot.clock.now();
    await bot.say('zheng-jiance', '预警 红 某地网传化工厂泄漏 https://weibo.com/9');
    await bot.say('wang-xiaoxuan', '发布 关于网传化工厂泄漏的情况说明：经核实不实。');
    const incident = incidentByNumber(bot.core.db, 'YQ-20261121-001')!;
    const record = readReviewRecord(bot.core.db, incident);
    let id = 10_000;
    const row = (kind: string, minutes: number, data: Record<string, unknown>, text = kind, actorId: number | null = 2): TimelineRow => ({
      id: id++,
      incidentId: incident.id,
      actorId,
      platform: 'console',
      kind,
      text,
      data,
      createdAt: t0 + minutes * MIN,
      // Links of the record's hash chain: the database fills them in, these rows never go there.
      prevHash: null,
      hash: null,
    });
    record.timeline.push(
      row('meeting_scheduled', 5, { meetingId: 1 }, '召开应急会议：研判舆情，确定口径'),
      row('report_sent', 25, { reportId: 1, type: 'initial', method: '电话', recipient: '区委宣传部', sentAt: t0 + 24 * MIN }),
      row('meeting_decision', 30, { meetingId: 1 }, '会议决定：两小时内发布情况说明'),
      row('report_signed', 45, { reportId: 2, step: 0, complete: false }),
      row('report_signed', 50, { reportId: 2, step: 1, complete: true }),
      row('report_sent', 55, { reportId: 2, type: 'follow_up', method: '书面', recipient: '区委宣传部' }),
      row('release_published', 90, { releaseId: 1, channels: ['官方微博', '官网'], publishedAt: new Date(t0 + 88 * MIN).toISOString() }),
      row('report_sent', 300, { reportId: 3, type: 'final' }),
    );
    const f = reviewFigures(record, bot.core.playbook, t0 + 400 * MIN);
    expect(f.publications).toEqual([{ ref: 'A1', at: t0 + 88 * MIN, channels: ['官方微博', '官网'], fromWarningMs: 88 * MIN }]);
    expect(f.reports).toEqual([
      { type: 'initial', typeName: '初报', at: t0 + 24 * MIN, method: '电话', recipient: '区委宣传部', fromWarningMs: 24 * MIN, signedAt: null },
      { type: 'follow_up', typeName: '续报', at: t0 + 55 * MIN, method: '书面', recipient: '区委宣传部', fromWarningMs: 55 * MIN, signedAt: t0 + 50 * MIN },
      { type: 'final', typeName: '终报', at: t0 + 300 * MIN, method: null, recipient: null, fromWarningMs: 300 * MIN, signedAt: null },
    ]);
    expect(f.meetings).toEqual([
      // The meeting a red warning calls by itself (issue 13), then the rows added by hand.
      { at: t0, kind: 'scheduled', text: '应急会议召开：09:15 · 指挥中心会议室 · 参会 6 人' },
      { at: t0 + 5 * MIN, kind: 'scheduled', text: '召开应急会议：研判舆情，确定口径' },
      { at: t0 + 30 * MIN, kind: 'decision', text: '会议决定：两小时内发布情况说明' },
    ]);
    // 钱副总 (member 2) did these: each counts under its own name.
    const qian = f.people.find((p) => p.name === '钱副总')!;
    expect(qian.actions).toEqual([
      { action: '召开会议', count: 1 },
      { action: '上报上级', count: 3 },
      { action: '会议决定', count: 1 },
      { action: '签批报告', count: 2 },
      { action: '对外发布', count: 1 },
    ]);
    // Missed deadlines as of the moment asked: red's 电话报告上级 was due at 30 minutes.
    expect(f.deadlines.find((d) => d.label === '电话报告上级')).toMatchObject({ outcome: 'missed', marginMs: 370 * MIN, metAt: null });
    const lines = reviewSections(f, 'Asia/Shanghai').flatMap((s) => s.lines);
    expect(lines).toContain('对外发布 A1 10:28（官方微博、官网）：预警后 1 小时 28 分钟');
    expect(lines).toContain('向上级续报 09:55 · 书面 · 区委宣传部：预警后 55 分钟，09:50 签批');
    expect(lines).toContain('09:30 会议决定：两小时内发布情况说明');
  });

  it('without those kinds the sections say nothing of them', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 某事');
    const f = reviewFigures(readReviewRecord(bot.core.db, incidentByNumber(bot.core.db, 'YQ-20261121-001')!), bot.core.playbook, bot.clock.now());
    expect([f.publications, f.reports, f.meetings]).toEqual([[], [], []]);
    expect(reviewSections(f, 'Asia/Shanghai').map((s) => s.title)).toEqual(['响应时效', '任务认领', '响应时限', '催办与提醒', '谁做了什么']);
  });
});
