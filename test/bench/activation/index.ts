/**
 * extensionTestsPath of the activation benchmark: VS Code loads this file in its extension host and
 * calls `run()`. The extension has no activation events, so it is not active until asked here.
 * Prints one line `BENCH_ACTIVATION {json}` for test/bench/activationBench.ts.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import vscode = require('vscode');

const EXTENSION_ID = 'label-studio-community.label-studio-ml-backends';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const activeBefore = ext.isActive;
  const bundle = path.join(ext.extensionPath, 'dist', 'extension.js');
  const httpStack = path.join(ext.extensionPath, 'dist', 'undici.js');
  // Real activation comes when the view is opened or a command runs, after the workbench has started:
  // let the startup traffic between the extension host and the window settle first.
  const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 3000);
  await new Promise((r) => setTimeout(r, settleMs));
  // One round trip extension host → window → extension host (what each awaited setContext costs).
  const r0 = performance.now();
  await vscode.commands.executeCommand('setContext', 'labelStudioBench.probe', 1);
  const roundTripMs = performance.now() - r0;
  // BENCH_PRELOAD=1 splits the time: loading the bundle (module top level) first, then activate() alone.
  let loadMs: number | undefined;
  if (process.env.BENCH_PRELOAD === '1') {
    const l0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the bundle under test by its path, as VS Code does
    require(bundle);
    loadMs = performance.now() - l0;
  }
  // BENCH_CPUPROFILE=<file>: a V8 CPU profile (100 µs sampling) of the activation, for `node --cpu-prof`-style analysis.
  const profile = process.env.BENCH_CPUPROFILE ? await startProfile() : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await ext.activate();
  const activateMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU of the extension host process meanwhile (all its threads): less sensitive than wall time to other load on the machine.
  const activateCpuMs = (cpu.user + cpu.system) / 1000;
  if (profile && process.env.BENCH_CPUPROFILE) await profile.stop(process.env.BENCH_CPUPROFILE);
  const phases = vsCodePhases(EXTENSION_ID);
  const bundleLoaded = bundle in require.cache;
  const httpStackLoadedByActivation = httpStack in require.cache;
  // What the split moved out of activation: reading and evaluating dist/undici.js, paid on the first request.
  const t1 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bench loads the second bundle file itself, as http.ts would
  const stack = require(httpStack) as Record<string, unknown>;
  const readMs = performance.now() - t1;
  void stack.Agent;
  void stack.request;
  const httpStackMs = performance.now() - t1;
  const result = {
    ...phases,
    activeBefore,
    settleMs,
    roundTripMs,
    loadMs,
    activateMs,
    activateCpuMs,
    bundleLoaded,
    httpStackLoadedByActivation,
    httpStackReadMs: readMs,
    httpStackMs,
    node: process.version,
    vscode: vscode.version,
  };
  console.log(`BENCH_ACTIVATION ${JSON.stringify(result)}`);
}

/**
 * VS Code's own marks of this activation (its performance marks, kept on globalThis.MonacoPerformanceMarks in the
 * extension host): loading the code, waiting for the extension context (its storage round trip to the window), and
 * activate() from its call until its promise resolved. Undefined where this VS Code does not keep them.
 */
function vsCodePhases(id: string): { codeLoadingMs?: number; contextWaitMs?: number; activateCallMs?: number } {
  const marks = (
    globalThis as { MonacoPerformanceMarks?: { getMarks(): Array<{ name: string; startTime: number }> } }
  ).MonacoPerformanceMarks?.getMarks();
  const at = (what: string) => marks?.find((m) => m.name === `code/extHost/${what}/${id}`)?.startTime;
  const span = (from: string, to: string) => {
    const a = at(from);
    const b = at(to);
    return a === undefined || b === undefined ? undefined : b - a;
  };
  return {
    codeLoadingMs: span('willLoadExtensionCode', 'didLoadExtensionCode'),
    contextWaitMs: span('didLoadExtensionCode', 'willActivateExtension'),
    activateCallMs: span('willActivateExtension', 'didActivateExtension'),
  };
}

async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      fs.writeFileSync(file, JSON.stringify(profile));
    },
  };
}
