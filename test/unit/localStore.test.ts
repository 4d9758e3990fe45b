import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createUndiciTransport } from '../../src/core/net/http';
import { backendEnvironment } from '../../src/core/local/environment';
import { LocalBackends, type LocalBackendInput } from '../../src/core/local/localBackends';
import { decideStart } from '../../src/core/local/startPlan';
import { copyFixtureWorkspace, freePort, PythonMlBackend } from '../fake';

describe('local backends: the store of folders and states (against the Python fake)', function () {
  this.timeout(30_000);
  const transport = createUndiciTransport({ connections: 2, maxBodyBytes: 1 << 20 });
  after(() => transport.close());

  const input = (folder: string, port: number): LocalBackendInput => ({
    folder,
    workspaceFolder: path.dirname(folder),
    label: path.basename(folder),
    wsgi: { modelClass: 'NewModel', modelModule: 'model', legacy: false },
    env: backendEnvironment({ mode: 'python', dotenv: { PORT: String(port) } }),
    hasCompose: false,
    plan: decideStart({ hasCompose: false, dockerOnPath: false, port, platform: 'linux' }),
  });

  it('Stopped while nothing answers, Starting after a start, Running with the model class once /health answers; states survive a new search', async () => {
    const folder = path.join(copyFixtureWorkspace(), 'my_ml_backend');
    const port = await freePort();
    const backends = new LocalBackends(() => transport);
    let changes = 0;
    backends.onDidChange(() => changes++);
    backends.setFolders([input(folder, port)]);
    assert.equal(backends.get(folder)?.url, `http://localhost:${port}`);
    await backends.probe(folder);
    assert.equal(backends.get(folder)?.state.kind, 'stopped');
    backends.event(folder, { kind: 'started', at: Date.now() });
    assert.equal(backends.anyStarting(), true);
    await backends.probe(folder);
    assert.equal(backends.get(folder)?.state.kind, 'starting', 'refused within the grace time');
    const server = await PythonMlBackend.start(folder, { port });
    try {
      await backends.probeAll();
      assert.deepEqual(backends.get(folder)?.state, {
        kind: 'running',
        modelClass: 'NewModel',
        startedAt: backends.get(folder)?.state.startedAt,
      });
      assert.ok(backends.firstHealthyAt.has(folder));
      backends.setFolders([input(folder, port)]);
      assert.equal(backends.get(folder)?.state.kind, 'running', 'a new search keeps the state');
      const before = changes;
      await backends.probe(folder);
      assert.equal(changes, before, 'an unchanged answer redraws nothing');
      assert.equal(backends.probes, 4);
    } finally {
      await server.stop();
    }
    backends.setFolders([]);
    assert.deepEqual(backends.all, []);
  });
});
