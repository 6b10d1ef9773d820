// The periodic reports (舆情日报, weekly summary) as stored jobs: the next slot of each report's
// cron expression is stored ahead (so a restart finds it and a slot missed while down is sent late,
// once), and a tick of node-cron stores the slot it fires for (the same row: each slot is one job,
// however many processes tick). The clock loop fires them (jobs/periodic-report.ts).
import type { Core } from '../context';
import { cronMatches, nextCronSlot } from '../read/cron-slots';
import type { ReportKind } from '../playbook/schema';
import { scheduleJob } from './schedule-job';

export const REPORT_KINDS: readonly ReportKind[] = ['daily', 'weekly'];

export function reportSubject(kind: ReportKind, slot: number): string {
  return `${kind}:${slot}`;
}

/** Stores the next slot of every report that is on. */
export function planReports(core: Core, now: number): void {
  const planned = REPORT_KINDS.flatMap((kind) => {
    const rule = core.playbook.reports[kind];
    const slot = rule ? nextCronSlot(rule.cron, now, core.timeZone) : undefined;
    return slot === undefined ? [] : [{ kind, slot }];
  });
  if (planned.length === 0) return;
  core.db.transaction((tx) => {
    for (const { kind, slot } of planned) scheduleJob(tx, { kind: 'periodic_report', subject: reportSubject(kind, slot), step: 0, dueAt: slot, now });
  });
}

/** node-cron fired for `kind`: the minute it fired in is stored as the report's slot, if the expression names it. */
export function storeReportTick(core: Core, kind: ReportKind, now: number): boolean {
  const rule = core.playbook.reports[kind];
  const slot = Math.floor(now / 60_000) * 60_000;
  if (!rule || !cronMatches(rule.cron, slot, core.timeZone)) return false;
  core.db.transaction((tx) => scheduleJob(tx, { kind: 'periodic_report', subject: reportSubject(kind, slot), step: 0, dueAt: slot, now }));
  return true;
}
