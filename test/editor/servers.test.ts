import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import type { TreeNode } from '../../src/core/view/treeNodes';
import { FakeLabelStudio, closedPortUrl } from '../fake';
import { labelOf, runWithAnswers, setServers, treeItems, waitFor, withSampleSuite } from './helpers';

describe('several servers, filter, badge, status bar and diagnosis', function () {
  this.timeout(60_000);
  const suite = withSampleSuite();

  async function connectSample(): Promise<void> {
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.tokens.set(suite.fakes.ls.url, suite.fakes.sample.legacyToken);
    await suite.api.controller.reload();
    await suite.api.controller.refreshAll();
  }

  it('two servers, one down: each is a top-level node; the failing one explains itself, the other is intact', async () => {
    const down = await closedPortUrl();
    await setServers([{ url: suite.fakes.ls.url, name: 'Main' }, { url: down }]);
    await suite.api.tokens.set(suite.fakes.ls.url, suite.fakes.sample.legacyToken);
    await suite.api.tokens.set(down, 'another-token');
    await suite.api.controller.reload();
    await suite.api.controller.refreshAll();
    const roots = await treeItems(suite.api);
    assert.deepEqual(
      roots.map((r) => labelOf(r.item)),
      ['Main', down.replace('http://', '')],
    );
    assert.match(String(roots[0].item.description), /^6 projects · \d+ need attention$/);
    assert.equal(roots[1].item.description, 'Cannot connect');
    const mainProjects = await treeItems(suite.api, roots[0].node);
    assert.equal(mainProjects.length, 6);
    const downRows = await treeItems(suite.api, roots[1].node);
    assert.equal(downRows.length, 1);
    assert.match(String(downRows[0].item.description), /connection refused/);
  });

  it('a server without a token among several shows a Set API Token row', async () => {
    await setServers([{ url: suite.fakes.ls.url }, { url: 'http://127.0.0.1:9' }]);
    await suite.api.tokens.set(suite.fakes.ls.url, suite.fakes.sample.legacyToken);
    await suite.api.controller.reload();
    const second = (await treeItems(suite.api))[1];
    assert.equal(second.item.description, 'no API token');
    const [row] = await treeItems(suite.api, second.node);
    assert.equal(labelOf(row.item), 'Set API Token…');
    assert.equal(row.item.command?.command, 'labelStudio.setToken');
  });

  it("editing a server's URL never sends its old token to the new address", async () => {
    await connectSample();
    const other = await FakeLabelStudio.start();
    try {
      await setServers([{ url: other.url }]);
      await suite.api.controller.reload();
      await suite.api.controller.refreshAll();
      assert.equal(suite.api.registry.entry(other.url)?.client, undefined, 'the new address has no token');
      assert.equal(other.requests.length, 0, 'nothing was sent to the new address');
      assert.equal(
        await suite.api.tokens.get(suite.fakes.ls.url),
        suite.fakes.sample.legacyToken,
        'the old token stays with the old address',
      );
    } finally {
      await other.close();
    }
  });

  it('Remove Server deletes its token too', async () => {
    await connectSample();
    await runWithAnswers(suite.api, 'labelStudio.removeServer', ['Remove']);
    assert.equal(await suite.api.tokens.get(suite.fakes.ls.url), undefined);
    assert.deepEqual(vscode.workspace.getConfiguration('labelStudio').inspect('servers')?.globalValue, []);
  });

  it('Remove Server updates the tree at once: with two servers, then with the last one', async () => {
    const other = await FakeLabelStudio.start();
    try {
      other.addProject({ title: 'on the other server' });
      await setServers([{ url: suite.fakes.ls.url }, { url: other.url }]);
      await suite.api.tokens.set(suite.fakes.ls.url, suite.fakes.sample.legacyToken);
      await suite.api.tokens.set(other.url, other.legacyTokens[0]);
      await suite.api.controller.reload();
      await suite.api.controller.refreshAll();
      assert.equal((await treeItems(suite.api)).length, 2, 'two server nodes');
      // What VS Code is told to show: the root's children as they are when the tree announces a redraw.
      const shownAtRedraw: string[][] = [];
      const subscription = suite.api.tree.onDidChangeTreeData((e) => {
        if (e === undefined) shownAtRedraw.push(suite.api.tree.getChildren().map((n) => n.baseUrl));
      });
      const lastShown = () => shownAtRedraw.at(-1);
      try {
        await runWithAnswers(suite.api, 'labelStudio.removeServer', ['Remove'], other.url);
        await waitFor(
          'a redraw without the removed server',
          () => {
            const shown = lastShown();
            return shown && shown.length === 6 && !shown.includes(other.url);
          },
          3000,
        ).catch(() => assert.fail(`the tree was last told to show ${JSON.stringify(lastShown())}`));
        shownAtRedraw.length = 0;
        await runWithAnswers(suite.api, 'labelStudio.removeServer', ['Remove'], suite.fakes.ls.url);
        await waitFor('a redraw of an empty tree', () => lastShown()?.length === 0, 3000).catch(() =>
          assert.fail(`the tree was last told to show ${JSON.stringify(lastShown())}`),
        );
      } finally {
        subscription.dispose();
      }
    } finally {
      await other.close();
    }
  });

  it('the badge and the status bar count the backends in Error or Disconnected', async () => {
    await connectSample();
    const expected = suite.fakes.ls.backends.filter((b) => b.state === 'ER' || b.state === 'DI').length;
    assert.ok(expected >= 2);
    await waitFor('the count', () => suite.api.problems.count === expected);
    assert.equal(suite.api.view.badge?.value, expected);
    assert.match(suite.api.view.badge?.tooltip ?? '', new RegExp(`^${expected} ML backends in Error or Disconnected`));
  });

  it('the filter by state and text shows only matching backends, says so in the message, and clears in one click', async () => {
    await connectSample();
    const asked = await runWithAnswers(suite.api, 'labelStudio.filter', ['Error,Disconnected', '']);
    assert.deepEqual(suite.api.filter.current, { states: ['DI', 'ER'], text: '' }, JSON.stringify(asked.asked));
    await waitFor('the message', () => /^Filtered: Disconnected, Error/.test(suite.api.view.message ?? ''));
    const projects = await treeItems(suite.api);
    const titles = projects.map((p) => labelOf(p.item)).sort();
    assert.deepEqual(titles, ['Medical transcripts - PII redaction', 'Product reviews - sentiment + NER', 'Street scenes - detection']);
    const street = await treeItems(suite.api, projects.find((p) => labelOf(p.item).startsWith('Street'))?.node);
    assert.deepEqual(
      street.map((r) => labelOf(r.item)),
      ['sam2-interactive'],
    );
    await runWithAnswers(suite.api, 'labelStudio.filter', ['', 'yolo']);
    assert.deepEqual(
      (await treeItems(suite.api)).map((p) => labelOf(p.item)),
      ['Street scenes - detection'],
    );
    await runWithAnswers(suite.api, 'labelStudio.filter', ['Training', 'nothing-matches-this']);
    const none = await treeItems(suite.api);
    assert.equal(labelOf(none[0].item), 'No ML backend matches the filter');
    await vscode.commands.executeCommand('labelStudio.clearFilter');
    await waitFor('the message to clear', () => suite.api.view.message === undefined);
    assert.equal((await treeItems(suite.api)).length, 6);
  });

  it('projects without backends can be hidden from the title bar', async () => {
    await connectSample();
    await vscode.commands.executeCommand('labelStudio.hideEmptyProjects');
    try {
      await waitFor('the audio project to go', async () => !(await treeItems(suite.api)).some((p) => labelOf(p.item).startsWith('Audio')));
    } finally {
      await vscode.commands.executeCommand('labelStudio.showEmptyProjects');
    }
    await waitFor('the audio project to come back', async () =>
      (await treeItems(suite.api)).some((p) => labelOf(p.item).startsWith('Audio')),
    );
  });

  it('when a refresh fails, the last data stays and the message says since when', async () => {
    await connectSample();
    const fault = suite.fakes.ls.injectFault({
      path: /^\/api\/projects\//,
      fault: { kind: 'status', status: 503, headers: { 'Retry-After': '600' } },
    });
    try {
      await suite.api.controller.refreshAll();
      await waitFor('the stale note', () =>
        /showing data from \d\d:\d\d; the last refresh failed \(Label Studio error 503\)/.test(suite.api.view.message ?? ''),
      );
      assert.ok((await treeItems(suite.api)).length > 1);
      assert.equal(suite.api.controller.policy(suite.fakes.ls.url)?.delay(), 2 * 300_000, 'background refreshes back off');
    } finally {
      fault.remove();
    }
  });

  it('a rejected token stops background refreshes until the user acts', async () => {
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.tokens.set(suite.fakes.ls.url, 'rejected-token');
    await suite.api.controller.reload();
    await suite.api.controller.refreshAll();
    assert.equal(suite.api.controller.policy(suite.fakes.ls.url)?.isStopped, true);
    assert.equal(suite.api.controller.policy(suite.fakes.ls.url)?.nextDueAt, undefined);
  });

  it('Diagnose Backend explains the Docker case in a read-only report', async () => {
    const docker = await FakeLabelStudio.start({
      network: 'docker',
      healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 500, setupTimeoutMs: 500 },
    });
    try {
      const project = docker.addProject({ title: 'docker project' }).id;
      const id = docker.addBackend({
        project,
        url: suite.fakes.ml.model('my-local-model', {}).replace('127.0.0.1', 'localhost'),
        title: 'my-local-model',
      }).id;
      await setServers([{ url: docker.url }]);
      await suite.api.tokens.set(docker.url, docker.legacyTokens[0]);
      await suite.api.controller.reload();
      await suite.api.controller.refreshAll();
      const node: TreeNode = {
        type: 'backend',
        id: `backend|${docker.url}|${project}|${id}`,
        baseUrl: docker.url,
        projectId: project,
        backendId: id,
      };
      await vscode.commands.executeCommand('labelStudio.diagnoseBackend', node);
      await waitFor('the report in the Markdown preview', () => {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return input instanceof vscode.TabInputWebview && input.viewType.includes('markdown.preview');
      });
      assert.match(vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '', /diagnosis-my-local-model\.md/);
      // The preview's own "Open Source" button: the report as (read-only) text.
      await vscode.commands.executeCommand('markdown.showSource');
      const editor = await waitFor(
        'the report as text',
        () => vscode.window.activeTextEditor?.document.uri.path.includes('diagnosis') && vscode.window.activeTextEditor,
      );
      const text = editor.document.getText();
      assert.equal(editor.document.uri.scheme, 'labelstudio');
      assert.match(text, /This machine reaches the backend at `?localhost`?, Label Studio does not/);
      assert.match(text, /host\.docker\.internal:\d+/);
      assert.match(text, /State: `?Disconnected`?/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      await docker.close();
    }
  });
});
