import type { Timers } from '../../src/core/servers/autoRefresh';

/** Timers under the test's control: time moves only when `advance` is called. */
export class FakeTimers implements Timers {
  private clock = 1_000_000;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.queue.push({ at: this.clock + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  now(): number {
    return this.clock;
  }
  get pending(): number {
    return this.queue.length;
  }
  async advance(ms: number): Promise<void> {
    const end = this.clock + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next || next.at > end) break;
      this.queue.shift();
      this.clock = next.at;
      next.fn();
      await new Promise((r) => setImmediate(r)); // let the refresh's promise settle
    }
    this.clock = end;
  }
}
