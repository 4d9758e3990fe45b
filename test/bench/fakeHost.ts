/** The main thread's handle on the fake servers running in `fakeWorker.ts`. */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Command, FakeStats, StartArgs, StartResult } from './fakeWorker';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** Two workers: the fake Label Studio, and the fake ML server its health checks call. */
export class FakeHost {
  private readonly ls = new FakeWorker();
  private readonly ml: FakeWorker;

  constructor(readonly separateMlWorker = process.env.BENCH_ML_WORKER === 'separate') {
    this.ml = separateMlWorker ? new FakeWorker() : this.ls;
  }

  async start(args: Omit<StartArgs, 'mlUrl'>): Promise<StartResult> {
    const mlUrl = this.separateMlWorker
      ? ((await this.ml.call({ cmd: 'startMl', healthDelayMs: args.healthDelayMs })) as string)
      : undefined;
    return (await this.ls.call({ cmd: 'start', args: { ...args, mlUrl } })) as StartResult;
  }

  async reset(): Promise<void> {
    await Promise.all([this.ls.call({ cmd: 'reset' }), this.separateMlWorker && this.ml.call({ cmd: 'reset' })]);
  }

  async stats(): Promise<FakeStats> {
    const [ls, ml] = (await Promise.all([this.ls.call({ cmd: 'stats' }), this.ml.call({ cmd: 'stats' })])) as FakeStats[];
    return { ...ls, mlServerRequests: ml.mlServerRequests };
  }

  async close(): Promise<void> {
    await Promise.all([this.ls.close(), this.separateMlWorker && this.ml.close()]);
  }
}

class FakeWorker {
  private readonly worker = new Worker(path.join(__dirname, 'fakeWorker.js'));
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(`fake worker: ${m.error}`));
      else p?.resolve(m.result);
    });
    this.worker.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }

  async close(): Promise<void> {
    await this.call({ cmd: 'close' });
    await this.worker.terminate();
  }

  call(command: WithoutId<Command>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...command, id });
    });
  }
}
