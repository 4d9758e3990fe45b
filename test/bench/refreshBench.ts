/**
 * Refresh benchmark: the extension's real refresh code (ServerRefresher + LabelStudioClient +
 * createUndiciTransport, the modules the tree uses) against a sequential baseline and the API's
 * lower bound, on the fake Label Studio with injected latency.
 */
import { getHeapStatistics } from 'node:v8';
import { LabelStudioClient, PROJECT_PAGE_SIZE } from '../../src/core/api/client';
import { createUndiciTransport, DEFAULT_MAX_BODY_BYTES, type HttpTransport } from '../../src/core/net/http';
import { ServerRefresher } from '../../src/core/servers/refresh';
import { connectionsFor } from '../../src/core/scheduling/requestLane';
import { ServerModel } from '../../src/core/servers/serverModel';
import { FakeHost, type FakePlace } from './fakeHost';
import type { FakeStats, StartResult } from './fakeCommands';
import { targets } from './summary';

export interface RefreshBenchOptions {
  projectCounts: number[];
  /** Fixed delay of every Label Studio request (ms). */
  d: number;
  /** Delay of each backend's health check (ms); Label Studio runs them one after the other inside `GET /api/ml/`. */
  h: number;
  backendsPerProject: number;
  concurrency: number;
  /** The baseline runs in full up to this P; above it, on `baselineSample` /api/ml calls, extrapolated. */
  baselineFullUpTo: number;
  baselineSample: number;
  /** Where the fake runs (default 'thread') and whether its ML calls reuse connections (default false). */
  fakePlace?: FakePlace;
  reuseMlConnections?: boolean;
}

interface RunResult {
  label: string;
  wallMs: number;
  firstRowsMs?: number;
  requests: number;
  minRequests: number;
  exchanges: number;
  peakInFlight?: number;
  heapPeakMb?: number;
  heapDeltaMb?: number;
  estimated?: string;
  problem?: string;
  /** A refresh() asked for 2·d after the start returned the running one. */
  joined?: boolean;
  /** L recomputed with this run's server-side mean times of a page and of an /api/ml call. */
  serverL?: number;
}

const now = () => performance.now();
const gc = (globalThis as { gc?: () => void }).gc;

/** Samples the main isolate's heap every 5 ms (the fake lives in another isolate). */
function heapSampler(): { stop(): { peakMb: number; deltaMb: number } } {
  gc?.();
  const used = () => getHeapStatistics().used_heap_size;
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, used());
      return { peakMb: peak / 2 ** 20, deltaMb: (peak - base) / 2 ** 20 };
    },
  };
}

/** L = ceil(P/100)·d + ceil(P/C)·(d + b·h): pages one after the other, then P calls C at a time. */
export function lowerBound(p: number, o: Pick<RefreshBenchOptions, 'd' | 'h' | 'backendsPerProject' | 'concurrency'>): number {
  return Math.ceil(p / PROJECT_PAGE_SIZE) * o.d + Math.ceil(p / o.concurrency) * (o.d + o.backendsPerProject * o.h);
}

function newTransport(connections: number): HttpTransport {
  return createUndiciTransport({ connections, maxBodyBytes: DEFAULT_MAX_BODY_BYTES });
}

/** One refresh through the extension's code, with a fresh model (so "first rows" means the first page). */
async function extensionRefresh(
  fake: FakeHost,
  client: LabelStudioClient,
  p: number,
  o: RefreshBenchOptions,
  label: string,
  exchangeExpected: boolean,
): Promise<RunResult> {
  await fake.reset();
  const model = new ServerModel();
  let t0 = 0;
  let firstRowsMs: number | undefined;
  model.onChange((change) => {
    if (firstRowsMs === undefined && change.kind === 'server' && model.projects.length > 0) firstRowsMs = now() - t0;
  });
  const refresher = new ServerRefresher(client, model, { concurrency: o.concurrency });
  const heap = heapSampler();
  t0 = now();
  const running = refresher.refresh();
  // A refresh asked for while one runs must join it (no second walk, no extra requests).
  let joined: boolean | undefined;
  const probe = setTimeout(() => (joined = refresher.refresh() === running), o.d * 2);
  await running;
  clearTimeout(probe);
  const wallMs = now() - t0;
  const { peakMb, deltaMb } = heap.stop();
  const stats = await fake.stats();
  return {
    label,
    wallMs,
    firstRowsMs,
    ...counts(stats, p, exchangeExpected),
    peakInFlight: stats.peakMlInFlight,
    heapPeakMb: peakMb,
    heapDeltaMb: deltaMb,
    serverL: Math.ceil(p / PROJECT_PAGE_SIZE) * stats.meanPageMs + Math.ceil(p / o.concurrency) * stats.meanMlMs,
    problem:
      checkModel(model, p, o.backendsPerProject) ?? (joined === false ? 'a second refresh() did not join the running one' : undefined),
    joined,
  };
}

function checkModel(model: ServerModel, p: number, b: number): string | undefined {
  if (model.status.kind !== 'ready')
    return `status ${model.status.kind}${model.status.kind === 'failed' ? `: ${model.status.error.message}` : ''}`;
  const projects = model.projects;
  if (projects.length !== p) return `${projects.length} projects, expected ${p}`;
  const bad = projects.filter((x) => x.loading || x.error || x.backends?.length !== b || x.backends.some((k) => k.state !== 'CO'));
  return bad.length ? `${bad.length} projects incomplete (e.g. ${bad[0].error?.message ?? 'backends missing'})` : undefined;
}

function counts(stats: FakeStats, p: number, exchangeExpected: boolean) {
  return {
    requests: stats.total,
    minRequests: Math.ceil(p / PROJECT_PAGE_SIZE) + p + (exchangeExpected ? 1 : 0),
    exchanges: stats.tokenExchanges,
  };
}

/** What a script with the Python SDK or CLI does: every page, then each project's /api/ml, one request after another. */
async function baseline(fake: FakeHost, server: StartResult, p: number, o: RefreshBenchOptions): Promise<RunResult> {
  await fake.reset();
  const transport = newTransport(1);
  const client = new LabelStudioClient({ baseUrl: server.url, token: server.pat, transport });
  const heap = heapSampler();
  const t0 = now();
  let firstRowsMs: number | undefined;
  const projects = await client.listProjects(() => (firstRowsMs ??= now() - t0));
  const pagesMs = now() - t0;
  const n = p > o.baselineFullUpTo ? Math.min(o.baselineSample, p) : p;
  let backends = 0;
  for (const project of projects.slice(0, n)) backends += (await client.listBackends(project.id)).length;
  const mlMs = now() - t0 - pagesMs;
  const { peakMb, deltaMb } = heap.stop();
  await transport.close();
  const stats = await fake.stats();
  const sampled = n < p;
  const result: RunResult = {
    label: sampled ? 'baseline, sequential (est.)' : 'baseline, sequential',
    wallMs: sampled ? pagesMs + (mlMs * p) / n : pagesMs + mlMs,
    firstRowsMs,
    ...counts(stats, p, true),
    exchanges: stats.tokenExchanges,
    peakInFlight: stats.peakMlInFlight,
    heapPeakMb: peakMb,
    heapDeltaMb: deltaMb,
    problem: backends === n * o.backendsPerProject ? undefined : `${backends} backends for ${n} projects`,
  };
  if (sampled) {
    result.requests = stats.total - n + p; // the pages and exchange as counted, plus one call per project
    result.estimated = `all ${Math.ceil(p / PROJECT_PAGE_SIZE)} pages + first ${n} of ${p} /api/ml calls, measured ${Math.round(pagesMs + mlMs)} ms; wall = pages + ml×${p}/${n}`;
  }
  return result;
}

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
}

const COLUMNS: Array<[string, number]> = [
  ['P', 6],
  ['backends', 9],
  ['run', 32],
  ['wall ms', 9],
  ['×L', 6],
  ['×L(srv)', 8],
  ['baseline ÷', 11],
  ['first rows ms', 14],
  ['requests (min)', 15],
  ['token exch.', 12],
  ['peak /api/ml', 13],
  ['heap peak MB (Δ)', 17],
];

function row(cells: string[]): string {
  return cells.map((c, i) => (i === 2 ? c.padEnd(COLUMNS[i][1]) : c.padStart(COLUMNS[i][1]))).join(' ');
}

export async function runRefreshBench(o: RefreshBenchOptions, print: (line: string) => void): Promise<void> {
  const fake = new FakeHost(o.fakePlace ?? 'thread');
  const reuseMlConnections = o.reuseMlConnections ?? false;
  try {
    print(
      `Refresh benchmark: fake Label Studio and fake ML server in ${fake.place === 'process' ? 'a process of their own' : fake.separateMlWorker ? 'two worker threads' : 'a worker thread'}` +
        `${reuseMlConnections ? ' (ML calls on keep-alive connections)' : ''}; d = ${o.d} ms per request, h = ${o.h} ms per backend health check, ` +
        `${o.backendsPerProject} backends per project, C = ${o.concurrency} (requestConcurrency; Agent connections C + 1, as the extension sets them), personal access token.`,
    );
    print(
      `L = ceil(P/100)·d + ceil(P/C)·(d + b·h) (the issue's formula with the health checks inside each /api/ml call; h = 0 gives ceil(P/100)·d + ceil(P/C)·d).`,
    );
    print(
      `×L(srv) = wall / L recomputed with that run's server-side mean times of a page and of an /api/ml call (what the client controls).`,
    );
    print(`"baseline ÷" = baseline wall / this wall. Requests counted by the fake; min = ceil(P/100) + P + 1 token exchange.`);
    print(
      `Extension rows: "new client" = first refresh (token exchange, new connections); "2nd refresh" = same client again (token and connections reused), new model.`,
    );
    print('');

    // Warm-up (not printed): loads undici and lets V8 compile the hot paths once.
    {
      const server = await fake.start({
        projects: 30,
        backendsPerProject: o.backendsPerProject,
        latencyMs: 1,
        healthDelayMs: 0,
        reuseMlConnections,
      });
      const transport = newTransport(connectionsFor(o.concurrency));
      const client = new LabelStudioClient({ baseUrl: server.url, token: server.pat, transport, backendListConcurrency: o.concurrency });
      await extensionRefresh(fake, client, 30, o, 'warm-up', true);
      await transport.close();
    }

    print(row(COLUMNS.map(([c]) => c)));
    print('-'.repeat(COLUMNS.reduce((s, [, w]) => s + w + 1, -1)));
    const notes: string[] = [];
    for (const p of o.projectCounts) {
      const server = await fake.start({
        projects: p,
        backendsPerProject: o.backendsPerProject,
        latencyMs: o.d,
        healthDelayMs: o.h,
        reuseMlConnections,
      });
      const transport = newTransport(connectionsFor(o.concurrency));
      const client = new LabelStudioClient({ baseUrl: server.url, token: server.pat, transport, backendListConcurrency: o.concurrency });
      const cold = await extensionRefresh(fake, client, p, o, 'extension, new client', true);
      const coldStats = await fake.stats();
      const warm = await extensionRefresh(fake, client, p, o, 'extension, 2nd refresh', false);
      const warmStats = await fake.stats();
      await transport.close();
      const base = await baseline(fake, server, p, o);
      const l = lowerBound(p, o);
      const lower: RunResult = {
        label: 'lower bound L',
        wallMs: l,
        firstRowsMs: 2 * o.d,
        requests: Math.ceil(p / PROJECT_PAGE_SIZE) + p + 1,
        minRequests: Math.ceil(p / PROJECT_PAGE_SIZE) + p + 1,
        exchanges: 1,
      };
      const results = [cold, warm, base, lower];
      if (p === 1000) {
        const ratio = `new client ${fmt(cold.wallMs / l, 2)}×L, 2nd refresh ${fmt(warm.wallMs / l, 2)}×L (${fmt(cold.wallMs / (cold.serverL ?? NaN), 2)}× and ${fmt(warm.wallMs / (warm.serverL ?? NaN), 2)}× L(srv))`;
        targets.push({
          what: `refresh P=1000 (d=${o.d}, C=${o.concurrency})`,
          target: '≤ 1.15 × L',
          measured: ratio,
          met: Math.max(cold.wallMs, warm.wallMs) <= 1.15 * l,
        });
        targets.push({
          what: 'refresh P=1000 vs baseline',
          target: '≥ 6× faster',
          measured: `${fmt(base.wallMs / cold.wallMs, 1)}× / ${fmt(base.wallMs / warm.wallMs, 1)}×`,
          met: base.wallMs / Math.max(cold.wallMs, warm.wallMs) >= 6,
        });
      }
      targets.push({
        what: `first rows P=${p}, access token in hand`,
        target: `≤ 2·d = ${2 * o.d} ms`,
        measured: `2nd refresh ${fmt(warm.firstRowsMs)} ms (1 request: page 1)`,
        met: (warm.firstRowsMs ?? Infinity) <= 2 * o.d,
      });
      targets.push({
        what: `first rows P=${p}, first refresh with a PAT`,
        target: `≤ 2·d = ${2 * o.d} ms`,
        measured: `${fmt(cold.firstRowsMs)} ms (2 requests in a row: token exchange, page 1; ≥ 2·d by construction)`,
        met: (cold.firstRowsMs ?? Infinity) <= 2 * o.d,
      });
      targets.push({
        what: `requests P=${p}`,
        target: '= minimum; ≤ 1 token exchange per access token',
        measured: `${cold.requests}/${cold.minRequests} and ${warm.requests}/${warm.minRequests}; exchanges ${cold.exchanges} + ${warm.exchanges}`,
        met: cold.requests === cold.minRequests && warm.requests === warm.minRequests && cold.exchanges + warm.exchanges <= 1,
      });
      results.forEach((r, i) => {
        print(
          row([
            i === 0 ? String(p) : '',
            i === 0 ? String(p * o.backendsPerProject) : '',
            r.label,
            fmt(r.wallMs),
            fmt(r.wallMs / l, 2),
            r.serverL ? fmt(r.wallMs / r.serverL, 2) : '–',
            r === base ? '1.0' : fmt(base.wallMs / r.wallMs, 1),
            fmt(r.firstRowsMs),
            `${r.requests} (${r.minRequests})`,
            String(r.exchanges),
            r.peakInFlight === undefined ? '–' : String(r.peakInFlight),
            r.heapPeakMb === undefined ? '–' : `${fmt(r.heapPeakMb, 1)} (+${fmt(r.heapDeltaMb, 1)})`,
          ]),
        );
        if (r.joined !== undefined && i === 0)
          notes.push(
            `P=${p}: refresh() asked again 2·d after the start joined the running refresh: ${r.joined && warm.joined ? 'yes' : 'NO'} (requests above include it).`,
          );
        if (r.problem) notes.push(`P=${p} ${r.label}: INVALID RUN: ${r.problem}`);
        if (r.estimated) notes.push(`P=${p} ${r.label}: ${r.estimated}`);
      });
      notes.push(
        `P=${p}: server side: /api/ml mean ${fmt(coldStats.meanMlMs, 1)} ms (new client), ${fmt(warmStats.meanMlMs, 1)} ms (2nd refresh) ` +
          `vs nominal d + b·h = ${o.d + o.backendsPerProject * o.h}; page mean ${fmt(warmStats.meanPageMs, 1)} ms vs d = ${o.d}; ML server calls ${warmStats.mlServerRequests}.`,
      );
      print('');
    }
    for (const n of notes) print(n);
  } finally {
    await fake.close();
  }
}
