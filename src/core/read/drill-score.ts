// A drill's score (000 6.3 演练评估): the same figures as a review, held against the playbook's
// limits — each response deadline due within the drill, each task's claim window, the 续报 cadence
// and the approval wait.
// On time scores 1, late ½, missed 0; the score is the share, out of 100.
import type { Playbook } from '../playbook/schema';
import { humanDuration } from '../time';
import type { ReviewFigures } from './review-figures';

export interface DrillScoreItem {
  what: string;
  outcome: 'on_time' | 'late' | 'missed';
  detail: string;
}

export interface DrillScore {
  score: number;
  onTime: number;
  late: number;
  missed: number;
  items: DrillScoreItem[];
}

const POINTS: Record<DrillScoreItem['outcome'], number> = { on_time: 1, late: 0.5, missed: 0 };

export function drillScore(f: ReviewFigures, playbook: Playbook): DrillScore {
  const items: DrillScoreItem[] = [];
  for (const d of f.deadlines) {
    // A deadline not yet due when the drill ended (a 24-hour press conference in a 3-hour drill) is
    // not scored; one due and not met is missed.
    if (d.outcome === 'open') continue;
    const outcome = d.outcome === 'missed' ? 'missed' : d.outcome;
    items.push({
      what: `时限「${d.label}」`,
      outcome,
      detail:
        outcome === 'on_time' ? `按时完成（提前 ${humanDuration(-d.marginMs)}）` : outcome === 'late' ? `迟 ${humanDuration(d.marginMs)}` : '演练结束时未完成',
    });
  }
  for (const c of f.claims) {
    const outcome = c.claimedAt === null ? 'missed' : c.late ? 'late' : 'on_time';
    items.push({
      what: `认领 ${c.ref}${c.department ? ` ${c.department}` : ''}`,
      outcome,
      detail:
        outcome === 'missed'
          ? '未认领'
          : `${c.by ?? ''} 预警后 ${humanDuration(c.fromWarningMs ?? 0)}${c.late ? `，超过认领时限 ${humanDuration(c.lateByMs)}` : ''}`,
    });
  }
  const every = playbook.levels[f.incident.level as keyof Playbook['levels']]?.updateEveryMinutes;
  if (every) {
    const p = f.firstProgress;
    const outcome = !p ? 'missed' : p.fromWarningMs <= every * 60_000 ? 'on_time' : 'late';
    items.push({ what: `首次续报（每 ${humanDuration(every * 60_000)}）`, outcome, detail: p ? `预警后 ${humanDuration(p.fromWarningMs)}` : '没有续报' });
  }
  const wait = playbook.clock.approvalWaitMinutes * 60_000;
  for (const a of f.approvals) {
    items.push({
      what: `审批 ${a.ref}「${a.step}」`,
      outcome: a.waitMs <= wait ? 'on_time' : 'late',
      detail: `${a.decider} ${a.decision === 'approve' ? '同意' : '驳回'}，等待 ${humanDuration(a.waitMs)}`,
    });
  }
  const count = (o: DrillScoreItem['outcome']) => items.filter((i) => i.outcome === o).length;
  const points = items.reduce((sum, i) => sum + POINTS[i.outcome], 0);
  return {
    score: items.length === 0 ? 0 : Math.round((100 * points) / items.length),
    onTime: count('on_time'),
    late: count('late'),
    missed: count('missed'),
    items,
  };
}
