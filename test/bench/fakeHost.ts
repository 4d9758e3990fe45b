/** The bench's handle on the fake servers running in a worker thread (`fakeWorker.ts`) or a child process (`fakeProcess.ts`). */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Command, FakeStats, StartArgs, StartResult } from './fakeCommands';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Reply = { id: number; result?: unknown; error?: string };

/** Where the fakes run: a worker thread of this process, or a process of their own. */
export type FakePlace = 'thread' | 'process';

/** The fake Label Studio, and the fake ML server its health checks call (the same worker unless BENCH_ML_WORKER=separate). */
export class FakeHost {
  private readonly ls: FakeRunner;
  private readonly ml: FakeRunner;

  constructor(
    readonly place: FakePlace = 'thread',
    readonly separateMlWorker = process.env.BENCH_ML_WORKER === 'separate',
  ) {
    this.ls = new FakeRunner(place);
    this.ml = separateMlWorker ? new FakeRunner(place) : this.ls;
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

/** One worker thread or forked process answering `fakeCommands.ts` commands. */
class FakeRunner {
  private readonly worker?: Worker;
  private readonly child?: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(place: FakePlace) {
    const onMessage = (m: Reply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(`fake ${place}: ${m.error}`));
      else p?.resolve(m.result);
    };
    const onError = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    if (place === 'thread') {
      this.worker = new Worker(path.join(__dirname, 'fakeWorker.js'));
      this.worker.on('message', onMessage).on('error', onError);
    } else {
      this.child = fork(path.join(__dirname, 'fakeProcess.js'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.child.on('message', (m) => onMessage(m as Reply)).on('error', onError);
      this.child.on('exit', (code) => onError(new Error(`fake process exited (code ${code})`)));
    }
  }

  async close(): Promise<void> {
    await this.call({ cmd: 'close' });
    if (this.worker) await this.worker.terminate();
    this.child?.disconnect();
  }

  call(command: WithoutId<Command>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message = { ...command, id };
      if (this.worker) this.worker.postMessage(message);
      else this.child?.send(message);
    });
  }
}
