// A periodic report when its slot falls due (planned by write/plan-reports.ts): the 舆情日报 covers
// the day before its slot, the weekly summary the seven days before; to the command centre, with
// a timeline row. A slot the playbook no longer names (its cron was edited) sends nothing.
import { buildPeriodicReportCard } from '../cards/periodic-report-card';
import { cronMatches } from '../read/cron-slots';
import { commandDestinations } from '../read/groups';
import { readPeriodicReport } from '../read/periodic-report';
import type { ReportKind } from '../playbook/schema';
import { clockTime, fullTime } from '../time';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { writeTimeline } from '../write/timeline';
import type { JobHandler } from './handlers';

const SPAN: Record<ReportKind, number> = { daily: 24 * 3_600_000, weekly: 7 * 24 * 3_600_000 };

export const firePeriodicReport: JobHandler = (tx, core, job, now) => {
  const [kind, slotText] = job.subject.split(':') as [ReportKind, string];
  const slot = Number(slotText);
  const rule = core.playbook.reports[kind];
  if (!rule || !cronMatches(rule.cron, slot, core.timeZone)) return;
  const from = slot - SPAN[kind];
  const tz = core.timeZone;
  const label = `${fullTime(from, tz).slice(5, 16)} 至 ${fullTime(slot, tz).slice(5, 16)}`;
  const report = readPeriodicReport(tx, { from, to: slot, label }, now);
  const late = job.late ? `（系统恢复后补发，原定 ${clockTime(slot, tz)}）` : '';
  const card = buildPeriodicReportCard(core, rule.name, report, late);
  for (const to of commandDestinations(tx)) enqueueCard(tx, to, card, { now, priority: PRIORITY.routine });
  writeTimeline(tx, {
    incidentId: null,
    kind: 'periodic_report',
    text: `发送${rule.name}（${label}）${job.late ? '，系统恢复后补发' : ''}`,
    data: { report: kind, slot, raised: report.raised.length, open: report.open.length, late: report.lateTotal },
    actorId: null,
    platform: 'system',
    now,
  });
};
