/**
 * Activation time inside real VS Code: the offline test host (test/host) started once per run,
 * with test/bench/activation as extensionTestsPath. The production bundle is built into a temp
 * directory (not dist/), so the measured files are exactly what this run built.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostInstalled, prepareExtension, ROOT, runHost } from './host';
import { targets } from './summary';

interface Sample {
  /** VS Code's own marks (whole ms): require of dist/extension.js; waiting for the extension context; activate() until resolved. */
  codeLoadingMs?: number;
  contextWaitMs?: number;
  activateCallMs?: number;
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const f1 = (x: number) => x.toFixed(1);

/** dist/extension.js of the skeleton row: the calls activate() makes, nothing behind them. */
const SKELETON = `const vscode = require('vscode');
const manifest = require('../package.json');
exports.activate = (context) => {
  const noop = () => undefined;
  const provider = { getChildren: () => [], getTreeItem: (e) => e };
  context.subscriptions.push(
    vscode.window.createOutputChannel('Label Studio', { log: true }),
    vscode.window.createTreeView('labelStudio.mlBackends', { treeDataProvider: provider, showCollapseAll: true }),
    vscode.window.createStatusBarItem('labelStudio.problems', vscode.StatusBarAlignment.Left, 10),
    ...manifest.contributes.commands.map((c) => vscode.commands.registerCommand(c.command, noop)),
    ...manifest.contributes.languageModelTools.map((t) => vscode.lm.registerTool(t.name, { invoke: noop })),
    vscode.workspace.registerTextDocumentContentProvider('label-studio-skeleton', { provideTextDocumentContent: () => '' }),
    vscode.window.registerFileDecorationProvider({ provideFileDecoration: noop }),
  );
  void vscode.commands.executeCommand('setContext', 'labelStudio.skeleton', true);
};
`;

export async function runActivationBench(runs: number, print: (line: string) => void): Promise<void> {
  print(
    `Activation in real VS Code (offline test host; fresh host per run; ${process.env.BENCH_SETTLE_MS ?? 3000} ms after the window started):`,
  );
  print(
    `time of await vscode.extensions.getExtension(…).activate() = load dist/extension.js + run activate(). "round trip" = one awaited setContext from the host.`,
  );
  print(
    "VS Code's activation time = what VS Code shows for an extension (Running Extensions, the extension's page): code loading + the activate() call, " +
      "read from the host's own performance marks; the target applies to it. A caller's await also holds VS Code's wait for the extension context " +
      '(its storage round trip to the window), which the empty extension below pays too.',
  );
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
    print(
      `bundle under test: dist/extension.js ${f1(size('extension.js') / 1024)} KB (loaded at activation), dist/undici.js ${f1(size('undici.js') / 1024)} KB (loaded by the first request)`,
    );
    const oneServer = path.join(tmp, 'one-server.json');
    fs.writeFileSync(oneServer, JSON.stringify({ 'labelStudio.servers': [{ url: 'http://127.0.0.1:9', name: 'bench' }] }));

    const measure = async (
      name: string,
      dir: string,
      settings: string | undefined,
      n: number,
      env: Record<string, string> = {},
      isTarget = true,
      short?: string,
    ) => {
      const samples: Sample[] = [];
      for (let i = 0; i < n; i++) {
        const { result: sample, output } = await runHost<Sample>({
          extensionDir: dir,
          tests: path.join(ROOT, 'out/test/bench/activation/index.js'),
          marker: 'BENCH_ACTIVATION',
          settingsFile: settings,
          env,
        });
        if (sample) samples.push(sample);
        else print(`  ${name}, run ${i + 1}: no result; host output tail:\n${output.split('\n').slice(-12).join('\n')}`);
      }
      if (samples.length === 0) return;
      const act = samples.map((s) => s.activateMs);
      const loads = samples.flatMap((s) => (s.loadMs === undefined ? [] : [s.loadMs]));
      const split = loads.length
        ? ` (bundle load before it: median ${f1(median(loads))} ms → total ${f1(median(loads) + median(act))})`
        : '';
      const cpu = samples.map((s) => s.activateCpuMs);
      // What VS Code itself calls the activation time (Running Extensions, the extension's page): code loading + activate().
      const own = samples.flatMap((s) =>
        s.codeLoadingMs === undefined || s.activateCallMs === undefined ? [] : [s.codeLoadingMs + s.activateCallMs],
      );
      const phase = (f: (s: Sample) => number | undefined) => f1(median(samples.flatMap((s) => f(s) ?? [])));
      if (own.length)
        print(
          `${name}: VS Code's activation time (code loading + activate(), its own marks) median ${f1(median(own))} ms ` +
            `[${own.join(', ')}] = loading ${phase((s) => s.codeLoadingMs)} + activate() ${phase((s) => s.activateCallMs)}; ` +
            `VS Code waiting for the extension context between the two: ${phase((s) => s.contextWaitMs)} ms`,
        );
      print(
        `${name}: activate() median ${f1(median(act))} ms, min ${f1(Math.min(...act))}${split} [${act.map(f1).join(', ')}]; ` +
          `host CPU meanwhile median ${f1(median(cpu))} ms; round trip median ${f1(median(samples.map((s) => s.roundTripMs)))} ms` +
          `${samples.some((s) => s.httpStackLoadedByActivation) ? '; dist/undici.js WAS loaded by activation' : ''}${samples.some((s) => s.activeBefore) ? '; WAS active before the call' : ''}`,
      );
      if (isTarget && own.length)
        targets.push({
          what: `activation, ${short ?? name}`,
          target: '≤ 15 ms',
          measured:
            `VS Code's activation time median ${f1(median(own))} ms, max ${f1(Math.max(...own))} (${own.length} runs); ` +
            `await activate() from a caller ${f1(median(act))} ms`,
          met: median(own) <= 15,
        });
      return samples;
    };

    const first = await measure('no server configured', extensionDir, undefined, runs, {}, true, 'no server');
    const second = await measure('1 server configured (token looked up, none stored)', extensionDir, oneServer, runs, {}, true, '1 server');
    await measure(
      '1 server, bundle loaded first (split)',
      extensionDir,
      oneServer,
      Math.max(1, Math.min(runs, 3)),
      { BENCH_PRELOAD: '1' },
      false,
    );
    // The floor: the same manifest with an activate() that does nothing, what VS Code itself spends on
    // an activation in this host (its bookkeeping, the extension context's round trip to the window).
    const emptyDir = path.join(tmp, 'empty', 'extension');
    fs.cpSync(extensionDir, emptyDir, { recursive: true });
    fs.writeFileSync(path.join(emptyDir, 'dist', 'extension.js'), 'exports.activate = () => undefined;\n');
    const floor = await measure("an empty extension (VS Code's own share)", emptyDir, undefined, runs, {}, false);
    // The least activate() can do with this manifest: the VS Code calls the extension must make at
    // activation (every contributed command, the tree view, the log channel, the status bar item, the
    // agent's tools, the document and decoration providers, one context key), with empty handlers.
    const skeletonDir = path.join(tmp, 'skeleton', 'extension');
    fs.cpSync(emptyDir, skeletonDir, { recursive: true });
    fs.writeFileSync(path.join(skeletonDir, 'dist', 'extension.js'), SKELETON);
    await measure('the same VS Code calls with empty handlers (the skeleton)', skeletonDir, undefined, runs, {}, false);
    if (floor?.length && first?.length) {
      const ours = (xs: Sample[]) => f1(median(xs.map((s) => s.activateMs)) - median(floor.map((s) => s.activateMs)));
      print(
        `the extension's own share (median minus the empty extension's): ${ours(first)} ms no server, ${second ? ours(second) : '–'} ms 1 server`,
      );
    }
    const all = [...(first ?? []), ...(second ?? [])];
    if (all.length) {
      print(
        `dist/undici.js loaded by activation: ${all.some((s) => s.httpStackLoadedByActivation) ? 'YES' : 'never'}. ` +
          `Loading it + evaluating the Agent afterwards (paid by the first request instead): median ${f1(median(all.map((s) => s.httpStackMs)))} ms. ` +
          `Host: VS Code ${all[0].vscode}, Node ${all[0].node}.`,
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
