import * as assert from 'node:assert/strict';
import { HttpStatusError, NetworkError, TokenRejectedError } from '../../src/core/api/errors';
import { ServerRefresher } from '../../src/core/servers/refresh';
import { ServerModel, type ModelChange } from '../../src/core/servers/serverModel';
import { closedPortUrl, seedManyProjects } from '../fake';
import { useFakeLab } from './fakeLab';

describe('ServerRefresher', () => {
  const lab = useFakeLab({ connections: 8 });

  function setup(concurrency = 8, token = lab.fake.legacyTokens[0], baseUrl = lab.fake.url) {
    const model = new ServerModel();
    const changes: ModelChange[] = [];
    model.onChange((c) => changes.push(c));
    const client = lab.client(token, baseUrl);
    return { model, changes, refresher: new ServerRefresher(client, model, { concurrency }) };
  }

  it('loads every project and its backends; projects appear before their backends', async () => {
    const { projectIds } = seedManyProjects(lab.fake, { projects: 12, backendsPerProject: 2, mlUrl: lab.ml.model('ok', {}) });
    const { model, changes, refresher } = setup();
    await refresher.refresh();
    assert.equal(model.status.kind, 'ready');
    assert.deepEqual(new Set(model.projects.map((p) => p.id)), new Set(projectIds));
    assert.ok(model.projects.every((p) => p.backends?.length === 2 && p.backends.every((b) => b.state === 'CO') && !p.loading));
    const firstProjectChange = changes.findIndex((c) => c.kind === 'project' && model.project(c.projectId)?.backends);
    const projectsListed = changes.findIndex((c) => c.kind === 'server');
    assert.ok(projectsListed < firstProjectChange, 'the project rows come first');
    const mlCalls = lab.fake.requests.filter((r) => r.path.startsWith('/api/ml/'));
    assert.equal(mlCalls.length, 12, 'one /api/ml call per project, no more');
  });

  it('never has more than `concurrency` /api/ml calls in flight', async () => {
    seedManyProjects(lab.fake, { projects: 20, backendsPerProject: 1, mlUrl: lab.ml.model('slow', { healthDelayMs: 40 }) });
    const { refresher } = setup(3);
    await refresher.refresh();
    const calls = lab.fake.requests
      .filter((r) => r.path.startsWith('/api/ml/'))
      .map((r) => [r.startedAt, r.startedAt + r.durationMs] as const);
    let peak = 0;
    for (const [start] of calls) peak = Math.max(peak, calls.filter(([s, e]) => s <= start && start < e).length);
    assert.equal(peak, 3);
  });

  it('a refresh asked for while one runs joins it', async () => {
    seedManyProjects(lab.fake, { projects: 4, backendsPerProject: 1, mlUrl: lab.ml.model('ok', {}) });
    const { refresher } = setup();
    const a = refresher.refresh();
    const b = refresher.refresh();
    assert.equal(a, b);
    await Promise.all([a, b]);
    assert.equal(lab.fake.requests.length, 1 + 4);
  });

  it('a project deleted between the list and its call shows its own error; the rest loads', async () => {
    const { projectIds } = seedManyProjects(lab.fake, { projects: 5, backendsPerProject: 1, mlUrl: lab.ml.model('ok', {}) });
    const gone = projectIds[2];
    lab.fake.injectFault({
      path: `/api/ml/?project=${gone}`,
      fault: {
        kind: 'status',
        status: 404,
        body: { id: 'x', status_code: 404, version: '1.22.0', detail: 'No Project matches the given query.', exc_info: null },
      },
    });
    const { model, refresher } = setup();
    await refresher.refresh();
    assert.equal(model.status.kind, 'ready');
    const error = model.project(gone)?.error;
    assert.ok(error instanceof HttpStatusError && error.status === 404);
    assert.equal(model.projects.filter((p) => p.backends?.length === 1).length, 4);
  });

  it('a rejected token fails the server once and stops asking', async () => {
    seedManyProjects(lab.fake, { projects: 30, backendsPerProject: 0, mlUrl: lab.ml.url });
    const { model, refresher } = setup(8, 'f'.repeat(40));
    await refresher.refresh();
    assert.ok(model.status.kind === 'failed' && model.status.error instanceof TokenRejectedError);
    assert.equal(lab.fake.requests.length, 1);
  });

  it('a token rejected in the middle (on /api/ml) stops the queue instead of failing every project', async () => {
    seedManyProjects(lab.fake, { projects: 40, backendsPerProject: 0, mlUrl: lab.ml.url });
    lab.fake.injectFault({ path: /^\/api\/ml\//, fault: { kind: 'status', status: 401 } });
    const { model, refresher } = setup(2);
    await refresher.refresh();
    assert.ok(model.status.kind === 'failed' && model.status.error instanceof TokenRejectedError);
    assert.ok(lab.fake.requests.filter((r) => r.path.startsWith('/api/ml/')).length <= 3);
    assert.ok(
      model.projects.every((p) => !p.loading),
      'no project keeps spinning',
    );
  });

  it('a server that goes down keeps the last projects and says why', async () => {
    seedManyProjects(lab.fake, { projects: 3, backendsPerProject: 1, mlUrl: lab.ml.model('ok', {}) });
    const { model, refresher } = setup();
    await refresher.refresh();
    lab.fake.injectFault({ path: /^\/api\/projects\//, fault: { kind: 'reset' } });
    await refresher.refresh();
    assert.ok(model.status.kind === 'failed' && model.status.error instanceof NetworkError);
    assert.equal(model.projects.length, 3);
    assert.ok(model.projects.every((p) => p.backends?.length === 1));
  });

  it('projects removed on the server disappear on the next complete refresh', async () => {
    const { projectIds } = seedManyProjects(lab.fake, { projects: 3, backendsPerProject: 0, mlUrl: lab.ml.url });
    const { model, refresher } = setup();
    await refresher.refresh();
    lab.fake.deleteProject(projectIds[0]);
    await refresher.refresh();
    assert.deepEqual(model.projects.map((p) => p.id).sort(), projectIds.slice(1).sort());
  });

  it('refreshing one project calls only that project', async () => {
    const { projectIds } = seedManyProjects(lab.fake, { projects: 3, backendsPerProject: 1, mlUrl: lab.ml.model('ok', {}) });
    const { model, refresher } = setup();
    await refresher.refresh();
    lab.fake.resetRequests();
    await refresher.refreshProject(projectIds[1]);
    assert.deepEqual(
      lab.fake.requests.map((r) => r.path),
      [`/api/ml/?project=${projectIds[1]}`],
    );
    assert.equal(model.project(projectIds[1])?.loading, false);
  });

  it('connection refused fails the server with a readable reason', async () => {
    const { model, refresher } = setup(8, lab.fake.legacyTokens[0], await closedPortUrl());
    await refresher.refresh();
    assert.ok(model.status.kind === 'failed' && /connection refused/.test(model.status.error.message));
  });
});
