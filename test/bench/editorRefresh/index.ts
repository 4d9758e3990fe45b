/**
 * extensionTestsPath of the in-editor refresh benchmark: VS Code loads this file in its extension
 * host and calls `run()` (extension mode Test: `activate()` returns the TestApi). The fake Label
 * Studio does NOT run here: it runs in a worker thread of the benchmark's own process, driven
 * through a small control server (BENCH_REFRESH_CONTROL), so this host's CPU time is the
 * extension's and VS Code's own. The view is shown first, so every refresh is rendered.
 * Prints one line `BENCH_EDITOR_REFRESH {json}` for test/bench/editorRefreshBench.ts.
 *
 * Env (set by editorRefreshBench.ts): BENCH_REFRESH_CONTROL (URL), BENCH_REFRESH_P (e.g. "400,1000"),
 * BENCH_REFRESH_RUNS, BENCH_REFRESH_D, BENCH_REFRESH_H, BENCH_REFRESH_B, BENCH_REFRESH_C, BENCH_SETTLE_MS.
 */
import vscode = require('vscode');
import { BareClient } from '../bareClient';
import type { TestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/core/view/treeNodes';
import type { FakeStats, StartResult } from '../fakeCommands';

const EXTENSION_ID = 'label-studio-community.label-studio-ml-backends';

/** 'bare client': bareClient.ts's refresh from this extension host, the extension idle and its view shown (BENCH_REFRESH_BARE=1). */
export type RefreshMode = 'new model' | 'loaded tree' | 'bare client';

export interface EditorRefreshRun {
  wallMs: number;
  /** Refresh start → the first tree event after the first page reached the model ('new model' runs only). */
  firstRowsMs?: number;
  /** process.cpuUsage() of the extension host, user + system, from the start until 500 ms after the end. */
  cpuMs: number;
  treeEvents: number;
  getTreeItem: number;
  getChildren: number;
  stats: FakeStats;
  status: string;
}

export interface EditorRefreshResult {
  vscode: string;
  node: string;
  viewVisible: boolean;
  sizes: Array<{ projects: number; modes: Array<{ mode: RefreshMode; runs: EditorRefreshRun[] }> }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function control<T>(base: string, cmd: string, args?: unknown): Promise<T> {
  const res = await fetch(`${base}/${cmd}`, { method: 'POST', body: JSON.stringify(args ?? {}) });
  if (!res.ok) throw new Error(`control ${cmd}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function run(): Promise<void> {
  const base = process.env.BENCH_REFRESH_CONTROL;
  if (!base) throw new Error('BENCH_REFRESH_CONTROL is not set');
  const sizes = (process.env.BENCH_REFRESH_P ?? '400,1000').split(',').map(Number);
  const runs = Number(process.env.BENCH_REFRESH_RUNS ?? 3);
  const d = Number(process.env.BENCH_REFRESH_D ?? 25);
  const h = Number(process.env.BENCH_REFRESH_H ?? 0);
  const b = Number(process.env.BENCH_REFRESH_B ?? 2);
  const c = Number(process.env.BENCH_REFRESH_C ?? 8);
  const log = (s: string) => console.log(`[editor-refresh-bench] ${s}`);

  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  if (!api) throw new Error('no TestApi (extension mode is not Test?)');
  await api.ready;
  await sleep(Number(process.env.BENCH_SETTLE_MS ?? 2000));

  // The view, visible: VS Code asks for rows and renders them while the refresh runs.
  await vscode.commands.executeCommand('workbench.view.extension.labelStudio');
  await waitUntil(() => api.view.visible, 10_000);

  // Count what VS Code asks the provider for (it calls these methods on the provider object).
  const counts = { events: 0, items: 0, children: 0 };
  const tree = api.tree as unknown as { getTreeItem(n: TreeNode): unknown; getChildren(n?: TreeNode): unknown };
  const getTreeItem = tree.getTreeItem.bind(tree);
  const getChildren = tree.getChildren.bind(tree);
  tree.getTreeItem = (n) => (counts.items++, getTreeItem(n));
  tree.getChildren = (n) => (counts.children++, getChildren(n));
  api.tree.onDidChangeTreeData(() => counts.events++);

  const result: EditorRefreshResult = { vscode: vscode.version, node: process.version, viewVisible: api.view.visible, sizes: [] };
  const config = vscode.workspace.getConfiguration('labelStudio');
  if (config.get('requestConcurrency') !== c) await config.update('requestConcurrency', c, vscode.ConfigurationTarget.Global);
  for (const p of sizes) {
    const server = await control<StartResult>(base, 'start', { projects: p, backendsPerProject: b, latencyMs: d, healthDelayMs: h });
    await config.update('servers', [{ url: server.url, name: 'bench' }], vscode.ConfigurationTarget.Global);
    await api.tokens.set(server.url, server.pat);
    await api.controller.reload(); // the view is visible: this starts the first refresh (token exchange, connections)
    await api.controller.refreshAll(); // joins it
    const entry = api.registry.entries[0];
    if (!entry?.client) throw new Error('the server was not set up with its token');
    await sleep(1000);
    const size: EditorRefreshResult['sizes'][number] = { projects: p, modes: [] };
    for (const mode of ['new model', 'loaded tree'] as RefreshMode[]) {
      const measured: EditorRefreshRun[] = [];
      for (let i = 0; i < runs; i++) {
        if (mode === 'new model') {
          entry.model.clear();
          await sleep(500);
        }
        await control(base, 'reset');
        api.logLines.length = 0;
        counts.events = counts.items = counts.children = 0;
        let pageSeen = false;
        let firstRowsMs: number | undefined;
        const modelSub = api.registry.onDidChange((c) => {
          if (mode === 'new model' && c.kind === 'model' && c.change.kind === 'server' && entry.model.projects.length > 0) pageSeen = true;
        });
        const treeSub = api.tree.onDidChangeTreeData(() => {
          if (pageSeen && firstRowsMs === undefined) firstRowsMs = performance.now() - t0;
        });
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await api.controller.refreshAll();
        const wallMs = performance.now() - t0;
        await sleep(500); // the tree's last batch and VS Code's calls for it
        const cpu = process.cpuUsage(cpu0);
        modelSub.dispose();
        treeSub.dispose();
        const stats = await control<FakeStats>(base, 'stats');
        const s = entry.model.status;
        measured.push({
          wallMs,
          firstRowsMs,
          cpuMs: (cpu.user + cpu.system) / 1000,
          treeEvents: counts.events,
          getTreeItem: counts.items,
          getChildren: counts.children,
          stats,
          status: s.kind === 'failed' ? `failed: ${s.error.message}` : s.kind,
        });
        log(
          `P=${p} ${mode} #${i + 1}: ${wallMs.toFixed(0)} ms, ${stats.meanMlOpen.toFixed(2)} /api/ml open on average, ` +
            `${counts.events} events, ${counts.items} getTreeItem`,
        );
      }
      size.modes.push({ mode, runs: measured });
    }
    if (process.env.BENCH_REFRESH_BARE === '1') size.modes.push({ mode: 'bare client', runs: await bareRuns(base, server, runs, c) });
    result.sizes.push(size);
    await config.update('servers', [], vscode.ConfigurationTarget.Global);
    await api.tokens.delete(server.url);
    await api.controller.reload();
    await sleep(500);
  }
  console.log(`BENCH_EDITOR_REFRESH ${JSON.stringify(result)}`);
}

/** The bare client's refreshes from this host, the same fake and machine load as the extension's (its view stays on screen). */
async function bareRuns(base: string, server: StartResult, runs: number, concurrency: number): Promise<EditorRefreshRun[]> {
  const client = new BareClient(server.url, server.legacyToken, concurrency);
  const measured: EditorRefreshRun[] = [];
  try {
    await client.refresh(); // its connections open
    for (let i = 0; i < runs; i++) {
      await control(base, 'reset');
      const cpu0 = process.cpuUsage();
      const wallMs = await client.refresh();
      const cpu = process.cpuUsage(cpu0);
      const stats = await control<FakeStats>(base, 'stats');
      const cpuMs = (cpu.user + cpu.system) / 1000;
      measured.push({ wallMs, cpuMs, treeEvents: NaN, getTreeItem: NaN, getChildren: NaN, stats, status: 'ready' });
    }
  } finally {
    await client.close();
  }
  return measured;
}

async function waitUntil(probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}
