/**
 * When a server is refreshed in the background. Every refresh makes Label Studio health-check each
 * backend of each project, so: only while the view is visible, never while a refresh runs (the
 * refresher joins it), exponential backoff while the server fails, and a full stop on a rejected
 * token until the user acts (a new token rebuilds the server and its policy).
 */

export type RefreshOutcome = 'ok' | 'failed' | 'auth-failed';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

/** Background refreshes are never more frequent than this, whatever the setting says. */
const MIN_INTERVAL_MS = 30_000;
export const MAX_BACKOFF_MS = 30 * 60_000;

export class AutoRefresh {
  private timer: unknown;
  private visible = false;
  private failures = 0;
  private stopped = false;
  /** When the next background refresh is due (ms since epoch), if one is planned. */
  private dueAt?: number;
  private disposed = false;

  private intervalMs = 0;

  constructor(
    private readonly run: () => Promise<RefreshOutcome>,
    intervalMs: number,
    private readonly timers: Timers = realTimers,
  ) {
    this.setInterval(intervalMs);
  }

  /** 0 turns background refresh off. */
  setInterval(ms: number): void {
    this.intervalMs = ms > 0 ? Math.max(ms, MIN_INTERVAL_MS) : 0;
    if (this.dueAt !== undefined) this.plan(this.delay());
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.clear();
      return;
    }
    if (this.dueAt !== undefined) this.arm(Math.max(0, this.dueAt - this.timers.now()));
  }

  /** Called after every refresh of the server (manual ones too), with how it ended. */
  refreshed(outcome: RefreshOutcome): void {
    if (this.disposed) return;
    if (outcome === 'auth-failed') {
      this.stopped = true;
      this.failures = 0;
      this.clear();
      this.dueAt = undefined;
      return;
    }
    this.stopped = false;
    this.failures = outcome === 'failed' ? this.failures + 1 : 0;
    this.plan(this.delay());
  }

  /** Delay before the next background refresh, with backoff while the server fails. */
  delay(): number {
    if (this.intervalMs <= 0) return 0;
    return Math.min(this.intervalMs * 2 ** this.failures, Math.max(MAX_BACKOFF_MS, this.intervalMs));
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get nextDueAt(): number | undefined {
    return this.dueAt;
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private plan(delay: number): void {
    this.clear();
    if (this.stopped || this.intervalMs <= 0) {
      this.dueAt = undefined;
      return;
    }
    this.dueAt = this.timers.now() + delay;
    if (this.visible) this.arm(delay);
  }

  private arm(delay: number): void {
    this.clear();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.visible || this.disposed || this.stopped) return;
      this.dueAt = undefined;
      void this.run().then(
        (outcome) => this.refreshed(outcome),
        () => this.refreshed('failed'),
      );
    }, delay);
  }

  private clear(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
