import * as assert from 'node:assert/strict';
import { createPayload, draftFromBackend, emptyDraft, patchPayload } from '../../src/core/backends/backendForm';
import { RouteMissingError, type LabelStudioClient } from '../../src/core/api/client';
import { HttpStatusError, TokenRejectedError } from '../../src/core/api/errors';
import { closedPortUrl } from '../fake';
import { useFakeLab } from './fakeLab';

describe('ML backend actions against the fake Label Studio', () => {
  const lab = useFakeLab({ fake: { healthCheck: { connectTimeoutMs: 200, readTimeoutMs: 500, setupTimeoutMs: 500 } } });
  let client: LabelStudioClient;
  let project: number;

  beforeEach(() => {
    client = lab.client();
    project = lab.fake.addProject({ title: 'p' }).id;
  });
  const paths = () => lab.fake.requests.map((r) => `${r.method} ${r.path}`);

  it('creates a backend: POST /api/ml/ after Label Studio checked /health and /setup', async () => {
    const url = lab.ml.model('create-ok', { modelVersion: 'v7' });
    const created = await client.createBackend(createPayload({ ...emptyDraft(), url, title: 'new', extraParams: '{"k": 1}' }, project));
    assert.equal(created.state, 'CO');
    assert.equal(created.model_version, 'v7');
    assert.deepEqual(created.extra_params, { k: 1 });
    assert.deepEqual(paths(), ['POST /api/ml/']);
  });

  it('a backend Label Studio cannot reach is refused with its message, HTML stripped', async () => {
    const url = `${await closedPortUrl()}/gone`;
    await assert.rejects(
      client.createBackend(createPayload({ ...emptyDraft(), url }, project)),
      (e: unknown) =>
        e instanceof HttpStatusError &&
        e.status === 400 &&
        /health check failed/.test(e.serverDetail) &&
        !/<a /.test(e.serverDetail) &&
        'non_field_errors' in e.fieldErrors,
    );
  });

  it('an edit round-trips every writable field: the ones not edited are kept, the password too', async () => {
    const url = lab.ml.model('roundtrip', { basicAuth: { user: 'ls', pass: 'secret' }, modelVersion: 'mv' });
    const row = lab.fake.addBackend({
      project,
      url,
      title: 'before',
      description: 'desc',
      is_interactive: true,
      auth_method: 'BASIC_AUTH',
      basic_auth_user: 'ls',
      basic_auth_pass: 'secret',
      extra_params: { threshold: 0.5, labels: ['a', 'b'] },
      model_version: 'mv',
      timeout: 42.5,
      auto_update: false,
    });
    const original = await client.getBackend(row.id);
    assert.equal(original.state, 'CO', 'the stored password authenticates');
    const draft = { ...draftFromBackend(original), title: 'after' };
    const payload = patchPayload(original, draft);
    assert.ok(payload);
    lab.fake.resetRequests();
    const updated = await client.updateBackend(row.id, payload);
    assert.deepEqual(paths(), [`PATCH /api/ml/${row.id}`]);
    const reread = await client.getBackend(row.id);
    for (const b of [updated, reread]) {
      assert.equal(b.title, 'after');
      assert.equal(b.state, 'CO', 'the health check ran with the kept password');
      assert.deepEqual(
        {
          url: b.url,
          project: b.project,
          description: b.description,
          is_interactive: b.is_interactive,
          auth_method: b.auth_method,
          basic_auth_user: b.basic_auth_user,
          basic_auth_pass_is_set: b.basic_auth_pass_is_set,
          extra_params: b.extra_params,
          model_version: b.model_version,
          timeout: b.timeout,
          auto_update: b.auto_update,
        },
        {
          url,
          project,
          description: 'desc',
          is_interactive: true,
          auth_method: 'BASIC_AUTH',
          basic_auth_user: 'ls',
          basic_auth_pass_is_set: true,
          extra_params: { threshold: 0.5, labels: ['a', 'b'] },
          model_version: 'mv',
          timeout: 42.5,
          auto_update: false,
        },
      );
    }
    assert.equal(lab.fake.getBackend(row.id)?.basic_auth_pass, 'secret', 'the stored password is unchanged');
  });

  it('description and timeout round-trip: created with them, edited, read back', async () => {
    const url = lab.ml.model('described', { modelVersion: 'd1' });
    const created = await client.createBackend(
      createPayload({ ...emptyDraft(), url, title: 'desc', description: 'Finds cars', timeout: '12.5' }, project),
    );
    assert.deepEqual([created.description, created.timeout], ['Finds cars', 12.5]);
    const defaults = await client.createBackend(createPayload({ ...emptyDraft(), url, title: 'defaults' }, project));
    assert.deepEqual([defaults.description, defaults.timeout], ['', 100]);
    const payload = patchPayload(created, { ...draftFromBackend(created), description: 'Finds cars and bikes', timeout: '300' });
    assert.deepEqual(payload, { url, project, description: 'Finds cars and bikes', timeout: 300 });
    await client.updateBackend(created.id, payload!);
    const reread = await client.getBackend(created.id);
    assert.deepEqual([reread.description, reread.timeout, reread.title], ['Finds cars and bikes', 300, 'desc']);
    assert.equal(patchPayload(reread, draftFromBackend(reread)), undefined, 'read back, nothing to send');
    await client.updateBackend(created.id, patchPayload(reread, { ...draftFromBackend(reread), description: '' })!);
    assert.equal((await client.getBackend(created.id)).description, '');
  });

  it('refuses to send a PATCH without url or project (it would crash the server)', async () => {
    await assert.rejects(client.updateBackend(1, { title: 'x' }), /must carry url and project/);
    assert.equal(lab.fake.requests.length, 0);
  });

  it('deletes with DELETE /api/ml/{id} (204, empty body); the webhook stays', async () => {
    const created = await client.createBackend(createPayload({ ...emptyDraft(), url: lab.ml.model('del', {}) }, project));
    const webhooks = lab.fake.webhooks.length;
    await client.deleteBackend(created.id);
    assert.equal(lab.fake.getBackend(created.id), undefined);
    assert.equal(lab.fake.webhooks.length, webhooks);
    await assert.rejects(client.getBackend(created.id), (e: unknown) => e instanceof HttpStatusError && e.status === 404);
  });

  it('train answers 200 with an empty body; the outcome is only in the backend afterwards', async () => {
    const ok = lab.fake.addBackend({ project, url: lab.ml.model('train-ok', {}), title: 'ok' });
    await client.startTraining(ok.id);
    assert.equal(lab.fake.getBackend(ok.id)?.state, 'TR', 'training was passed on');
    assert.equal((await client.getBackend(ok.id)).state, 'CO', 'the next read overwrites Training');
    const bad = lab.fake.addBackend({ project, url: lab.ml.model('train-bad', { train: 'error' }), title: 'bad' });
    await client.startTraining(bad.id);
    assert.equal(lab.fake.getBackend(bad.id)?.state, 'ER');
    assert.ok(lab.fake.requests.filter((r) => r.path.endsWith('/train')).every((r) => r.status === 200));
  });

  it('model versions: the fallback message, a real list, and an ML error (even a 401) that is not a token problem', async () => {
    const fallback = lab.fake.addBackend({ project, url: lab.ml.model('v-fallback', { modelVersion: 'm1' }), model_version: 'm1' });
    assert.deepEqual(await client.modelVersions(fallback.id), { versions: ['m1'], message: 'Upgrade your ML backend version to latest.' });
    const listed = lab.fake.addBackend({ project, url: lab.ml.model('v-list', { versions: ['a', 'b'] }) });
    assert.deepEqual(await client.modelVersions(listed.id), { versions: ['a', 'b'], message: undefined });
    const locked = lab.fake.addBackend({ project, url: lab.ml.model('v-locked', { basicAuth: { user: 'u', pass: 'p' } }) });
    const result = await client.modelVersions(locked.id);
    assert.equal(result.status, 401);
    assert.ok(result.mlError);
    const down = lab.fake.addBackend({ project, url: `${await closedPortUrl()}/x` });
    const unreachable = await client.modelVersions(down.id);
    assert.equal(unreachable.status, 500);
    assert.match(unreachable.mlError ?? '', /Connection refused|Max retries/);
  });

  it('interactive annotating: data on success, errors when interactive is off', async () => {
    const task = lab.fake.addTask(project, { text: 'hello' }).id;
    const on = lab.fake.addBackend({ project, url: lab.ml.model('inter', {}), is_interactive: true });
    const ok = await client.interactiveAnnotating(on.id, task, { result: [] });
    assert.ok(ok.data && !ok.errors);
    const off = lab.fake.addBackend({ project, url: lab.ml.model('inter-off', {}), is_interactive: false });
    const refused = await client.interactiveAnnotating(off.id, task, null);
    assert.deepEqual(refused.errors, ['Model is not set to be used for interactive preannotations']);
  });

  it('predict all tasks: Community has no route (RouteMissingError); the Data Manager action works; Enterprise has it', async () => {
    const b = lab.fake.addBackend({ project, url: lab.ml.model('pred', {}) });
    for (const text of ['a', 'b', 'c']) lab.fake.addTask(project, { text });
    await assert.rejects(client.predictAllTasks(b.id, 100), RouteMissingError);
    assert.ok(paths().includes(`POST /api/ml/${b.id}/predict?batch_size=100`));
    const dm = await client.retrieveProjectPredictions(project, 30_000);
    assert.equal(dm.processedItems, 3);
    assert.match(dm.detail ?? '', /Retrieved \d+ predictions/);
    lab.fake.edition = 'enterprise';
    assert.match(await client.predictAllTasks(b.id, 100), /started/);
  });

  it("lists a project's first tasks for the test request picker", async () => {
    for (let i = 0; i < 25; i++) lab.fake.addTask(project, { text: `t${i}` });
    const tasks = await client.listTasks(project, 20);
    assert.equal(tasks.length, 20);
    assert.match(tasks[0].preview, /^t\d+$/);
    assert.equal(lab.fake.requests[0].path, `/api/tasks/?project=${project}&page_size=20&page=1`);
  });

  it('a rejected token on an action is TokenRejectedError, not a backend error', async () => {
    const c = lab.client('nope');
    await assert.rejects(c.modelVersions(1), TokenRejectedError);
  });
});
