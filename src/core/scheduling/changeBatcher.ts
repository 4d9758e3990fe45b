/**
 * Gathers row changes before they are drawn. After a quiet moment a change goes out after
 * `quietMs` (many projects answer at once); while changes keep coming (a refresh) rows go out at
 * most every `busyMs`: each redraw is a round trip to the window and a render, on a CPU the
 * extension host shares with both. New rows (a page of projects, the server's status: `soon`) never
 * wait longer than `quietMs`, so the first rows are not held back; a whole-list change covers the
 * rows gathered so far.
 */
export interface BatchTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Batch<T> {
  /** The whole list changed (the items are covered by it). */
  all: boolean;
  items: T[];
}

const realTimers: BatchTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const QUIET_BATCH_MS = 16;
export const BUSY_BATCH_MS = 100;

export class ChangeBatcher<T> {
  private items = new Set<T>();
  private whole = false;
  private soon = false;
  private timer: unknown;
  private due = 0;
  private lastFire = -Infinity;

  constructor(
    private readonly fire: (batch: Batch<T>) => void,
    private readonly timers: BatchTimers = realTimers,
    private readonly quietMs = QUIET_BATCH_MS,
    private readonly busyMs = BUSY_BATCH_MS,
  ) {}

  /** The whole list changed; `soon` (default): it has new rows, so it goes out within `quietMs`, else at the rows' pace. */
  all(soon = true): void {
    this.whole = true;
    if (soon) this.soon = true;
    this.schedule();
  }

  /** A row changed; `soon`: its children did (new rows), so it goes out within `quietMs` too. */
  add(item: T, soon = false): void {
    this.items.add(item);
    if (soon) this.soon = true;
    this.schedule();
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const now = this.timers.now();
    const wait = this.soon ? this.quietMs : Math.max(this.quietMs, this.lastFire + this.busyMs - now);
    const due = now + wait;
    if (this.timer !== undefined && due >= this.due) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.due = due;
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFire = this.timers.now();
    const batch: Batch<T> = { all: this.whole, items: this.whole ? [] : [...this.items] };
    this.whole = false;
    this.soon = false;
    this.items = new Set();
    if (batch.all || batch.items.length > 0) this.fire(batch);
  }
}
