import * as assert from 'node:assert/strict';
import { createUndiciTransport } from '../../src/core/net/http';
import { ServerRegistry } from '../../src/core/servers/serverRegistry';
import { WalkthroughFacts } from '../../src/core/servers/walkthroughFacts';
import { FakeLabelStudio, FakeMlServer, seedManyProjects } from '../fake';

describe("walkthrough facts: a server with a token, a project with an ML backend (the predictions step's key)", () => {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  const registries: ServerRegistry[] = [];

  before(async () => {
    ml = await FakeMlServer.start();
    fake = await FakeLabelStudio.start();
  });
  after(async () => {
    for (const r of registries) await r.disposeAll();
    await fake.close();
    await ml.close();
  });

  function setup(tokens: Record<string, string>) {
    const registry = new ServerRegistry({
      tokenFor: async (baseUrl) => tokens[baseUrl],
      createTransport: () => createUndiciTransport({ connections: 4, maxBodyBytes: 8 << 20 }),
      concurrency: () => 4,
    });
    registries.push(registry);
    const facts = new WalkthroughFacts(registry);
    registry.onDidChange((change) => facts.apply(change));
    return { registry, facts };
  }

  it('false and false with no server, then follows the refresh of a real server: backends make hasBackend true', async () => {
    const { projectIds } = seedManyProjects(fake, { projects: 3, backendsPerProject: 1, mlUrl: ml.model('ok', {}) });
    const { registry, facts } = setup({ [fake.url]: fake.legacyTokens[0] });
    assert.deepEqual(facts.values, { hasToken: false, hasBackend: false });
    await registry.sync([{ baseUrl: 'http://127.0.0.1:9' }, { baseUrl: fake.url }]);
    assert.deepEqual(facts.values, { hasToken: true, hasBackend: false }, 'a token, but nothing loaded yet');
    await registry.entry(fake.url)!.refresher!.refresh();
    assert.deepEqual(facts.values, { hasToken: true, hasBackend: true });

    // Deleting backends one by one: the key stays true until the last one is gone.
    const model = registry.entry(fake.url)!.model;
    const withBackends = model.projects.filter((p) => (p.backends?.length ?? 0) > 0);
    assert.ok(withBackends.length >= 3 && projectIds.every((id) => withBackends.some((p) => p.id === id)));
    const first = withBackends[0].backends![0];
    for (const [i, p] of withBackends.entries()) {
      for (const b of [...p.backends!]) model.removeBackend(p.id, b.id);
      assert.equal(facts.values.hasBackend, i < withBackends.length - 1, `after emptying ${i + 1} of ${withBackends.length} projects`);
    }
    model.updateBackend(first);
    assert.equal(facts.values.hasBackend, true, 'a backend added back (after Add Backend)');
    model.clear();
    assert.equal(facts.values.hasBackend, false, 'a cleared server has no projects');
  });

  it('forgets the backends of a removed server, and the token of a server whose token was removed', async () => {
    const tokens: Record<string, string> = { [fake.url]: fake.legacyTokens[0] };
    const { registry, facts } = setup(tokens);
    await registry.sync([{ baseUrl: fake.url }]);
    await registry.entry(fake.url)!.refresher!.refresh();
    assert.deepEqual(facts.values, { hasToken: true, hasBackend: true });
    delete tokens[fake.url];
    await registry.sync([{ baseUrl: fake.url }]);
    assert.deepEqual(facts.values, { hasToken: false, hasBackend: false }, 'rebuilt without a token: an empty model');
    await registry.sync([]);
    assert.deepEqual(facts.values, { hasToken: false, hasBackend: false });
  });
});
