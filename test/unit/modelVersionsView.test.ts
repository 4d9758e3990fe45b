import * as assert from 'node:assert/strict';
import { readModelVersions, modelVersionsView, type ModelVersionsPorts } from '../../src/core/backends/modelVersionsView';
import { readBackend } from '../../src/core/api/models';
import { closedPortUrl } from '../fake';
import { useFakeLab } from './fakeLab';

describe('Model Versions (what the list is, which is current, what is said instead)', () => {
  const lab = useFakeLab();

  /** A backend of a new project, as Label Studio reports it, and the ports of the command (progress counted). */
  async function setup(behaviour: Parameters<typeof lab.ml.model>[1], over: { model_version?: string; title?: string } = {}) {
    const client = lab.client();
    const project = lab.fake.addProject({ title: 'Street scenes' }).id;
    const row = lab.fake.addBackend({ project, url: lab.ml.model(`m${project}`, behaviour), title: 'yolo', ...over });
    const backend = await client.getBackend(row.id);
    let progress = 0;
    const ports: ModelVersionsPorts = { client, withProgress: (work) => (progress++, work()) };
    return { backend, ports, progress: () => progress };
  }

  it('no /versions route: Label Studio\'s "Upgrade your ML backend" answer lists the current version, marked and explained', async () => {
    const { backend, ports, progress } = await setup({ modelVersion: 'v3' });
    const view = await readModelVersions(ports, backend);
    assert.equal(progress(), 1);
    assert.ok(view.kind === 'list');
    assert.deepEqual(
      view.items.map((i) => [i.label, i.version, i.description]),
      [['v3', 'v3', '(current)']],
    );
    assert.match(view.items[0].detail ?? '', /^Only the current version is known: the backend has no \/versions route/);
    assert.equal(view.title, 'Model versions of yolo');
    assert.equal(view.placeHolder, 'Pick a version to copy it');
    assert.ok(lab.fake.requests.some((r) => r.path === `/api/ml/${backend.id}/versions`));
  });

  it('a real list: every version, only the current one marked, no fallback note', async () => {
    const { backend, ports } = await setup({ versions: ['v1', 'v2', 'v3'], modelVersion: 'v2' });
    const view = await readModelVersions(ports, backend);
    assert.ok(view.kind === 'list');
    assert.deepEqual(
      view.items.map((i) => [i.version, i.description, i.detail]),
      [
        ['v1', '', undefined],
        ['v2', '(current)', undefined],
        ['v3', '', undefined],
      ],
    );
  });

  it('an empty list says the backend lists no versions', async () => {
    const { backend, ports } = await setup({ versions: [] });
    const view = await readModelVersions(ports, backend);
    assert.ok(view.kind === 'list');
    assert.deepEqual(view.items, []);
    assert.equal(view.placeHolder, 'The backend lists no versions.');
  });

  it("an ML server error (even a 401) is the backend's, with its status; never a rejected token", async () => {
    const { backend, ports } = await setup({ basicAuth: { user: 'a', pass: 'b' } }, { title: 'locked' });
    const view = await readModelVersions(ports, backend);
    assert.ok(view.kind === 'mlError');
    assert.match(view.message, /^The ML backend "locked" answered with an error \(401\): /);
    assert.doesNotMatch(view.message, /token/i);
  });

  it('an ML error without a status, and server text that would be a link, are told plainly', () => {
    const backend = readBackend({ id: 4, project: 1, url: 'http://m', title: '[x](command:evil)', model_version: '[v](command:evil)' });
    const error = modelVersionsView(backend, { versions: [], mlError: 'boom' });
    assert.ok(error.kind === 'mlError');
    assert.match(error.message, /^The ML backend ".*" answered with an error: boom$/);
    assert.doesNotMatch(error.message, /\]\(command:/);
    const list = modelVersionsView(backend, { versions: ['[v](command:evil)'] });
    assert.ok(list.kind === 'list');
    assert.equal(list.items[0].version, '[v](command:evil)', 'the raw version is what is copied');
    assert.equal(list.items[0].description, '(current)');
    assert.doesNotMatch(list.items[0].label + list.title, /\]\(command:/);
  });

  it('Label Studio down: the failure, headed "Could not read the model versions"', async () => {
    const { backend } = await setup({});
    const client = lab.client(undefined, await closedPortUrl());
    const view = await readModelVersions({ client, withProgress: (work) => work() }, backend);
    assert.ok(view.kind === 'failed');
    assert.equal(view.what, 'Could not read the model versions');
    assert.match((view.error as Error).message, /connection refused/);
  });
});
