import { CancelledError } from '../api/errors';

/**
 * A queue that runs at most `limit` tasks at once and accepts new items while it runs, so backend
 * calls for the first page of projects start before the next page has arrived.
 */
export class LimitedQueue<T> {
  private pending: T[] = [];
  /** Next item to start: moving it instead of `shift()` keeps each start O(1) however long the queue. */
  private head = 0;
  private running = 0;
  private closed = false;
  private stopped = false;
  private idle?: () => void;
  private readonly done: Promise<void>;

  constructor(
    private readonly limit: number,
    private readonly task: (item: T) => Promise<void>,
  ) {
    this.done = new Promise((resolve) => (this.idle = resolve));
  }

  push(items: readonly T[]): void {
    if (this.stopped) return;
    this.pending.push(...items);
    this.pump();
  }

  /** No more items will come; `drained` resolves once the running ones end. */
  close(): void {
    this.closed = true;
    this.pump();
  }

  /** Drops what has not started yet. */
  stop(): void {
    this.stopped = true;
    this.pending = [];
    this.head = 0;
    this.close();
  }

  get drained(): Promise<void> {
    return this.done;
  }

  private pump(): void {
    while (this.running < Math.max(1, this.limit) && this.head < this.pending.length) {
      const item = this.pending[this.head++];
      if (this.head === this.pending.length) {
        this.pending = [];
        this.head = 0;
      }
      this.running++;
      this.task(item)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
    if (this.closed && this.running === 0 && this.head >= this.pending.length) this.idle?.();
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachWithLimit<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = new LimitedQueue(limit, task);
  queue.push(items);
  queue.close();
  await queue.drained;
}

/** `promise`, or a CancelledError as soon as `signal` aborts (the work behind `promise` goes on). */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
