// The clock's heartbeat: every few seconds, fire what has fallen due and deliver what it queued.
// On start it fires at once, so anything that fell due while the process was down goes out
// (marked late) before anything else happens.
import type { Core } from '../core/context';
import { planReports } from '../core/write/plan-reports';
import { planRosterReminders } from '../core/write/plan-roster';
import { fireDueJobs } from '../core/jobs/fire';
import type { Logger } from '../logger';
import type { OutboxDrain } from '../delivery/drain';

export class ClockLoop {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly core: Core,
    private readonly drain: OutboxDrain,
    private readonly logger: Logger,
  ) {}

  /** One beat: returns how many jobs fired. */
  async tick(): Promise<number> {
    planRosterReminders(this.core, this.core.clock.now());
    planReports(this.core, this.core.clock.now());
    const { fired, failed } = fireDueJobs(this.core, this.core.clock.now());
    for (const f of failed) this.logger.error({ err: f.error, jobId: f.jobId }, 'clock: job failed; marked failed so the others go on');
    if (fired > 0) {
      this.logger.info({ fired }, 'clock: jobs fired');
      await this.drain.drain();
    }
    return fired;
  }

  start(intervalMs = 5000): void {
    const beat = () => this.tick().catch((err) => this.logger.error({ err }, 'clock tick failed'));
    void beat();
    this.timer ??= setInterval(beat, intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
