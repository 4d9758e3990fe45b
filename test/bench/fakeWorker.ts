/**
 * The fake Label Studio and the fake ML server in a worker thread of the benchmark's process: their
 * CPU work (JSON, the health checks' HTTP calls) runs on its own event loop and heap, so the main
 * thread's wall time and heap are the client's. With BENCH_ML_WORKER=separate the ML server gets a
 * worker of its own (measured: no faster on 2 cores, /api/ml ≈ 1 ms slower). Driven by `fakeHost.ts`.
 */
import { parentPort } from 'node:worker_threads';
import { FakeLabelStudio, FakeMlServer, seedManyProjects } from '../fake';

export interface StartArgs {
  projects: number;
  backendsPerProject: number;
  /** Fixed delay before every Label Studio response. */
  latencyMs: number;
  /** Delay of each backend's `/health` answer (Label Studio checks each backend on `GET /api/ml/`). */
  healthDelayMs: number;
  /** The ML model's URL (from `startMl` in another worker); unset: this worker starts the ML server too. */
  mlUrl?: string;
}

export interface StartResult {
  url: string;
  pat: string;
  legacyToken: string;
}

export interface FakeStats {
  total: number;
  pages: number;
  mlLists: number;
  tokenRefresh: number;
  other: number;
  /** Successful PAT exchanges. */
  tokenExchanges: number;
  /** Most `/api/ml/` calls the server was handling at the same moment. */
  peakMlInFlight: number;
  /** Mean server-side duration of `/api/ml/` calls and of project pages (ms). */
  meanMlMs: number;
  meanPageMs: number;
  mlServerRequests: number;
  /** Mean number of open `/api/ml/` calls between the first one's arrival and the last one's answer (÷ C = occupancy). */
  meanMlOpen: number;
  /** For each page after the first: its arrival minus the previous page's answer (ms, server clock). */
  pageGapsMs: number[];
}

export type Command =
  | { id: number; cmd: 'start'; args: StartArgs }
  | { id: number; cmd: 'startMl'; healthDelayMs: number }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'close' };

let fake: FakeLabelStudio | undefined;
let ml: FakeMlServer | undefined;

async function stop(): Promise<void> {
  await fake?.close();
  await ml?.close();
  fake = undefined;
  ml = undefined;
}

async function start(args: StartArgs): Promise<StartResult> {
  await stop();
  const mlUrl = args.mlUrl ?? (await startMl(args.healthDelayMs));
  fake = await FakeLabelStudio.start({ latencyMs: args.latencyMs });
  seedManyProjects(fake, { projects: args.projects, backendsPerProject: args.backendsPerProject, mlUrl });
  return { url: fake.url, pat: fake.issuePersonalAccessToken(), legacyToken: fake.legacyTokens[0] };
}

async function startMl(healthDelayMs: number): Promise<string> {
  await ml?.close();
  ml = await FakeMlServer.start();
  // One model shared by every backend: the ML side stays one route and one behaviour however many backends.
  return ml.model('bench', { healthDelayMs });
}

function stats(): FakeStats {
  const requests = fake?.requests ?? [];
  const isPage = (p: string) => p.startsWith('/api/projects/?') || p === '/api/projects/';
  const isMl = (p: string) => p.startsWith('/api/ml/?');
  const isRefresh = (p: string) => p.startsWith('/api/token/refresh');
  const mlCalls = requests.filter((r) => isMl(r.path));
  const pages = requests.filter((r) => isPage(r.path));
  const events: Array<[number, number]> = [];
  for (const r of mlCalls) events.push([r.startedAt, 1], [r.startedAt + Math.max(0, r.durationMs), -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let inFlight = 0;
  let peak = 0;
  let openArea = 0;
  let last = events[0]?.[0] ?? 0;
  for (const [at, delta] of events) {
    openArea += inFlight * (at - last);
    last = at;
    peak = Math.max(peak, (inFlight += delta));
  }
  const span = events.length ? events[events.length - 1][0] - events[0][0] : 0;
  const byStart = [...pages].sort((a, b) => a.startedAt - b.startedAt);
  const pageGapsMs = byStart.slice(1).map((r, i) => r.startedAt - (byStart[i].startedAt + byStart[i].durationMs));
  const mean = (xs: { durationMs: number }[]) => (xs.length ? xs.reduce((s, r) => s + r.durationMs, 0) / xs.length : 0);
  return {
    total: requests.length,
    pages: pages.length,
    mlLists: mlCalls.length,
    tokenRefresh: requests.filter((r) => isRefresh(r.path)).length,
    other: requests.filter((r) => !isPage(r.path) && !isMl(r.path) && !isRefresh(r.path)).length,
    tokenExchanges: fake?.tokenExchanges ?? 0,
    peakMlInFlight: peak,
    meanMlMs: mean(mlCalls),
    meanPageMs: mean(pages),
    mlServerRequests: ml?.requests.length ?? 0,
    meanMlOpen: span > 0 ? openArea / span : 0,
    pageGapsMs,
  };
}

parentPort?.on('message', async (message: Command) => {
  try {
    let result: unknown;
    switch (message.cmd) {
      case 'start':
        result = await start(message.args);
        break;
      case 'startMl':
        result = await startMl(message.healthDelayMs);
        break;
      case 'reset':
        fake?.resetRequests();
        ml?.resetRequests();
        break;
      case 'stats':
        result = stats();
        break;
      case 'close':
        await stop();
        break;
    }
    parentPort?.postMessage({ id: message.id, result });
  } catch (e) {
    parentPort?.postMessage({ id: message.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
