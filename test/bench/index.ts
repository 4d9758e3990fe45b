/**
 * `npm run bench`: prints numbers, never fails on time. Sections (all by default):
 *   refresh     the extension's refresh vs. a sequential baseline vs. the lower bound (fake Label Studio)
 *   bundle      dist sizes, composition (esbuild metafile), undici parts, .vsix size (`npm run package`)
 *   activation  load + activate inside real VS Code (offline test host), fresh host per run, median
 *
 * Options (after `npm run bench --`):
 *   --only refresh,bundle,activation   --p 100,1000,5000   --d 25   --h 5   --b 2   --c 8
 *   --baseline-full-up-to 1000   --baseline-sample 500   --activation-runs 5   --activation-experiment-runs 3
 * Env: BENCH_SETTLE_MS (default 3000): wait after the window started before activating.
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { runActivationBench } from './activationBench';
import { runBundleBench } from './bundleBench';
import { runRefreshBench } from './refreshBench';
import { printTargets } from './summary';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: 'refresh,bundle,activation' },
      p: { type: 'string', default: '100,1000,5000' },
      d: { type: 'string', default: '25' },
      h: { type: 'string', default: '5' },
      b: { type: 'string', default: '2' },
      c: { type: 'string', default: '8' },
      'baseline-full-up-to': { type: 'string', default: '1000' },
      'baseline-sample': { type: 'string', default: '500' },
      'activation-runs': { type: 'string', default: '5' },
      'activation-experiment-runs': { type: 'string', default: '3' },
    },
  });
  const sections = new Set(values.only.split(',').map((s) => s.trim()));
  const print = (line: string) => console.log(line);
  const started = performance.now();
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  print(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; load average at start ${load()} (other work on the machine makes the numbers noisier)`);
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
    await runActivationBench(Number(values['activation-runs']), Number(values['activation-experiment-runs']), print);
    print('');
  }
  printTargets(print);
  print('');
  print(`load average at the end ${load()}; bench done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
