/**
 * The tree with 10,000 backends, inside real VS Code: the offline test host started once with
 * test/bench/tree as extensionTestsPath, on a production build in a temp folder. The fake Label
 * Studio runs inside the extension host (see tree/index.ts); this side only prints what it measured.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostInstalled, prepareExtension, ROOT, runHost } from './host';
import { targets } from './summary';
import type { Granularity, TreeBenchResult } from './tree';

export interface TreeBenchOptions {
  projects: number;
  backendsPerProject: number;
  bigProject: number;
}

const f1 = (x: number) => x.toFixed(1);
const f0 = (x: number) => x.toFixed(0);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function table(rows: string[][], print: (line: string) => void): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) print(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
}

export async function runTreeBench(o: TreeBenchOptions, print: (line: string) => void): Promise<void> {
  const total = o.projects * o.backendsPerProject + o.bigProject;
  print(
    `Tree in real VS Code (offline test host, extension host, production bundle): ${o.projects.toLocaleString('en')} projects × ${o.backendsPerProject} backends + 1 project × ${o.bigProject} = ${total.toLocaleString('en')} backends.`,
  );
  print(
    'The fake Label Studio + one shared fake ML model run inside the extension host (latency 0); heap = heapUsed after a forced GC, relative to before the server was configured.',
  );
  const problem = hostInstalled();
  if (problem) {
    print(`skipped: ${problem}`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-bench-tree-'));
  try {
    const extensionDir = path.join(tmp, 'extension');
    prepareExtension(extensionDir);
    const started = performance.now();
    const {
      result: r,
      output,
      exitCode,
    } = await runHost<TreeBenchResult>({
      extensionDir,
      tests: path.join(ROOT, 'out/test/bench/tree/index.js'),
      marker: 'BENCH_TREE',
      env: {
        BENCH_TREE_PROJECTS: String(o.projects),
        BENCH_TREE_BACKENDS: String(o.backendsPerProject),
        BENCH_TREE_BIG: String(o.bigProject),
      },
      timeoutS: 300,
    });
    if (!r) {
      print(`no result (host exit code ${exitCode}); host output tail:\n${output.split('\n').slice(-20).join('\n')}`);
      return;
    }
    const gcNote = r.gc ? 'after GC' : 'NO GC available: heapUsed as is, noisier';
    const h = r.heap;
    const rq = r.refreshRequests;
    print(
      `first refresh: ${f0(r.refreshMs)} ms (fake in the same process, its CPU included), ${r.backendsInModel.toLocaleString('en')} backends in the model; ` +
        `requests ${rq.total} = ${rq.pages} pages + ${rq.ml} /api/ml + ${rq.exchanges} token exchange${rq.other ? ` + ${rq.other} other` : ''}`,
    );
    print('');
    const w = r.expand.warmMs;
    const rows: string[][] = [
      ['measure', 'value', 'target'],
      [`heap growth, ${total.toLocaleString('en')} backends loaded (${gcNote})`, `${f1(h.afterRefreshMb)} MB`, '≤ 30 MB'],
      ['  then after walking the whole tree (getChildren + getTreeItem; nodes cached)', `${f1(h.afterWalkMb)} MB`, '≤ 30 MB'],
      ...(h.withViewMb !== undefined
        ? [["  then after showing the real view + revealing the big project (VS Code's rows)", `${f1(h.withViewMb)} MB`, '']]
        : []),
      [
        `  not counted above: Test-mode copy of ${h.testLogLines} log lines (normal installs keep none)`,
        `${f1(h.afterRefreshWithTestLogMb - h.afterRefreshMb)} MB`,
        '',
      ],
      ['  after removing the server again', `${f1(h.afterRemoveMb)} MB`, ''],
      ["    of which still in the provider's node cache (removed servers are pruned)", `${f1(h.nodeCacheAfterRemoveMb)} MB`, ''],
      [`top level: getChildren() + getTreeItem × ${r.root.rows.toLocaleString('en')} rows`, `${f1(r.root.ms)} ms`, ''],
      [`whole walk: ${r.walk.nodes.toLocaleString('en')} nodes`, `${f0(r.walk.ms)} ms`, ''],
      [`expand the ${r.expand.rows}-backend project, first time`, `${f1(r.expand.coldMs)} ms`, '< 50 ms'],
      ['  again (median of 5)', `${f1(median(w))} ms`, '< 50 ms'],
      ['  requests the fakes received meanwhile', String(r.expand.requests), '0'],
      ...(r.view && !r.view.error
        ? [
            ['real view: open it (until visible)', `${f0(r.view.showMs)} ms`, ''],
            [`real view: reveal a row of a ${r.backendsPerProject}-backend project (expands it)`, `${f0(r.view.smallRevealMs)} ms`, ''],
            [`real view: reveal a row of the ${r.expand.rows}-backend project (expands it)`, `${f0(r.view.revealMs)} ms`, ''],
            ['  requests meanwhile (open + reveal)', String(r.view.requests), '0'],
          ]
        : []),
    ];
    table(rows, print);
    if (r.view?.error) print(`real view: not measured (${r.view.error})`);
    print('');
    print("onDidChangeTreeData (16 ms batches) during a refresh of the loaded server, and during one project's refresh:");
    const e: Granularity & { ms: number; requests: number; exchanges: number } = r.refreshEvents;
    const p: Granularity & { projectId: number; requests: number } = r.projectEvents;
    const grows: string[][] = [
      ['', 'full refresh', `project ${p.projectId}`],
      ['wall / requests', `${f0(e.ms)} ms / ${e.requests} (${e.exchanges} exchange)`, `${p.requests}`],
      [
        'model changes: project / server-level',
        `${e.modelProjectChanges} / ${e.modelServerChanges}`,
        `${p.modelProjectChanges} / ${p.modelServerChanges}`,
      ],
      ['events', String(e.events), String(p.events)],
      ['  root fires (whole tree)', String(e.rootFires), String(p.rootFires)],
      [
        '  root fires without a status/page change in the window',
        String(e.rootFiresWithoutServerChange),
        String(p.rootFiresWithoutServerChange),
      ],
      [
        '  node events / nodes fired / most in one',
        `${e.nodeEvents} / ${e.nodesFired} / ${e.maxNodesPerEvent}`,
        `${p.nodeEvents} / ${p.nodesFired} / ${p.maxNodesPerEvent}`,
      ],
      ['  nodes of projects that did not change in that window', String(e.foreignNodes), String(p.foreignNodes)],
      ['  non-project nodes fired', String(e.nonProjectNodes), String(p.nonProjectNodes)],
      [
        'projects changed / fired as their own node / covered by a root fire',
        `${e.distinctProjectsChanged} / ${e.distinctProjectsFired} / ${e.coveredByRoot}`,
        `${p.distinctProjectsChanged} / ${p.distinctProjectsFired} / ${p.coveredByRoot}`,
      ],
    ];
    table(grows, print);
    print(`Host: VS Code ${r.vscode}, Node ${r.node}; section ${f0((performance.now() - started) / 1000)} s.`);

    const heapMb = Math.max(h.afterRefreshMb, h.afterWalkMb);
    targets.push({
      what: `tree, ${total.toLocaleString('en')} backends: heap growth`,
      target: '≤ 30 MB',
      measured: `${f1(h.afterRefreshMb)} MB loaded, ${f1(h.afterWalkMb)} MB walked${r.gc ? '' : ' (no GC)'}`,
      met: heapMb <= 30,
    });
    targets.push({
      what: `tree, expand ${r.expand.rows} backends`,
      target: '< 50 ms, 0 requests',
      measured: `${f1(r.expand.coldMs)} ms first, ${f1(median(w))} ms again; ${r.expand.requests} requests`,
      met: r.expand.coldMs < 50 && r.expand.requests === 0,
    });
    const granular =
      p.events === 1 &&
      p.rootFires === 0 &&
      p.nodesFired === 1 &&
      e.foreignNodes === 0 &&
      e.nonProjectNodes === 0 &&
      e.rootFiresWithoutServerChange === 0;
    targets.push({
      what: 'tree updates granular',
      target: 'project call → its node only',
      measured: `one project: ${p.events} event, ${p.nodesFired} node, ${p.rootFires} root; full refresh: ${e.foreignNodes} foreign nodes, ${e.rootFires} root fires (${e.rootFiresWithoutServerChange} without a page/status change)`,
      met: granular,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
