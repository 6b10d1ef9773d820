// What a platform's long connection (Feishu's WSClient, the WeCom robot's) tells the rest of the
// bot: its state for /healthz and /metrics, and one JSON log line for every connect, drop and
// reconnect. Shared by the platforms that hold one; the runtime reads it through
// PlatformInstance.connection().
import type { Logger } from '../src/logger';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'down';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Wall-clock ms of the last change of state. */
  since: number;
  /** Times it was connected again after a drop or a restart. */
  reconnects: number;
  /** Why it is not connected, when it is not. */
  reason?: string | undefined;
}

/** How long to wait before restarting a connection its SDK gave up on, by attempt (the last repeats). */
export const RESTART_DELAYS_MS = [2_000, 10_000, 30_000, 60_000, 300_000] as const;

export function restartDelay(delays: readonly number[], attempt: number): number {
  return delays[Math.min(attempt, delays.length - 1)] ?? 60_000;
}

export class ConnectionTracker {
  private current: ConnectionStatus;
  private everConnected = false;

  constructor(
    private readonly log: Logger,
    private readonly name: string,
    private readonly now: () => number = Date.now,
  ) {
    this.current = { state: 'connecting', since: now(), reconnects: 0 };
  }

  status(): ConnectionStatus {
    return { ...this.current };
  }

  connected(): void {
    if (this.current.state === 'connected') return;
    const again = this.everConnected;
    this.everConnected = true;
    this.set({ state: 'connected', reconnects: this.current.reconnects + (again ? 1 : 0), reason: undefined });
    this.log.info(
      { connection: this.name, event: again ? 'reconnected' : 'connected', reconnects: this.current.reconnects },
      `${this.name}: long connection ${again ? 'reconnected' : 'connected'}`,
    );
  }

  dropped(reason: string): void {
    if (this.current.state === 'reconnecting' && this.current.reason === reason) return;
    this.set({ state: 'reconnecting', reason });
    this.log.warn({ connection: this.name, event: 'dropped', reason }, `${this.name}: long connection dropped; reconnecting`);
  }

  /** The SDK stopped trying; `retryInMs` when we restart it, undefined when nothing will. */
  down(reason: string, retryInMs: number | undefined): void {
    this.set({ state: 'down', reason });
    this.log.error(
      { connection: this.name, event: 'down', reason, retryInMs },
      retryInMs === undefined
        ? `${this.name}: long connection is down and will not be retried`
        : `${this.name}: long connection gave up; restarting it in ${retryInMs} ms`,
    );
  }

  private set(change: Partial<ConnectionStatus>): void {
    this.current = { ...this.current, ...change, since: this.now() };
  }
}

/** The SDK's own log lines, routed into ours: errors and warnings as they are, chatter at debug. */
export function sdkLogger(log: Logger): Record<'error' | 'warn' | 'info' | 'debug' | 'trace', (...args: unknown[]) => void> {
  // The Lark SDK hands its logger one array of parts; others pass the parts as arguments.
  const line = (args: unknown[]) =>
    args
      .flat(2)
      .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a)))
      .join(' ');
  return {
    error: (...args) => log.error({ sdk: true }, line(args)),
    warn: (...args) => log.warn({ sdk: true }, line(args)),
    info: (...args) => log.debug({ sdk: true }, line(args)),
    debug: (...args) => log.debug({ sdk: true }, line(args)),
    trace: (...args) => log.trace({ sdk: true }, line(args)),
  };
}
