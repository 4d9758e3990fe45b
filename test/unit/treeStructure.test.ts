import * as assert from 'node:assert/strict';
import { createUndiciTransport } from '../../src/core/net/http';
import type { ServerConfig } from '../../src/core/servers/config';
import { ServerRegistry } from '../../src/core/servers/serverRegistry';
import type { Batch } from '../../src/core/scheduling/changeBatcher';
import { NO_FILTER, type BackendFilter } from '../../src/core/view/filter';
import type { TreeNode } from '../../src/core/view/treeNodes';
import { TreeStructure } from '../../src/core/view/treeStructure';
import { FakeLabelStudio, FakeMlServer } from '../fake';
import { FakeTimers } from './fakeTimers';

describe('Tree structure (rows per server and project, the filter and hide rules, redraws) against the fake', () => {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let registry: ServerRegistry;
  let tokens: Map<string, string>;
  let filter: BackendFilter;
  let hideEmpty: boolean;
  let ids: { street: number; empty: number; broken: number; zebra: number; alpha: number; down: number };

  before(async () => (ml = await FakeMlServer.start()));
  after(async () => ml.close());
  beforeEach(async () => {
    fake = await FakeLabelStudio.start();
    const street = fake.addProject({ title: 'Street scenes' }).id;
    const empty = fake.addProject({ title: 'Empty' }).id;
    const broken = fake.addProject({ title: 'Broken' }).id;
    const zebra = fake.addBackend({ project: street, url: ml.model('ok', {}), title: 'zebra' }).id;
    const alpha = fake.addBackend({ project: street, url: ml.model('ok', {}), title: 'Alpha' }).id;
    const down = fake.addBackend({ project: street, url: ml.model('down', { health: 'down' }), title: 'beta-down' }).id;
    fake.injectFault({ path: `/api/ml/?project=${broken}`, fault: { kind: 'status', status: 500 } });
    ids = { street, empty, broken, zebra, alpha, down };
    tokens = new Map([[fake.url, fake.legacyTokens[0]]]);
    filter = NO_FILTER;
    hideEmpty = false;
    registry = new ServerRegistry({
      tokenFor: async (baseUrl) => tokens.get(baseUrl),
      createTransport: () => createUndiciTransport({ connections: 4, maxBodyBytes: 8 << 20 }),
      concurrency: () => 4,
    });
  });
  afterEach(async () => {
    await registry.disposeAll();
    await fake.close();
  });

  async function load(configs: ServerConfig[] = [{ baseUrl: fake.url }]): Promise<TreeStructure> {
    await registry.sync(configs);
    await Promise.all(registry.entries.map((e) => e.refresher?.refresh()));
    return new TreeStructure(registry, { filter: () => filter, hideProjectsWithoutBackends: () => hideEmpty });
  }

  const describeNode = (n: TreeNode) =>
    n.type === 'message'
      ? `message:${n.kind}`
      : n.type === 'backend'
        ? `backend:${n.backendId}`
        : `${n.type}:${n.type === 'project' ? n.projectId : ''}`;

  it('one server: its projects are the top level (newest first, as Label Studio lists them), with no parent; backends sorted by title; failures and empty states as rows', async () => {
    const tree = await load();
    const top = tree.children();
    assert.deepEqual(top.map(describeNode), [`project:${ids.broken}`, `project:${ids.empty}`, `project:${ids.street}`]);
    const [broken, empty, street] = top;
    assert.equal(tree.parent(street), undefined);
    const backends = tree.children(street);
    assert.deepEqual(backends.map(describeNode), [`backend:${ids.alpha}`, `backend:${ids.down}`, `backend:${ids.zebra}`]);
    assert.equal(tree.parent(backends[0]), street);
    assert.deepEqual(tree.children(empty).map(describeNode), ['message:no-backends']);
    assert.deepEqual(tree.children(broken).map(describeNode), ['message:project-failed']);
    assert.equal(tree.parent(tree.children(broken)[0]), broken);
    assert.deepEqual(tree.children(backends[0]), [], 'backends have no children');
    assert.equal(tree.children()[2], street, 'the same node object each time');
  });

  it('hiding projects without backends hides the empty one only; a filter shows matching backends and failed projects', async () => {
    hideEmpty = true;
    let tree = await load();
    assert.deepEqual(tree.children().map(describeNode), [`project:${ids.broken}`, `project:${ids.street}`]);
    filter = { states: ['DI'], text: '' };
    tree = new TreeStructure(registry, { filter: () => filter, hideProjectsWithoutBackends: () => hideEmpty });
    const top = tree.children();
    assert.deepEqual(top.map(describeNode), [`project:${ids.broken}`, `project:${ids.street}`]);
    assert.deepEqual(tree.children(top[1]).map(describeNode), [`backend:${ids.down}`]);
    filter = { states: [], text: 'nothing matches this' };
    tree = new TreeStructure(registry, { filter: () => filter, hideProjectsWithoutBackends: () => hideEmpty });
    assert.deepEqual(tree.children().map(describeNode), [`project:${ids.broken}`], 'a failed project stays: it may hide a match');
  });

  it('a filter that matches nothing says so; the rule is read once until forgotten', async () => {
    fake.deleteProject(ids.broken);
    let reads = 0;
    filter = { states: [], text: 'nothing matches this' };
    await registry.sync([{ baseUrl: fake.url }]);
    await registry.entries[0].refresher?.refresh();
    const tree = new TreeStructure(registry, {
      filter: () => filter,
      hideProjectsWithoutBackends: () => (reads++, false),
    });
    assert.deepEqual(tree.children().map(describeNode), ['message:no-match']);
    tree.children();
    assert.equal(reads, 1);
    tree.redraw();
    filter = NO_FILTER;
    assert.equal(tree.children().length, 2);
    assert.equal(reads, 2);
  });

  it('two servers: server rows on top; one without a token asks for one; a rejected token shows only the failure', async () => {
    const withToken = await load([{ baseUrl: fake.url }, { baseUrl: 'http://ls.example.com' }]);
    const top = withToken.children();
    assert.deepEqual(top.map(describeNode), ['server:', 'server:']);
    assert.deepEqual(withToken.children(top[1]).map(describeNode), ['message:no-token']);
    assert.equal(withToken.parent(withToken.children(top[0])[0]), top[0]);
    tokens.set(fake.url, 'not-a-token-of-this-server');
    const rejected = await load([{ baseUrl: fake.url }, { baseUrl: 'http://ls.example.com' }]);
    assert.deepEqual(rejected.children(rejected.children()[0]).map(describeNode), ['message:server-failed']);
  });

  it('one server without a token: the root is empty (the welcome view explains)', async () => {
    tokens.clear();
    const tree = await load();
    assert.deepEqual(tree.children(), []);
  });

  it('redraws: a shown project redraws its row; one shown or hidden redraws its server; a new server list or status all', async () => {
    hideEmpty = true;
    await registry.sync([{ baseUrl: fake.url }]);
    await registry.entries[0].refresher?.refresh();
    const timers = new FakeTimers();
    const batches: Array<Batch<TreeNode>> = [];
    const tree = new TreeStructure(
      registry,
      { filter: () => filter, hideProjectsWithoutBackends: () => hideEmpty },
      (b) => batches.push(b),
      timers,
    );
    const drawn = async () => {
      await timers.advance(1000);
      return batches.splice(0).map((b) => (b.all ? 'all' : b.items.map(describeNode).join(',')));
    };
    tree.children();
    const { model } = registry.entries[0];
    model.setActivity(ids.street, ids.alpha, 'training requested…');
    assert.deepEqual(await drawn(), [`project:${ids.street}`]);
    model.setActivity(ids.empty, 12345, 'nothing');
    assert.deepEqual(await drawn(), [], 'a hidden project that stays hidden');
    model.setBackends(ids.empty, [model.project(ids.street)!.backends![0]]);
    assert.deepEqual(await drawn(), ['all'], 'one server: its rows are the root');
    tree.children();
    await registry.sync([{ baseUrl: fake.url }, { baseUrl: 'http://ls.example.com' }]);
    assert.deepEqual(await drawn(), ['all']);
    tree.children();
    model.setStatus({ kind: 'loading' });
    assert.deepEqual(await drawn(), ['server:']);
    tree.redraw();
    assert.deepEqual(await drawn(), ['all']);
    tree.dispose();
    model.setStatus({ kind: 'ready' });
    assert.deepEqual(await drawn(), [], 'disposed: nothing more');
  });
});
