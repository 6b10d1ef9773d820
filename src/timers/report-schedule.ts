// The periodic reports' live schedule: node-cron fires at each report's cron time (in the
// organisation's zone), the tick stores the slot as a job (write/plan-reports.ts: one row per
// slot, however many processes tick) and wakes the clock loop, which sends it once. Restarts are
// covered by the stored jobs, not by node-cron: its timers live in memory only.
import { schedule, type ScheduledTask } from 'node-cron';
import type { Core } from '../core/context';
import { REPORT_KINDS, storeReportTick } from '../core/write/plan-reports';
import type { Logger } from '../logger';

export class ReportSchedule {
  private tasks: ScheduledTask[] = [];

  constructor(
    private readonly core: Core,
    /** Fires what is due and delivers it: the clock loop's beat. */
    private readonly beat: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.tasks.length > 0) return;
    for (const kind of REPORT_KINDS) {
      const rule = this.core.playbook.reports[kind];
      if (!rule) continue;
      const task = schedule(
        rule.cron,
        async () => {
          // The slot is the injected clock's minute, not node-cron's date: the two agree in
          // production, and a pinned clock (tests) is never handed a wall-clock slot.
          if (storeReportTick(this.core, kind, this.core.clock.now())) await this.beat();
        },
        { timezone: this.core.timeZone, name: `fenghuo-report-${kind}`, noOverlap: true, unref: true },
      );
      task.on('execution:failed', (ctx) => this.logger.error({ err: ctx.execution?.error, report: kind }, 'report tick failed; the stored job still fires'));
      this.tasks.push(task);
    }
  }

  async stop(): Promise<void> {
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) await task.destroy();
  }
}
