/**
 * The fakes in a worker thread of the benchmark's process (the refresh section): their CPU work
 * (JSON, the health checks' HTTP calls) runs on its own event loop and heap, so the main thread's
 * wall time and heap are the client's. With BENCH_ML_WORKER=separate the ML server gets a worker of
 * its own (measured: no faster on 2 cores, /api/ml ≈ 1 ms slower). Commands: `fakeCommands.ts`.
 */
import { parentPort } from 'node:worker_threads';
import { answerCommands } from './fakeCommands';

const port = parentPort;
if (port)
  answerCommands(
    (listener) => port.on('message', listener),
    (reply) => port.postMessage(reply),
  );
