/**
 * Property test through the real tree provider: random, hostile backend lists and error messages
 * are put into a live server's model, then every row is asked for as VS Code would.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import vscode = require('vscode');
import { HttpStatusError } from '../../src/core/api/errors';
import { firstLines } from '../../src/core/text/markdown';
import { readBackendList, type MlBackend } from '../../src/core/api/models';
import { SHOW_FULL_ERROR_COMMAND } from '../../src/core/view/presentation';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/core/view/treeNodes';
import { FakeLabelStudio } from '../fake';
import { backendListBody, hostileString } from '../faults/hostileData';
import { hoverProblems } from '../faults/markdownChecks';
import { extensionApi, labelOf, resetExtension, setServers, trackFake } from './helpers';

describe('property: the tree provider shows any backend list and any error as valid rows', function () {
  this.timeout(60_000);
  let api: TestApi;
  let fake: FakeLabelStudio;
  let projectId: number;

  before(async () => {
    api = await extensionApi();
    await resetExtension(api);
    await api.filter.set({ states: [], text: '' });
    fake = trackFake(await FakeLabelStudio.start());
    projectId = fake.addProject({ title: 'random rows' }).id;
    await setServers([{ url: fake.url }]);
    await api.tokens.set(fake.url, fake.legacyTokens[0]);
    await api.controller.reload();
    await api.controller.refreshAll();
  });
  after(async () => {
    await resetExtension(api);
    await fake.close();
  });

  const model = () => api.registry.entry(fake.url)!.model;
  const projectNode = (): TreeNode => api.tree.nodes.project(fake.url, projectId);

  async function rows(): Promise<Array<{ node: TreeNode; item: vscode.TreeItem }>> {
    const children = await api.tree.getChildren(projectNode());
    return Promise.all(children.map(async (node) => ({ node, item: await api.tree.getTreeItem(node) })));
  }

  it('random backend lists', async () => {
    await fc.assert(
      fc.asyncProperty(backendListBody, async (body) => {
        let backends: MlBackend[];
        try {
          backends = readBackendList(body);
        } catch {
          return;
        }
        model().setBackends(projectId, backends);
        const shown = await rows();
        assert.equal(new Set(shown.map((r) => r.node.id)).size, shown.length, 'row ids are unique (VS Code rejects duplicates)');
        const project = await api.tree.getTreeItem(projectNode());
        assert.ok(!/undefined|NaN/.test(String(project.description)), String(project.description));
        for (const { node, item } of shown) {
          assert.ok(labelOf(item).trim() && !/[\r\n]/.test(labelOf(item)), `label of ${node.id}`);
          if (node.type !== 'backend') continue;
          assert.ok(String(item.description).trim(), 'a state in words');
          const tooltip = item.tooltip as vscode.MarkdownString;
          assert.deepEqual(tooltip.isTrusted, { enabledCommands: [SHOW_FULL_ERROR_COMMAND] });
          const error = backends.find((b) => b.id === node.backendId)?.error_message?.trim();
          assert.deepEqual(hoverProblems(tooltip.value, error ? firstLines(error, 8, 1500).text.replace(/\r\n?/g, '\n') : undefined), []);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('random error messages from the server', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (detail) => {
        model().setProjectError(projectId, new HttpStatusError(500, detail, {}, undefined, 'ls.example:8080'));
        const [row] = await rows();
        assert.ok(labelOf(row.item).startsWith('Could not load backends'));
        assert.doesNotMatch(String(row.item.description), /[\r\n]/);
        assert.equal(typeof row.item.tooltip, 'string', 'plain text, never Markdown');
      }),
      { numRuns: 100 },
    );
  });
});
