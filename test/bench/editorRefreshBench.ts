/**
 * The refresh inside real VS Code, with the view visible and rendering: the offline test host runs
 * test/bench/editorRefresh as extensionTestsPath on a production build. The fake Label Studio runs
 * outside the extension host, by default in a process of its own (fakeProcess.ts, forked from THIS
 * process; `fakePlace: 'thread'` puts it in a worker thread here instead, as before), reached by the
 * host over 127.0.0.1; the host drives it through a small control server here (start / reset /
 * stats), so occupancy and the gaps between pages are measured where they matter: at the server.
 *
 * `baselineRef`: the same measurement on a production build of an older commit (git archive of that
 * commit's sources, built with its own esbuild.mjs), run right after this build's, so both share the
 * machine's load of the moment.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_PAGE_SIZE } from '../../src/core/api/client';
import { BareClient } from './bareClient';
import type { EditorRefreshResult, EditorRefreshRun } from './editorRefresh';
import { FakeHost, type FakePlace } from './fakeHost';
import { hostInstalled, prepareExtension, ROOT, runHost } from './host';
import { targets } from './summary';

/** The last commit before issue 14's scheduling changes: the default "before" of this section. */
export const EDITOR_REFRESH_BASELINE = '7cbf0b0';

export interface EditorRefreshOptions {
  projectCounts: number[];
  runs: number;
  d: number;
  h: number;
  backendsPerProject: number;
  concurrency: number;
  /** A git commit to measure as the baseline ("before"), or undefined. */
  baselineRef?: string;
  /** Where the fake runs (default 'process'). */
  fakePlace: FakePlace;
  /** The fake's calls to the ML server on keep-alive connections (default true). */
  reuseMlConnections: boolean;
}

/** What a row needs of a measurement: the extension's in VS Code, or the bare client's in plain Node. */
type Measured = Pick<EditorRefreshResult, 'vscode' | 'node'> & {
  sizes: Array<{ projects: number; modes: Array<{ mode: string; runs: EditorRefreshRun[] }> }>;
};

interface Build {
  label: string;
  result?: Measured;
  problem?: string;
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** L = ceil(P/100)·d + ceil(P/C)·(d + b·h): the pages one after the other, then P calls C at a time. */
function lowerBound(p: number, o: EditorRefreshOptions): number {
  return Math.ceil(p / PROJECT_PAGE_SIZE) * o.d + Math.ceil(p / o.concurrency) * (o.d + o.backendsPerProject * o.h);
}

/** The control server the extension host calls: POST /start {StartArgs}, /reset, /stats. */
async function startControl(fake: FakeHost, reuseMlConnections: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const cmd = (req.url ?? '').slice(1);
      const args = body ? JSON.parse(body) : {};
      const commands: Record<string, () => Promise<unknown>> = {
        start: () => fake.start({ ...args, reuseMlConnections }),
        reset: () => fake.reset(),
        stats: () => fake.stats(),
      };
      const work = Object.hasOwn(commands, cmd) ? commands[cmd]() : undefined;
      if (!work) {
        res.writeHead(404).end('unknown command');
        return;
      }
      work.then(
        (value) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value ?? {})),
        (e) => res.writeHead(500).end(String(e)),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** A production build of `ref`'s sources (its own esbuild.mjs, this checkout's node_modules). */
function prepareBaseline(ref: string, dir: string): string | undefined {
  const src = path.join(dir, 'src-of-ref');
  fs.mkdirSync(src, { recursive: true });
  const files = ['src', 'media', 'package.json', 'esbuild.mjs', 'tsconfig.json'];
  const archive = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', ref, ...files], { maxBuffer: 64 << 20 });
  if (archive.status !== 0) return `git archive ${ref} failed: ${archive.stderr.toString().trim()}`;
  const untar = spawnSync('tar', ['-x', '-C', src], { input: archive.stdout });
  if (untar.status !== 0) return `tar failed: ${untar.stderr.toString().trim()}`;
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
  const out = path.join(dir, 'extension');
  fs.mkdirSync(path.join(out, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(src, 'package.json'), path.join(out, 'package.json'));
  fs.cpSync(path.join(src, 'media'), path.join(out, 'media'), { recursive: true });
  const args = ['esbuild.mjs', '--production', '--outdir', path.join(out, 'dist')];
  const build = spawnSync(process.execPath, args, { cwd: src, encoding: 'utf8' });
  return build.status === 0 ? undefined : `build of ${ref} failed: ${build.stderr}`;
}

async function measure(label: string, extensionDir: string, controlUrl: string, o: EditorRefreshOptions, bare = false): Promise<Build> {
  const { result, output, exitCode } = await runHost<EditorRefreshResult>({
    extensionDir,
    tests: path.join(ROOT, 'out/test/bench/editorRefresh/index.js'),
    marker: 'BENCH_EDITOR_REFRESH',
    env: {
      BENCH_REFRESH_CONTROL: controlUrl,
      BENCH_REFRESH_P: o.projectCounts.join(','),
      BENCH_REFRESH_RUNS: String(o.runs),
      BENCH_REFRESH_D: String(o.d),
      BENCH_REFRESH_H: String(o.h),
      BENCH_REFRESH_B: String(o.backendsPerProject),
      BENCH_REFRESH_C: String(o.concurrency),
      BENCH_REFRESH_BARE: bare ? '1' : '0',
    },
    settingsFile: undefined,
    timeoutS: 600,
  });
  if (!result)
    return { label, problem: `no result (host exit code ${exitCode}); output tail:\n${output.split('\n').slice(-15).join('\n')}` };
  return { label, result };
}

const BARE = 'bare client (ceiling)';

/** The same refreshes by the bare client (bareClient.ts) in this process, against the same fake: the ceiling. */
async function measureBare(fake: FakeHost, o: EditorRefreshOptions): Promise<Build> {
  const label = BARE;
  const sizes: Measured['sizes'] = [];
  for (const p of o.projectCounts) {
    const server = await fake.start({
      projects: p,
      backendsPerProject: o.backendsPerProject,
      latencyMs: o.d,
      healthDelayMs: o.h,
      reuseMlConnections: o.reuseMlConnections,
    });
    const client = new BareClient(server.url, server.legacyToken, o.concurrency);
    const runs: EditorRefreshRun[] = [];
    try {
      await client.refresh(); // warm-up: connections open, the fake's code compiled
      for (let i = 0; i < o.runs; i++) {
        await fake.reset();
        const wallMs = await client.refresh();
        const stats = await fake.stats();
        runs.push({ wallMs, cpuMs: NaN, treeEvents: NaN, getTreeItem: NaN, getChildren: NaN, stats, status: 'ready' });
      }
    } catch (e) {
      return { label, problem: `bare client failed: ${(e as Error).message}` };
    } finally {
      await client.close();
    }
    sizes.push({ projects: p, modes: [{ mode: 'plain Node', runs }] });
  }
  return { label, result: { vscode: '–', node: process.version, sizes } };
}

function table(rows: string[][], print: (line: string) => void): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) print(`  ${r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
}

function summarise(runs: EditorRefreshRun[], p: number, o: EditorRefreshOptions) {
  const l = lowerBound(p, o);
  const m = (f: (r: EditorRefreshRun) => number) => median(runs.map(f));
  const meanGap = (r: EditorRefreshRun) =>
    r.stats.pageGapsMs.length ? r.stats.pageGapsMs.reduce((s, x) => s + x, 0) / r.stats.pageGapsMs.length : NaN;
  const srvL = (r: EditorRefreshRun) =>
    Math.ceil(p / PROJECT_PAGE_SIZE) * r.stats.meanPageMs + Math.ceil(p / o.concurrency) * r.stats.meanMlMs;
  const minRequests = Math.ceil(p / PROJECT_PAGE_SIZE) + p;
  return {
    wall: m((r) => r.wallMs),
    ratio: m((r) => r.wallMs / l),
    ratioSrv: m((r) => r.wallMs / srvL(r)),
    srvMl: m((r) => r.stats.meanMlMs),
    fakeBusy: m((r) => r.stats.busyMs / p),
    occupancy: m((r) => r.stats.meanMlOpen / o.concurrency),
    gap: m(meanGap),
    gapMax: Math.max(...runs.map((r) => Math.max(0, ...r.stats.pageGapsMs))),
    cpu: m((r) => r.cpuMs),
    events: m((r) => r.treeEvents),
    items: m((r) => r.getTreeItem),
    firstRows: m((r) => r.firstRowsMs ?? NaN),
    requestsOk: runs.every((r) => r.stats.total === minRequests && r.stats.mlLists === p),
    requests: runs.map((r) => r.stats.total),
    minRequests,
    peak: Math.max(...runs.map((r) => r.stats.peakMlInFlight)),
    problems: runs.filter((r) => r.status !== 'ready').map((r) => r.status),
  };
}

export async function runEditorRefreshBench(o: EditorRefreshOptions, print: (line: string) => void): Promise<void> {
  print(
    `Refresh in real VS Code (offline test host, view visible and rendering, production bundle): d = ${o.d} ms per Label Studio request, ` +
      `h = ${o.h} ms per health check, ${o.backendsPerProject} backends per project, C = ${o.concurrency}; the fake runs in ` +
      `${o.fakePlace === 'process' ? 'a process of its own' : 'a worker thread of the bench process'}, its calls to the ML server on ` +
      `${o.reuseMlConnections ? 'keep-alive connections' : 'a new connection each'}.`,
  );
  print(
    `Median of ${o.runs} refreshes per row (token and connections already warm). "new model": the server's model emptied first (rows appear page by page); ` +
      '"loaded tree": the loaded tree refreshed in place.',
  );
  print(
    "occupancy = mean open /api/ml calls ÷ C at the fake, from the first call's arrival to the last one's answer; page gap = a page's arrival minus the " +
      "previous page's answer at the fake (mean per refresh; max over all runs); CPU = process.cpuUsage() of the extension host from the start to 500 ms after the end.",
  );
  const problem = hostInstalled();
  if (problem) {
    print(`skipped: ${problem}`);
    return;
  }
  const started = performance.now();
  const fake = new FakeHost(o.fakePlace);
  const control = await startControl(fake, o.reuseMlConnections);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-bench-editor-refresh-'));
  const builds: Build[] = [];
  try {
    const current = path.join(tmp, 'current');
    prepareExtension(current);
    let baselineDir: string | undefined;
    if (o.baselineRef) {
      const why = prepareBaseline(o.baselineRef, path.join(tmp, 'baseline'));
      if (why) print(`baseline ${o.baselineRef}: not measured (${why})`);
      else baselineDir = path.join(tmp, 'baseline', 'extension');
    }
    if (baselineDir) builds.push(await measure(`before (${o.baselineRef})`, baselineDir, control.url, o));
    builds.push(await measure('this build', current, control.url, o, true));
    builds.push(await measureBare(fake, o));
  } finally {
    await control.close();
    await fake.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const rows: string[][] = [
    [
      'P',
      'build',
      'refresh',
      'wall ms',
      '×L',
      '×L(srv)',
      'srv /api/ml ms',
      'fake busy ms/call',
      'occupancy',
      'page gap ms (max)',
      'host CPU ms',
      'tree events',
      'getTreeItem',
      'first rows ms',
      'requests (min)',
      'peak /api/ml',
    ],
  ];
  const notes: string[] = [];
  for (const p of o.projectCounts) {
    for (const build of builds) {
      const size = build.result?.sizes.find((s) => s.projects === p);
      if (!size) continue;
      for (const { mode, runs } of size.modes) {
        const s = summarise(runs, p, o);
        const bareInHost = mode === 'bare client';
        rows.push([
          String(p),
          bareInHost ? BARE : build.label,
          bareInHost ? 'in VS Code' : mode,
          fmt(s.wall),
          fmt(s.ratio, 2),
          fmt(s.ratioSrv, 2),
          fmt(s.srvMl, 1),
          fmt(s.fakeBusy, 2),
          fmt(s.occupancy, 2),
          `${fmt(s.gap, 1)} (${fmt(s.gapMax)})`,
          fmt(s.cpu),
          fmt(s.events),
          fmt(s.items),
          fmt(s.firstRows),
          `${s.requestsOk ? s.requests[0] : s.requests.join('/')} (${s.minRequests})`,
          String(s.peak),
        ]);
        if (s.problems.length) notes.push(`P=${p} ${build.label} ${mode}: INVALID RUN: ${s.problems.join('; ')}`);
        if (build.label === 'this build' && mode === 'loaded tree') {
          const bareRuns = size.modes.find((x) => x.mode === 'bare client')?.runs;
          const bare = bareRuns?.length ? summarise(bareRuns, p, o) : undefined;
          targets.push({
            what: `editor refresh P=${p}: occupancy, wall`,
            target: '≥ 0.95, ≤ 1.10 × L',
            measured:
              `${fmt(s.occupancy, 2)}, ${fmt(s.ratio, 2)} × L (${fmt(s.ratioSrv, 2)} × L(srv))` +
              (bare ? `; bare client in VS Code ${fmt(bare.occupancy, 2)}, ${fmt(bare.ratio, 2)} × L` : ''),
            met: s.occupancy >= 0.95 && s.ratio <= 1.1,
          });
          targets.push({
            what: `editor refresh P=${p}: requests, concurrency`,
            target: `= ${s.minRequests}, ≤ ${o.concurrency}`,
            measured: `${s.requests.join('/')}, peak ${s.peak}`,
            met: s.requestsOk && s.peak <= o.concurrency,
          });
        }
      }
    }
  }
  if (rows.length > 1) table(rows, print);
  for (const b of builds) if (b.problem) print(`${b.label}: ${b.problem}`);
  for (const n of notes) print(n);
  const r = builds.find((b) => b.result && b.result.vscode !== '–')?.result;
  print(
    `L = ceil(P/100)·d + ceil(P/C)·(d + b·h) = ${o.projectCounts.map((p) => `${fmt(lowerBound(p, o))} ms (P=${p})`).join(', ')}; ` +
      "×L(srv) uses the run's server-side mean page and /api/ml times instead of d (the fake's own work per /api/ml call included); " +
      "srv /api/ml = that mean /api/ml time; fake busy = the fake's event loop busy time (its CPU work, ML server included) ÷ P.",
  );
  print(
    'bare client (ceiling) = the same refresh by the smallest possible client (test/bench/bareClient.ts: undici alone, pages one after the ' +
      'other, each /api/ml as soon as its id is known, C at a time, answers parsed, nothing else) against the same fake: "in VS Code" from the ' +
      'extension host of "this build" (the extension idle, its view on screen), "plain Node" from this process with no editor running. ' +
      'What this machine and this fake allow any client that keeps at most C calls open.',
  );
  print(
    `Host: VS Code ${r?.vscode ?? '?'}, Node ${r?.node ?? '?'}; load average now ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; section ${fmt((performance.now() - started) / 1000)} s.`,
  );
}
