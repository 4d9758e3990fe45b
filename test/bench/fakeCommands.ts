/**
 * The commands the benchmark sends to the fake Label Studio and the fake ML server, which run away
 * from the measured code: in a worker thread (`fakeWorker.ts`, the refresh section) or in a child
 * process (`fakeProcess.ts`, the in-editor refresh, so the fake gets a CPU scheduling slot of its
 * own next to VS Code). Both run `runCommand` on their own event loop and heap; the per-request
 * timings (arrival and answer of every call) stay there and only the summary (`FakeStats`) travels.
 * Driven by `fakeHost.ts`.
 */
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
  /** Label Studio's calls to the ML server on keep-alive connections (`reuseMlConnections` of the fake). */
  reuseMlConnections?: boolean;
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
  /** Time the fake's event loop was busy since the last reset (ms): its own CPU work, ML server included. */
  busyMs: number;
}

export type Command =
  | { id: number; cmd: 'start'; args: StartArgs }
  | { id: number; cmd: 'startMl'; healthDelayMs: number }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'close' };

let fake: FakeLabelStudio | undefined;
let ml: FakeMlServer | undefined;
let busySince = performance.eventLoopUtilization();

async function stop(): Promise<void> {
  await fake?.close();
  await ml?.close();
  fake = undefined;
  ml = undefined;
}

async function start(args: StartArgs): Promise<StartResult> {
  await stop();
  const mlUrl = args.mlUrl ?? (await startMl(args.healthDelayMs));
  fake = await FakeLabelStudio.start({ latencyMs: args.latencyMs, reuseMlConnections: args.reuseMlConnections });
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
    busyMs: performance.eventLoopUtilization(busySince).active,
  };
}

/** Runs one command; the caller posts `{ id, result }` or `{ id, error }` back. */
export async function runCommand(message: Command): Promise<unknown> {
  switch (message.cmd) {
    case 'start':
      return start(message.args);
    case 'startMl':
      return startMl(message.healthDelayMs);
    case 'reset':
      fake?.resetRequests();
      ml?.resetRequests();
      busySince = performance.eventLoopUtilization();
      return undefined;
    case 'stats':
      return stats();
    case 'close':
      return stop();
  }
}

/** Answers the messages of `post`'s peer (a worker's parentPort, or a forked child's IPC channel). */
export function answerCommands(on: (listener: (m: Command) => void) => void, post: (reply: unknown) => void): void {
  on((message) => {
    runCommand(message).then(
      (result) => post({ id: message.id, result }),
      (e: unknown) => post({ id: message.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}
