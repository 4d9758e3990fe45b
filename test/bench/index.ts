/**
 * `npm run bench`: prints numbers, never fails on time. Sections (all by default):
 *   refresh     the extension's refresh vs. a sequential baseline vs. the lower bound (fake Label Studio)
 *   bundle      dist sizes, composition (esbuild metafile), undici parts, .vsix size (`npm run package`)
 *   activation  load + activate inside real VS Code (offline test host), fresh host per run, median
 *   tree        10,000 backends in the tree inside real VS Code: heap, expanding 500 backends, change events
 *   editor-refresh  the refresh inside real VS Code with the view rendering: occupancy, page gaps, host CPU,
 *               tree events; this build and (by default) the commit before issue 14, side by side
 *   local       the local backend loop with the Python fake: Running latency, requests while hidden, predict overhead
 *   checker     the prediction checker on a 500-region answer, label config parsing, brush RLE decoding
 *   inspector   the prediction inspector inside real VS Code: cold open and first paint of 500 boxes + a brush mask
 *
 * Options (after `npm run bench --`):
 *   --only refresh,bundle,activation,tree,checker,inspector   --p 100,1000,5000   --d 25   --h 5   --b 2   --c 8
 *   --baseline-full-up-to 1000   --baseline-sample 500   --fake thread | process   --ml-connections new | keep-alive   --activation-runs 5
 *   --tree-projects 4750   --tree-backends 2   --tree-big 500
 *   --editor-p 400,1000   --editor-runs 3   --editor-h 0   --editor-baseline <git ref> | none
 *   --editor-fake process | thread   --editor-ml-connections keep-alive | new
 *   --editor-refresh (same as --only editor-refresh)
 *   --inspector-runs 6
 * Env: BENCH_SETTLE_MS (default 3000): wait after the window started before activating.
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { runActivationBench } from './activationBench';
import { runBundleBench } from './bundleBench';
import { EDITOR_REFRESH_BASELINE, runEditorRefreshBench } from './editorRefreshBench';
import { runLocalBench } from './localBench';
import { runCheckerBench } from './checkerBench';
import { runRefreshBench } from './refreshBench';
import { printTargets } from './summary';
import { runInspectorBench } from './inspectorBench';
import { runTreeBench } from './treeBench';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: 'refresh,bundle,activation,tree,editor-refresh,checker,inspector,local' },
      'editor-refresh': { type: 'boolean', default: false },
      'local-runs': { type: 'string', default: '5' },
      p: { type: 'string', default: '100,1000,5000' },
      d: { type: 'string', default: '25' },
      h: { type: 'string', default: '5' },
      b: { type: 'string', default: '2' },
      c: { type: 'string', default: '8' },
      'baseline-full-up-to': { type: 'string', default: '1000' },
      'baseline-sample': { type: 'string', default: '500' },
      fake: { type: 'string', default: 'thread' },
      'ml-connections': { type: 'string', default: 'new' },
      'activation-runs': { type: 'string', default: '5' },
      'tree-projects': { type: 'string', default: '4750' },
      'tree-backends': { type: 'string', default: '2' },
      'tree-big': { type: 'string', default: '500' },
      'editor-p': { type: 'string', default: '400,1000' },
      'editor-runs': { type: 'string', default: '3' },
      'editor-h': { type: 'string', default: '0' },
      'editor-baseline': { type: 'string', default: EDITOR_REFRESH_BASELINE },
      'editor-fake': { type: 'string', default: 'process' },
      'editor-ml-connections': { type: 'string', default: 'keep-alive' },
      'inspector-runs': { type: 'string', default: '6' },
    },
  });
  const sections = new Set(values['editor-refresh'] ? ['editor-refresh'] : values.only.split(',').map((s) => s.trim()));
  const known = ['refresh', 'bundle', 'activation', 'tree', 'editor-refresh', 'checker', 'inspector', 'local'];
  const unknown = [...sections].filter((s) => !known.includes(s));
  if (unknown.length) throw new Error(`--only: unknown section(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const print = (line: string) => console.log(line);
  const started = performance.now();
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  print(
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; load average at start ${load()} (other work on the machine makes the numbers noisier)`,
  );
  print('');
  if (sections.has('refresh')) {
    await runRefreshBench(
      {
        projectCounts: values.p.split(',').map(Number),
        d: Number(values.d),
        h: Number(values.h),
        backendsPerProject: Number(values.b),
        concurrency: Number(values.c),
        baselineFullUpTo: Number(values['baseline-full-up-to']),
        baselineSample: Number(values['baseline-sample']),
        fakePlace: oneOf(values.fake, ['thread', 'process'] as const, '--fake'),
        reuseMlConnections: oneOf(values['ml-connections'], ['new', 'keep-alive'] as const, '--ml-connections') === 'keep-alive',
      },
      print,
    );
    print('');
  }
  if (sections.has('bundle')) {
    await runBundleBench(print);
    print('');
  }
  if (sections.has('activation')) {
    await runActivationBench(Number(values['activation-runs']), print);
    print('');
  }
  if (sections.has('tree')) {
    await runTreeBench(
      {
        projects: Number(values['tree-projects']),
        backendsPerProject: Number(values['tree-backends']),
        bigProject: Number(values['tree-big']),
      },
      print,
    );
    print('');
  }
  if (sections.has('editor-refresh')) {
    await runEditorRefreshBench(
      {
        projectCounts: values['editor-p'].split(',').map(Number),
        runs: Number(values['editor-runs']),
        d: Number(values.d),
        h: Number(values['editor-h']),
        backendsPerProject: Number(values.b),
        concurrency: Number(values.c),
        baselineRef: values['editor-baseline'] === 'none' ? undefined : values['editor-baseline'],
        fakePlace: oneOf(values['editor-fake'], ['process', 'thread'] as const, '--editor-fake'),
        reuseMlConnections:
          oneOf(values['editor-ml-connections'], ['keep-alive', 'new'] as const, '--editor-ml-connections') === 'keep-alive',
      },
      print,
    );
    print('');
  }
  if (sections.has('checker')) {
    await runCheckerBench(print);
    print('');
  }
  if (sections.has('inspector')) {
    await runInspectorBench(Number(values['inspector-runs']), print);
    print('');
  }
  if (sections.has('local')) {
    await runLocalBench(Number(values['local-runs']), print);
    print('');
  }
  printTargets(print);
  print('');
  print(`load average at the end ${load()}; bench done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${option}: ${value} (one of ${allowed.join(', ')})`);
  return value as T;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
