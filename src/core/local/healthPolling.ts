/**
 * When to call the local backends' /health: only while the view is visible, at once when it
 * becomes visible or a backend is started, every `startingMs` while one is starting (so Running
 * shows within a second of the first healthy answer), else every `idleMs`. One round at a time.
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PollingOptions {
  /** Probes every backend once; resolves when all answered. */
  probeAll(): Promise<void>;
  /** Whether any backend is starting (decides the fast interval). */
  anyStarting(): boolean;
  timers?: Timers;
  startingMs?: number;
  idleMs?: number;
}

export const STARTING_INTERVAL_MS = 500;
export const IDLE_INTERVAL_MS = 10_000;

export class HealthPolling {
  private visible = false;
  private handle: unknown;
  private running?: Promise<void>;
  private disposed = false;
  private readonly timers: Timers;
  /** Probe rounds run so far (tests and benchmarks). */
  rounds = 0;

  constructor(private readonly options: PollingOptions) {
    this.timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.now();
    else this.cancel();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** Probes now (when visible), e.g. after Start, then continues on the schedule. */
  now(): void {
    if (!this.visible || this.disposed) return;
    this.cancel();
    void this.round();
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private async round(): Promise<void> {
    if (this.running) return this.running;
    this.rounds++;
    this.running = this.options
      .probeAll()
      .catch(() => undefined)
      .finally(() => (this.running = undefined));
    await this.running;
    this.schedule();
  }

  private schedule(): void {
    if (!this.visible || this.disposed) return;
    this.cancel();
    const ms = this.options.anyStarting() ? (this.options.startingMs ?? STARTING_INTERVAL_MS) : (this.options.idleMs ?? IDLE_INTERVAL_MS);
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      void this.round();
    }, ms);
  }

  private cancel(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
