/**
 * extensionTestsPath of the tree benchmark: VS Code loads this file in its extension host and calls
 * `run()`. Extension mode is Test there, so `activate()` returns the TestApi of src/extension.ts.
 * The fake Label Studio and the one shared fake ML model run in this same process (the extension
 * host), from out/test/fake. Prints one line `BENCH_TREE {json}` for test/bench/treeBench.ts.
 *
 * Env (set by treeBench.ts): BENCH_TREE_PROJECTS, BENCH_TREE_BACKENDS (per project), BENCH_TREE_BIG
 * (backends of the one extra project that is expanded), BENCH_TREE_CONCURRENCY.
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import vscode = require('vscode');
import type { TestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/core/view/treeNodes';
import { FakeLabelStudio, FakeMlServer, seedManyProjects } from '../../fake';

const EXTENSION_ID = 'label-studio-community.label-studio-ml-backends';
const MB = 2 ** 20;

export interface TreeBenchResult {
  projects: number;
  backendsPerProject: number;
  bigProjectBackends: number;
  totalBackends: number;
  gc: boolean;
  vscode: string;
  node: string;
  /** Seeding the fake (in this process), the first refresh, its requests. */
  refreshMs: number;
  refreshRequests: { total: number; pages: number; ml: number; exchanges: number; other: number };
  backendsInModel: number;
  /** heapUsed (after GC when `gc`) relative to the heap before the server was configured, MB. */
  heap: {
    beforeMb: number;
    afterRefreshWithTestLogMb: number;
    testLogLines: number;
    afterRefreshMb: number;
    afterWalkMb: number;
    withViewMb?: number;
    afterRemoveMb: number;
    /** Of afterRemoveMb: what emptying the provider's node cache still frees (~0: removed servers are pruned). */
    nodeCacheAfterRemoveMb: number;
  };
  root: { rows: number; ms: number };
  walk: { nodes: number; ms: number };
  expand: { rows: number; coldMs: number; warmMs: number[]; requests: number };
  refreshEvents: Granularity & { ms: number; requests: number; exchanges: number };
  projectEvents: Granularity & { projectId: number; requests: number };
  view?: { showMs: number; smallRevealMs: number; revealMs: number; requests: number; error?: string };
}

export interface Granularity {
  events: number;
  rootFires: number;
  /** Root fires whose 16 ms window held no server-level change (status, a page of the project list). */
  rootFiresWithoutServerChange: number;
  nodeEvents: number;
  nodesFired: number;
  maxNodesPerEvent: number;
  /** Fired nodes that are not project nodes. */
  nonProjectNodes: number;
  /** Fired project nodes whose project had no model change in that window. */
  foreignNodes: number;
  /** Model changes seen: project-level (backends arrived), server-level (status, pages). */
  modelProjectChanges: number;
  modelServerChanges: number;
  distinctProjectsChanged: number;
  distinctProjectsFired: number;
  /** Projects whose change was covered by a root redraw in the same window instead of their own node. */
  coveredByRoot: number;
}

/** BENCH_TREE_HEAPSNAPSHOT=<dir>: V8 heap snapshots before the server is configured and after it is removed again. */
function snapshot(name: string): void {
  const dir = process.env.BENCH_TREE_HEAPSNAPSHOT;
  if (dir) v8.writeHeapSnapshot(path.join(dir, `tree-${name}.heapsnapshot`));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `gc()` of V8, made available at run time (the extension host does not start with --expose-gc). */
function exposeGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export async function run(): Promise<void> {
  const P = Number(process.env.BENCH_TREE_PROJECTS ?? 4750);
  const B = Number(process.env.BENCH_TREE_BACKENDS ?? 2);
  const BIG = Number(process.env.BENCH_TREE_BIG ?? 500);
  const log = (s: string) => console.log(`[tree-bench] ${s}`);
  const gc = exposeGc();
  const heap = async () => {
    await sleep(50);
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };

  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  if (!api) throw new Error('no TestApi (extension mode is not Test?)');
  await api.ready;
  await sleep(Number(process.env.BENCH_SETTLE_MS ?? 2000));

  // The fakes, in this process; every backend points at the same ML model (health + setup answer at once).
  const ml = await FakeMlServer.start();
  const mlUrl = ml.model('bench', {});
  const fake = await FakeLabelStudio.start({ latencyMs: 0 });
  seedManyProjects(fake, { projects: P, backendsPerProject: B, mlUrl });
  const big = fake.addProject({ title: `Big project (${BIG} backends)` });
  for (let i = 1; i <= BIG; i++) fake.addBackend({ project: big.id, url: mlUrl, title: `big-model-${String(i).padStart(3, '0')}` });
  const pat = fake.issuePersonalAccessToken();
  const requestCount = () => fake.requests.length + ml.requests.length;
  const resetRequests = () => {
    fake.resetRequests();
    ml.resetRequests();
  };

  const heap0 = await heap();
  snapshot('before');
  log(`fakes seeded (${P + 1} projects), heap ${(heap0 / MB).toFixed(1)} MB, gc ${gc ? 'yes' : 'NO'}`);

  // The server and its token, as the user would set them; the view is hidden, so nothing loads until asked.
  await vscode.workspace
    .getConfiguration('labelStudio')
    .update('servers', [{ url: fake.url, name: 'bench' }], vscode.ConfigurationTarget.Global);
  await api.tokens.set(fake.url, pat);
  await api.controller.reload();
  const baseUrl = api.registry.entries[0]?.client ? api.registry.entries[0].config.baseUrl : undefined;
  if (!baseUrl) throw new Error('the server was not set up with its token');
  resetRequests();
  let t = performance.now();
  await api.controller.refreshAll();
  const refreshMs = performance.now() - t;
  // Nothing of the model is kept in a variable here: the heap numbers must be what the extension holds.
  const { backendsInModel, statusProblem } = inspectModel(api, baseUrl);
  if (statusProblem) throw new Error(`refresh ended ${statusProblem}`);
  const refreshRequests = {
    total: fake.requests.length,
    pages: fake.requests.filter((r) => r.path.startsWith('/api/projects')).length,
    ml: fake.requests.filter((r) => r.path.startsWith('/api/ml/?')).length,
    exchanges: fake.tokenExchanges,
    other: 0,
  };
  refreshRequests.other = refreshRequests.total - refreshRequests.pages - refreshRequests.ml - refreshRequests.exchanges;
  log(`refresh ${refreshMs.toFixed(0)} ms, ${backendsInModel} backends in the model`);
  resetRequests();

  // Heap: the fake's request logs are cleared above; the Test-mode copy of the log lines (RecordingLog) is not
  // kept by a normal install, so it is measured and then dropped.
  const heapWithLog = await heap();
  const testLogLines = api.logLines.length;
  api.logLines.length = 0;
  const heapRefresh = await heap();

  // The top level as the view would ask for it: one server → its projects are the root.
  t = performance.now();
  const root = { rows: topLevel(api), ms: performance.now() - t };
  const bigNode = api.tree.getChildren().find((n) => n.type === 'project' && n.projectId === big.id);
  if (!bigNode) throw new Error('the big project is not in the tree');
  const smallNode = api.tree.getChildren().find((n) => n.type === 'project' && n.projectId !== big.id);
  if (!smallNode || smallNode.type !== 'project') throw new Error('no small project in the tree');

  // Expanding the project with BIG backends: first time (nodes made), then again.
  const expandOnce = () => {
    const t0 = performance.now();
    const kids = api.tree.getChildren(bigNode);
    for (const k of kids) api.tree.getTreeItem(k);
    return { ms: performance.now() - t0, rows: kids.length };
  };
  const before = requestCount();
  const cold = expandOnce();
  const warmMs: number[] = [];
  for (let i = 0; i < 5; i++) warmMs.push(expandOnce().ms);
  await sleep(300); // anything the expansion might have set off
  const expand = { rows: cold.rows, coldMs: cold.ms, warmMs, requests: requestCount() - before };

  // The whole tree: every project's row and children, every child's row.
  t = performance.now();
  let nodes = 0;
  const walk = (node?: TreeNode) => {
    for (const child of api.tree.getChildren(node)) {
      nodes++;
      api.tree.getTreeItem(child);
      if (child.type === 'project' || child.type === 'server') walk(child);
    }
  };
  walk();
  const walkResult = { nodes, ms: performance.now() - t };
  const heapWalk = await heap();
  log(`walk ${nodes} nodes in ${walkResult.ms.toFixed(0)} ms`);

  // Granularity: a full refresh of the loaded server, then one project's refresh.
  resetRequests();
  t = performance.now();
  const full = await watchChanges(api, async () => {
    await api.controller.refreshAll();
  });
  const refreshEvents = { ...full, ms: performance.now() - t, requests: fake.requests.length, exchanges: fake.tokenExchanges };
  resetRequests();
  const oneId = smallNode.projectId;
  const one = await watchChanges(api, () => api.controller.refreshProject(baseUrl, oneId));
  const projectEvents = { ...one, projectId: oneId, requests: fake.requests.length };
  api.logLines.length = 0;

  // The real view: show it (VS Code asks for the top level), then reveal the big project expanded.
  let view: TreeBenchResult['view'];
  let heapView: number | undefined;
  try {
    resetRequests();
    t = performance.now();
    await vscode.commands.executeCommand('workbench.view.extension.labelStudio');
    await waitUntil(() => api.view.visible, 10_000);
    const showMs = performance.now() - t;
    await sleep(1000);
    // The same reveal in a project with few backends first: what a reveal costs whatever the size.
    const reveal = async (project: TreeNode) => {
      const row = api.tree.getChildren(project)[0];
      const t0 = performance.now();
      await withTimeout(Promise.resolve(api.view.reveal(row, { select: false, focus: false, expand: false })), 20_000);
      return performance.now() - t0;
    };
    const smallRevealMs = await reveal(smallNode);
    await sleep(300);
    const revealMs = await reveal(bigNode);
    await sleep(500);
    view = { showMs, smallRevealMs, revealMs, requests: requestCount() };
    api.logLines.length = 0;
    heapView = await heap();
  } catch (e) {
    view = { showMs: NaN, smallRevealMs: NaN, revealMs: NaN, requests: requestCount(), error: String(e) };
  }

  // Remove the server: what stays behind.
  await vscode.workspace.getConfiguration('labelStudio').update('servers', [], vscode.ConfigurationTarget.Global);
  await api.tokens.delete(fake.url);
  await api.controller.reload();
  api.logLines.length = 0;
  resetRequests();
  const heapRemoved = await heap();
  snapshot('removed');
  // Diagnostic: what the provider's node cache still holds for the removed server (it prunes removed servers itself, so ~0).
  api.tree.nodes.keepServers(new Set());
  const heapForgotten = await heap();

  await fake.close();
  await ml.close();

  const rel = (x: number) => (x - heap0) / MB;
  const result: TreeBenchResult = {
    projects: P,
    backendsPerProject: B,
    bigProjectBackends: BIG,
    totalBackends: P * B + BIG,
    gc: !!gc,
    vscode: vscode.version,
    node: process.version,
    refreshMs,
    refreshRequests,
    backendsInModel,
    heap: {
      beforeMb: heap0 / MB,
      afterRefreshWithTestLogMb: rel(heapWithLog),
      testLogLines,
      afterRefreshMb: rel(heapRefresh),
      afterWalkMb: rel(heapWalk),
      withViewMb: heapView === undefined ? undefined : rel(heapView),
      afterRemoveMb: rel(heapRemoved),
      nodeCacheAfterRemoveMb: (heapRemoved - heapForgotten) / MB,
    },
    root,
    walk: walkResult,
    expand,
    refreshEvents,
    projectEvents,
    view,
  };
  console.log(`BENCH_TREE ${JSON.stringify(result)}`);
}

function inspectModel(api: TestApi, baseUrl: string): { backendsInModel: number; statusProblem?: string } {
  const model = api.registry.entry(baseUrl)?.model;
  if (!model) return { backendsInModel: 0, statusProblem: 'without a server entry' };
  const backendsInModel = model.projects.reduce((n, p) => n + (p.backends?.length ?? 0), 0);
  const s = model.status;
  return {
    backendsInModel,
    statusProblem: s.kind === 'ready' ? undefined : `${s.kind}${s.kind === 'failed' ? `: ${s.error.message}` : ''}`,
  };
}

/** The top level as the view asks for it (one server: its projects), each row rendered; returns the row count. */
function topLevel(api: TestApi): number {
  const rows = api.tree.getChildren();
  for (const n of rows) api.tree.getTreeItem(n);
  return rows.length;
}

/** Runs `work` and classifies every onDidChangeTreeData event against the model changes of its window. */
async function watchChanges(api: TestApi, work: () => Promise<void>): Promise<Granularity> {
  const g: Granularity = {
    events: 0,
    rootFires: 0,
    rootFiresWithoutServerChange: 0,
    nodeEvents: 0,
    nodesFired: 0,
    maxNodesPerEvent: 0,
    nonProjectNodes: 0,
    foreignNodes: 0,
    modelProjectChanges: 0,
    modelServerChanges: 0,
    distinctProjectsChanged: 0,
    distinctProjectsFired: 0,
    coveredByRoot: 0,
  };
  let windowProjects = new Set<number>();
  let windowServer = false;
  const changed = new Set<number>();
  const fired = new Set<number>();
  // Subscribed after the provider: on each model change the provider has queued it before this runs.
  const modelSub = api.registry.onDidChange((c) => {
    if (c.kind === 'servers' || c.change.kind === 'server') {
      windowServer = true;
      g.modelServerChanges++;
    } else {
      windowProjects.add(c.change.projectId);
      changed.add(c.change.projectId);
      g.modelProjectChanges++;
    }
  });
  const treeSub = api.tree.onDidChangeTreeData((e) => {
    g.events++;
    if (e === undefined) {
      g.rootFires++;
      if (!windowServer) g.rootFiresWithoutServerChange++;
      g.coveredByRoot += windowProjects.size;
    } else {
      const list = Array.isArray(e) ? e : [e];
      g.nodeEvents++;
      g.nodesFired += list.length;
      g.maxNodesPerEvent = Math.max(g.maxNodesPerEvent, list.length);
      for (const n of list) {
        if (n.type !== 'project') g.nonProjectNodes++;
        else if (!windowProjects.has(n.projectId)) g.foreignNodes++;
        else fired.add(n.projectId);
      }
    }
    windowProjects = new Set();
    windowServer = false;
  });
  try {
    await work();
    await sleep(200); // the last 16 ms window
  } finally {
    modelSub.dispose();
    treeSub.dispose();
  }
  g.distinctProjectsChanged = changed.size;
  g.distinctProjectsFired = fired.size;
  return g;
}

async function waitUntil(probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);
}
