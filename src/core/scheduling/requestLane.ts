/**
 * A lane of requests to one server: at most `limit` exchanges in flight, the others wait in order.
 * When an exchange ends, the next waiting one is started synchronously, BEFORE the caller of the
 * ended one sees its answer: the server gets its next request before the client parses, logs or
 * draws the previous answer, whatever else the thread has to do. Only the HTTP exchange holds a
 * slot (credentials are fetched before, the answer is read after).
 */
import { CancelledError } from '../api/errors';

/**
 * Connections of a server's transport for a refresh `concurrency`: one per `/api/ml` slot, plus
 * one of its own for the project pages (and other calls), so a page never waits behind `/api/ml`.
 */
export function connectionsFor(concurrency: number): number {
  return concurrency + 1;
}

/** A slot a caller kept after an answer (see `run`'s `keep`): `release` hands it on. */
export interface LaneSlot {
  release?: () => void;
}

export interface RunOptions<T> {
  signals?: Array<AbortSignal | undefined>;
  slot?: LaneSlot;
  keep?: (answer: T) => boolean;
}

export class RequestLane {
  private running = 0;
  /** FIFO of starters; `head` moves instead of `shift()`, so taking the next one costs the same however many wait. */
  private waiting: Array<() => boolean> = [];
  private head = 0;

  constructor(readonly limit: number) {}

  /** Exchanges in flight now. */
  get inFlight(): number {
    return this.running;
  }

  /** Exchanges waiting for a slot. */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  /**
   * Runs `exchange` when a slot is free. One still waiting when one of `signals` aborts is never
   * started (it rejects with CancelledError); one that started is the exchange's to cancel.
   * `keep(answer)` true: the slot stays with the caller, in `slot.release`, for a retry (pass the
   * same `slot` to run it there at once) or to be released when the caller is done with the answer
   * (e.g. a 401 or 429 it may stop everything for). Otherwise the slot passes on at once.
   */
  run<T>(exchange: () => Promise<T>, options: RunOptions<T> = {}): Promise<T> {
    const { signals = [], slot, keep } = options;
    return new Promise<T>((resolve, reject) => {
      /** Starts the exchange in a slot this call holds; false (and rejected) when it was cancelled while waiting. */
      const start = (): boolean => {
        if (signals.some((s) => s?.aborted)) {
          reject(new CancelledError());
          return false;
        }
        let sent: Promise<T>;
        try {
          sent = exchange();
        } catch (e) {
          sent = Promise.reject(e);
        }
        // Release first: the next exchange leaves before this one's caller resumes.
        sent.then(
          (value) => {
            if (slot && keep?.(value)) slot.release = () => this.release();
            else this.release();
            resolve(value);
          },
          (error: unknown) => {
            this.release();
            reject(error);
          },
        );
        return true;
      };
      const held = slot?.release;
      if (held && slot) {
        slot.release = undefined; // this exchange runs in the caller's slot
        if (!start()) this.release();
      } else if (this.running < Math.max(1, this.limit)) {
        this.running++;
        if (!start()) this.release();
      } else {
        this.waiting.push(start);
      }
    });
  }

  /** Hands the slot to the next waiting exchange (started now, synchronously), or frees it. */
  private release(): void {
    while (this.head < this.waiting.length) {
      const next = this.waiting[this.head];
      this.waiting[this.head++] = started;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      if (next()) return;
    }
    this.running--;
  }
}

const started = (): boolean => true;
