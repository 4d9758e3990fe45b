/**
 * The fault matrix (test/faults/cases.ts) through the real extension: settings + SecretStorage +
 * controller.refreshAll, then the whole tree as VS Code would ask for it. Background work must not
 * notify: a ScriptedPrompts without answers is installed and must be asked nothing.
 */
import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import { SHOW_FULL_ERROR_COMMAND } from '../../src/core/view/presentation';
import { hostOf, normaliseServerUrl } from '../../src/core/net/serverUrl';
import type { TestApi } from '../../src/extension';
import type { MessageKind, TreeNode } from '../../src/core/view/treeNodes';
import { FakeMlServer } from '../fake';
import { FAULT_CASES, SHORT_TIMEOUT_MS, type FaultCase } from '../faults/cases';
import { SkipCase, createWorld, type World } from '../faults/world';
import { extensionApi, labelOf, rememberSecret, resetExtension, setServers, trackFake } from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

interface Row {
  node: TreeNode;
  item: vscode.TreeItem;
  depth: number;
}

describe('fault matrix in the editor: the tree explains every case, nothing throws, nothing pops up', function () {
  this.timeout(30_000);
  let api: TestApi;
  let ml: FakeMlServer;

  before(async () => {
    api = await extensionApi();
    ml = await FakeMlServer.start();
    await api.filter.set({ states: [], text: '' });
  });
  after(async () => {
    await resetExtension(api);
    await ml.close();
  });
  beforeEach(async () => resetExtension(api));

  for (const c of FAULT_CASES) {
    it(c.name, async function () {
      if (c.editorSkip) {
        console.log(`      (skipped in the editor: ${c.editorSkip})`);
        this.skip();
      }
      const world = await createWorld(ml, c.seed, c.token);
      trackFake(world.fake);
      try {
        try {
          await c.setup?.(world);
        } catch (e) {
          if (e instanceof SkipCase) {
            console.log(`      (skipped: ${e.message})`);
            this.skip();
          }
          throw e;
        }
        await runCase(api, c, world);
      } finally {
        api.setPrompts(undefined);
        await world.close();
      }
    });
  }
});

async function runCase(api: TestApi, c: FaultCase, w: World): Promise<void> {
  const baseUrl = normaliseServerUrl(w.baseUrl);
  rememberSecret(w.token);
  await setServers([{ url: baseUrl }]);
  await api.tokens.set(baseUrl, w.token);
  // The registry builds clients with the default timeouts (20 s; 120 s for /api/ml): cases that wait for one shorten them.
  api.registry.clientTimeouts = c.shortTimeouts ? { default: SHORT_TIMEOUT_MS, backendList: SHORT_TIMEOUT_MS } : {};
  await api.controller.reload();
  assert.ok(api.registry.entry(baseUrl)?.client, 'the server has a client');

  const prompts = new ScriptedPrompts();
  api.setPrompts(prompts);
  const firstLine = api.logLines.length;
  await Promise.all(Array.from({ length: c.triggers ?? 1 }, () => api.controller.refreshAll()));
  const rows = await walk(api);
  assert.equal(new Set(rows.map((r) => r.node.id)).size, rows.length, 'row ids are unique (VS Code rejects duplicates)');
  const lines = api.logLines.slice(firstLine);
  const context = `\ntree:\n  ${rows.map((r) => `${'  '.repeat(r.depth)}${labelOf(r.item)} — ${r.item.description ?? ''}`).join('\n  ')}\nlog:\n  ${lines.join('\n  ')}`;

  assert.deepEqual(prompts.asked, [], 'a refresh shows no notification');
  const max = typeof c.expect.maxRequests === 'function' ? c.expect.maxRequests(w) : c.expect.maxRequests;
  assert.ok(w.requestCount() <= max, `at most ${max} requests, saw ${w.requestCount()}${context}`);
  for (const b of w.bystanders) assert.equal(b.requests(), 0, `${b.name} received nothing`);

  const messages = (kind: MessageKind) => rows.filter((r) => r.node.type === 'message' && r.node.kind === kind);
  const { expect } = c;
  if (expect.level === 'server') {
    const [failed] = messages('server-failed');
    assert.ok(failed, `a row says the server failed${context}`);
    assert.equal(failed.depth, 0, 'at the top of the view');
    assert.match(String(failed.item.description), expect.message);
    assert.ok(String(failed.item.description).includes(hostOf(baseUrl)), `the row names ${hostOf(baseUrl)}`);
    assert.ok(failed.item.command, 'the row offers what to do (retry or set a token)');
    assert.ok(
      lines.some((l) => l.includes(hostOf(baseUrl)) && /failed after/.test(l)),
      `the log has the failed request${context}`,
    );
  } else if (expect.level === 'project') {
    const project = rows.find((r) => r.node.type === 'project' && r.node.projectId === w.target);
    assert.match(String(project?.item.description), /^failed: /, `the project row says it failed${context}`);
    const [failed] = messages('project-failed');
    assert.ok(failed && failed.node.type === 'message' && failed.node.projectId === w.target, `an error row inside the project${context}`);
    assert.match(String(failed.item.description), expect.message);
    assert.equal(failed.item.command?.command, 'labelStudio.refreshProject');
    assert.equal(messages('server-failed').length, 0);
    assert.ok(
      rows.filter((r) => r.node.type === 'backend').length >= w.projectIds.length - 1,
      `the other projects show their backends${context}`,
    );
    assert.ok(
      lines.some((l) => l.includes(`project=${w.target}`) && /failed after/.test(l)),
      `the log has the failed call${context}`,
    );
  } else {
    assert.equal(messages('server-failed').length + messages('project-failed').length, 0, `no failure rows${context}`);
    assert.ok(
      rows.some((r) => r.node.type === 'project'),
      `the projects are shown${context}`,
    );
  }
  if (expect.log)
    assert.ok(
      lines.some((l) => expect.log!.test(l)),
      `a log line matches ${expect.log}${context}`,
    );

  for (const r of rows) {
    if (r.node.type !== 'backend') continue;
    const tooltip = r.item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString, 'a backend hover is Markdown');
    assert.deepEqual(tooltip.isTrusted, { enabledCommands: [SHOW_FULL_ERROR_COMMAND] });
    assert.ok(!tooltip.supportHtml);
  }
  const shown = [...lines, ...rows.flatMap((r) => [labelOf(r.item), String(r.item.description ?? ''), tooltipText(r.item)])].join('\n');
  for (const secret of w.secrets()) assert.ok(!shown.includes(secret), 'no token in the tree or the log');
  rememberSecret(...w.secrets());
}

/** Every row of the tree, children of collapsed rows included; VS Code's calls must never throw. */
async function walk(api: TestApi, node?: TreeNode, depth = 0): Promise<Row[]> {
  const rows: Row[] = [];
  for (const child of await api.tree.getChildren(node)) {
    const item = await api.tree.getTreeItem(child);
    assert.ok(labelOf(item).trim(), `a row with a label (${child.id})`);
    assert.doesNotMatch(labelOf(item), /\n/, 'labels are one line');
    rows.push({ node: child, item, depth });
    if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None && depth < 3) rows.push(...(await walk(api, child, depth + 1)));
  }
  return rows;
}

function tooltipText(item: vscode.TreeItem): string {
  const t = item.tooltip;
  return typeof t === 'string' ? t : (t?.value ?? '');
}
