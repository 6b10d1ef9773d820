// The figures of a review as the lines people read, section by section: the chat card and the
// exported document say the same things in the same words.
import { LEVEL_SHORT, type Level } from '../levels';
import type { ReviewFigures } from '../read/review-figures';
import { humanDuration, shortTime } from '../time';

export interface ReviewSection {
  title: string;
  lines: string[];
}

const after = (ms: number | null) => (ms === null ? '' : `预警后 ${humanDuration(ms)}`);

export function reviewSections(f: ReviewFigures, timeZone: string): ReviewSection[] {
  const t = (ms: number) => shortTime(ms, timeZone, f.incident.raisedAt);
  const sections: ReviewSection[] = [];

  const speed: string[] = [];
  speed.push(
    f.firstLead
      ? `首条线索 ${t(f.firstLead.at)}（${f.firstLead.source}${f.firstLead.by ? ` · ${f.firstLead.by}` : ''}）→ 预警 ${t(f.warning.at)}：${humanDuration(f.warning.leadToWarningMs ?? 0)}`
      : `预警 ${t(f.warning.at)}（没有记录在先的线索）`,
  );
  speed.push(
    f.firstProgress
      ? `首次续报 ${t(f.firstProgress.at)}（${f.firstProgress.by ?? ''}）：${after(f.firstProgress.fromWarningMs)}，共续报 ${f.progressCount} 次`
      : '没有续报进展',
  );
  for (const a of f.approved) speed.push(`发布稿 ${a.ref} 第 ${a.version} 版审批全部通过 ${t(a.at)}：${after(a.fromWarningMs)}`);
  for (const p of f.publications)
    speed.push(`对外发布 ${p.ref} ${t(p.at)}${p.channels.length > 0 ? `（${p.channels.join('、')}）` : ''}：${after(p.fromWarningMs)}`);
  for (const r of f.reports)
    speed.push(
      `向上级${r.typeName} ${t(r.at)}${r.method ? ` · ${r.method}` : ''}${r.recipient ? ` · ${r.recipient}` : ''}：${after(r.fromWarningMs)}${r.signedAt ? `，${t(r.signedAt)} 签批` : ''}`,
    );
  sections.push({ title: '响应时效', lines: speed });

  if (f.claims.length > 0)
    sections.push({
      title: '任务认领',
      lines: f.claims.map((c) => {
        const who = `${c.ref}${c.department ? ` ${c.department}` : ''}「${c.title}」`;
        if (c.claimedAt === null) return `${who}：未认领${c.rungs > 0 ? `（催办 ${c.rungs} 级）` : ''}`;
        const window = c.windowMs === null ? '' : c.late ? `，超过认领时限 ${humanDuration(c.lateByMs)}` : `，在 ${humanDuration(c.windowMs)}认领时限内`;
        return `${who}：${c.by ?? ''} ${t(c.claimedAt)} 认领，${after(c.fromWarningMs)}${window}${c.rungs > 0 ? `（催办 ${c.rungs} 级）` : ''}`;
      }),
    });

  if (f.approvals.length > 0)
    sections.push({
      title: '审批',
      lines: f.approvals.map(
        (a) =>
          `${a.ref} 第 ${a.version} 版「${a.step}」：${a.decider} ${a.decision === 'approve' ? '同意' : '驳回'} ${t(a.decidedAt)}，等待 ${humanDuration(a.waitMs)}${a.rungs > 0 ? `（提醒 ${a.rungs} 次）` : ''}`,
      ),
    });

  if (f.deadlines.length > 0)
    sections.push({
      title: '响应时限',
      lines: f.deadlines.map((d) => {
        const head = `${d.label}（${t(d.dueAt)} 截止）`;
        if (d.outcome === 'on_time') return `${head}：按时，${t(d.metAt!)} 完成${d.by ? `（${d.by}）` : ''}，提前 ${humanDuration(-d.marginMs)}`;
        if (d.outcome === 'late') return `${head}：迟 ${humanDuration(d.marginMs)}，${t(d.metAt!)} 完成${d.by ? `（${d.by}）` : ''}`;
        if (d.outcome === 'missed') return `${head}：未完成，已超过 ${humanDuration(d.marginMs)}`;
        return `${head}：未到期`;
      }),
    });

  const e = f.escalations;
  sections.push({
    title: '催办与提醒',
    lines: [`任务催办 ${e.taskRungs} 级次 · 审批提醒 ${e.approvalRungs} 次 · 续报提醒 ${e.updateRequests} 次 · 时限提醒 ${e.deadlineReminders} 次`],
  });

  const changes = [
    ...f.levels.map((l) => ({ at: l.at, line: `${t(l.at)} ${l.by ?? '预警引擎'} 调整级别 ${levelWord(l.from)} → ${levelWord(l.to)}` })),
    ...f.meetings.map((m) => ({ at: m.at, line: `${t(m.at)} ${m.text}` })),
  ].sort((a, b) => a.at - b.at);
  if (changes.length > 0) sections.push({ title: '级别调整与会议', lines: changes.map((c) => c.line) });

  if (f.people.length > 0)
    sections.push({
      title: '谁做了什么',
      lines: f.people.map((p) => `${p.name}${p.department ? `（${p.department}）` : ''}：${p.actions.map((a) => `${a.action} ${a.count}`).join('、')}`),
    });
  return sections;
}

function levelWord(level: string): string {
  return Object.hasOwn(LEVEL_SHORT, level) ? `${LEVEL_SHORT[level as Level]}色` : level;
}
