// FakeLabelStudio: /api/ml endpoints with their real side effects, against a FakeMlServer.
import * as assert from 'node:assert/strict';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { closedPortUrl, FakeMlServer } from '../fake/fakeMlServer';
import { rawRequest, type RawResponse } from '../fake/rawHttp';
import type { FakeProject } from '../fake/records';

type Json = Record<string, unknown>;

describe('FakeLabelStudio ML backends', () => {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let project: FakeProject;
  let headers: Record<string, string>;
  let downUrl: string;

  before(async () => {
    ml = await FakeMlServer.start();
    downUrl = await closedPortUrl();
  });
  after(() => ml.close());

  beforeEach(async () => {
    ml.resetRequests();
    fake = await FakeLabelStudio.start({
      healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 500, setupTimeoutMs: 500, trainTimeoutMs: 2000 },
    });
    headers = { Authorization: `Token ${fake.legacyTokens[0]}` };
    project = fake.addProject({ title: 'Cars', show_collab_predictions: true });
  });
  afterEach(() => fake.close());

  const api = (method: string, path: string, body?: object) => rawRequest(`${fake.url}${path}`, { method, headers, body });
  const json = (r: RawResponse) => r.json as Json;
  const validation = (r: RawResponse) => json(r).validation_errors as Record<string, string[]>;

  describe('state from real health and setup calls', () => {
    it('lists the project backends as a bare array with states CO, DI, ER', async () => {
      const up = fake.addBackend({ project: project.id, url: ml.model('up', { modelVersion: 'v7' }), title: 'up' });
      const down = fake.addBackend({ project: project.id, url: downUrl, title: 'down', error_message: 'stale message' });
      const broken = fake.addBackend({ project: project.id, url: ml.model('broken', { setup: 'error' }), title: 'broken' });
      const r = await api('GET', `/api/ml/?project=${project.id}`);
      assert.equal(r.status, 200);
      const list = r.json as Json[];
      assert.ok(Array.isArray(list));
      const byId = new Map(list.map((b) => [b.id, b]));
      assert.equal(byId.get(up.id)!.state, 'CO');
      assert.equal(byId.get(up.id)!.readable_state, 'Connected');
      assert.equal(byId.get(up.id)!.model_version, 'v7');
      assert.equal(byId.get(up.id)!.error_message, null);
      assert.equal(byId.get(down.id)!.state, 'DI');
      assert.equal(byId.get(down.id)!.error_message, 'stale message'); // left unchanged
      assert.equal(byId.get(broken.id)!.state, 'ER');
      assert.equal(byId.get(broken.id)!.error_message, `500 Server Error: INTERNAL SERVER ERROR for url: ${ml.urlFor('broken')}/setup`);
    });

    it('sends the real /setup body and bumps updated_at on every read', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('setup-body'), extra_params: { k: 1 } });
      const first = json(await api('GET', `/api/ml/${b.id}`));
      const second = json(await api('GET', `/api/ml/${b.id}`));
      assert.ok(String(second.updated_at) > String(first.updated_at));
      const setupCall = ml.requests.find((r) => r.model === 'setup-body' && r.route === '/setup')!;
      assert.deepEqual(Object.keys(setupCall.body as object), ['project', 'schema', 'hostname', 'access_token', 'extra_params']);
      const body = setupCall.body as Json;
      assert.equal(body.project, `${project.id}.${Math.floor(Date.parse(project.created_at) / 1000)}`);
      assert.equal(body.schema, project.label_config);
      assert.equal(body.hostname, fake.url);
      assert.equal(body.access_token, fake.legacyTokens[0]);
      assert.deepEqual(body.extra_params, { k: 1 });
      assert.ok(ml.requests.some((r) => r.model === 'setup-body' && r.route === '/health' && r.method === 'GET'));
    });

    it('keeps model_version when auto_update is false', async () => {
      const b = fake.addBackend({
        project: project.id,
        url: ml.model('pinned-version', { modelVersion: 'new' }),
        model_version: 'mine',
        auto_update: false,
      });
      assert.equal(json(await api('GET', `/api/ml/${b.id}`)).model_version, 'mine');
    });

    it('sends Basic credentials; without them the backend is DI', async () => {
      const url = ml.model('secured', { basicAuth: { user: 'u', pass: 'p' } });
      const withCreds = fake.addBackend({
        project: project.id,
        url,
        auth_method: 'BASIC_AUTH',
        basic_auth_user: 'u',
        basic_auth_pass: 'p',
      });
      const without = fake.addBackend({ project: project.id, url });
      const list = json(await api('GET', `/api/ml?project=${project.id}`)) as unknown as Json[];
      assert.equal(list.find((b) => b.id === withCreds.id)!.state, 'CO');
      assert.equal(list.find((b) => b.id === without.id)!.state, 'DI');
      assert.equal(list.find((b) => b.id === withCreds.id)!.basic_auth_pass_is_set, true);
      assert.ok(!('basic_auth_pass' in list[0]));
      assert.ok(ml.requests.some((r) => r.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`));
    });

    it('marks a backend DI when /health is slower than the read timeout', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('slow', { healthDelayMs: 900 }) });
      assert.equal(json(await api('GET', `/api/ml/${b.id}`)).state, 'DI');
    });

    it('keeps a stickyState without calling the ML server', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('sticky'), stickyState: 'TR' });
      assert.equal(json(await api('GET', `/api/ml/${b.id}`)).state, 'TR');
      assert.equal(ml.requests.filter((r) => r.model === 'sticky').length, 0);
    });
  });

  describe('list errors', () => {
    it('404s without project, with a non-numeric one, or an unknown one', async () => {
      const none = await api('GET', '/api/ml/');
      assert.equal(none.status, 404);
      assert.equal(json(none).detail, 'No Project matches the given query.');
      assert.equal(json(await api('GET', '/api/ml/?project=abc')).detail, 'Not found.');
      assert.equal(json(await api('GET', '/api/ml/?project=999')).detail, 'No Project matches the given query.');
    });
  });

  describe('POST /api/ml/', () => {
    it('creates a backend (201), runs the state check, creates the webhook and never echoes the password', async () => {
      const url = ml.model('new', { modelVersion: 'm1', basicAuth: { user: 'u', pass: 'pw' } });
      const r = await api('POST', '/api/ml/', {
        url,
        project: project.id,
        title: 'created',
        auth_method: 'BASIC_AUTH',
        basic_auth_user: 'u',
        basic_auth_pass: 'pw',
      });
      assert.equal(r.status, 201);
      const b = json(r);
      assert.equal(b.state, 'CO');
      assert.equal(b.model_version, 'm1');
      assert.equal(b.basic_auth_pass_is_set, true);
      assert.ok(!('basic_auth_pass' in b));
      assert.equal(fake.getBackend(Number(b.id))!.basic_auth_pass, 'pw');
      assert.deepEqual(
        fake.webhooks.map((w) => [w.project, w.url, w.send_for_all_actions]),
        [[project.id, `${url}/webhook`, true]],
      );
      assert.equal(fake.getProject(project.id)!.model_version, 'created');
      // validation health+setup, then update_state health+setup
      assert.equal(
        ml.requests
          .filter((q) => q.model === 'new')
          .map((q) => q.route)
          .join(','),
        '/health,/setup,/health,/setup',
      );
    });

    it('reports field errors first, in field order', async () => {
      const r = await api('POST', '/api/ml/', { project: 999 });
      assert.equal(r.status, 400);
      assert.equal(json(r).detail, 'Validation error');
      assert.deepEqual(validation(r), { url: ['This field is required.'], project: ['Invalid pk "999" - object does not exist.'] });
    });

    it('rejects non-http schemes with 403 and unresolvable hosts with 500', async () => {
      const scheme = await api('POST', '/api/ml/', { url: 'ftp://example.com', project: project.id });
      assert.equal(scheme.status, 403);
      assert.equal(
        json(scheme).detail,
        'The provided URL was not valid. URLs must begin with http:// or https://, and cannot be local IPs.',
      );
      const host = await api('POST', '/api/ml/', { url: 'http://no-such-host.invalid:9090', project: project.id });
      assert.equal(host.status, 500);
      assert.equal(json(host).detail, "Can't resolve hostname no-such-host.invalid");
    });

    it('requires both Basic auth fields', async () => {
      const r = await api('POST', '/api/ml/', { url: ml.model('x'), project: project.id, auth_method: 'BASIC_AUTH', basic_auth_user: 'u' });
      assert.equal(r.status, 400);
      assert.deepEqual(validation(r), { non_field_errors: ['Authentication username and password is required for Basic Authentication.'] });
    });

    it('crashes (500) on BASIC_AUTH with an empty password on create, like 1.22', async () => {
      const r = await api('POST', '/api/ml/', {
        url: ml.model('x'),
        project: project.id,
        auth_method: 'BASIC_AUTH',
        basic_auth_user: 'u',
        basic_auth_pass: '',
      });
      assert.equal(r.status, 500);
      assert.equal(json(r).detail, "'NoneType' object has no attribute 'basic_auth_pass'");
      assert.match(String(json(r).exc_info), /^Traceback/);
    });

    it('reports a failed health check as a non-field error with the HTML anchor', async () => {
      const r = await api('POST', '/api/ml/', { url: downUrl, project: project.id });
      assert.equal(r.status, 400);
      const [msg] = validation(r).non_field_errors;
      assert.ok(msg.startsWith(`Can't connect to ML backend ${downUrl}, health check failed.`));
      assert.ok(msg.includes('<a href="https://labelstud.io/guide/ml.html">Learn more</a>'));
      assert.match(
        msg,
        /Additional info: HTTPConnectionPool\(host='127\.0\.0\.1', port=\d+\): Max retries exceeded with url: \/health \(Caused by NewConnectionError\('.*\[Errno 111\] Connection refused'\)\)$/,
      );
    });

    it('reports an ML 401 as the authentication-parameters message', async () => {
      const r = await api('POST', '/api/ml/', { url: ml.model('locked', { basicAuth: { user: 'a', pass: 'b' } }), project: project.id });
      assert.deepEqual(validation(r), {
        non_field_errors: ['Able to connect to ML Server, but authentication parameters were either not provided or are incorrect.'],
      });
    });

    it('reports a failed setup', async () => {
      const url = ml.model('nosetup', { setup: 'error' });
      const r = await api('POST', '/api/ml/', { url, project: project.id });
      assert.equal(r.status, 400);
      const [msg] = validation(r).non_field_errors;
      assert.ok(
        msg.startsWith(
          `Successfully connected to ${url} but it doesn't look like a valid ML backend. Reason: 500 Server Error: INTERNAL SERVER ERROR for url: ${url}/setup.\n`,
        ),
      );
      assert.equal(fake.backends.length, 0);
    });
  });

  describe('PATCH / PUT / DELETE /api/ml/{id}', () => {
    it('crashes (500) on a PATCH without url, with the traceback in exc_info', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('p') });
      const r = await api('PATCH', `/api/ml/${b.id}`, { title: 'renamed' });
      assert.equal(r.status, 500);
      assert.equal(json(r).detail, "MLBackend.healthcheck_() missing 1 required positional argument: 'url'");
      assert.match(String(json(r).exc_info), /TypeError: MLBackend\.healthcheck_\(\) missing 1 required positional argument: 'url'\n$/);
      assert.equal(fake.getBackend(b.id)!.title, 'default');
    });

    it('crashes (500) on a PATCH with url but no project', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('p') });
      const r = await api('PATCH', `/api/ml/${b.id}`, { url: b.url });
      assert.equal(r.status, 500);
      assert.equal(json(r).detail, "MLBackend.setup_() missing 1 required positional argument: 'project'");
    });

    it('updates with url + project and keeps the stored password when blank', async () => {
      const url = ml.model('edit', { basicAuth: { user: 'u', pass: 'p' } });
      const b = fake.addBackend({
        project: project.id,
        url,
        title: 'old',
        auth_method: 'BASIC_AUTH',
        basic_auth_user: 'u',
        basic_auth_pass: 'p',
      });
      project.model_version = 'old';
      const r = await api('PATCH', `/api/ml/${b.id}`, {
        url,
        project: project.id,
        title: 'new',
        auth_method: 'BASIC_AUTH',
        basic_auth_user: 'u',
        basic_auth_pass: '',
      });
      assert.equal(r.status, 200);
      assert.equal(json(r).title, 'new');
      assert.equal(json(r).state, 'CO');
      assert.equal(fake.getBackend(b.id)!.basic_auth_pass, 'p');
      assert.equal(fake.getProject(project.id)!.model_version, 'new');
    });

    it('requires url and project on PUT as field errors', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('p') });
      const r = await api('PUT', `/api/ml/${b.id}`, { title: 'x' });
      assert.equal(r.status, 400);
      assert.deepEqual(validation(r), { url: ['This field is required.'], project: ['This field is required.'] });
    });

    it('deletes with 204 and an empty body after a state check; the webhook stays', async () => {
      const url = ml.model('del');
      const created = json(await api('POST', '/api/ml/', { url, project: project.id }));
      ml.resetRequests();
      const r = await api('DELETE', `/api/ml/${created.id}`);
      assert.equal(r.status, 204);
      assert.equal(r.body.length, 0);
      assert.equal(r.headers['content-type'], undefined);
      assert.ok(ml.requests.some((q) => q.route === '/health'));
      assert.equal((await api('GET', `/api/ml/${created.id}`)).status, 404);
      assert.equal(fake.webhooks.length, 1);
    });
  });

  describe('train', () => {
    it('answers 200 with an empty body, sends START_TRAINING, sets TR until the next read', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('trainee') });
      const r = await api('POST', `/api/ml/${b.id}/train`, { use_ground_truth: true });
      assert.equal(r.status, 200);
      assert.equal(r.body.length, 0);
      const hook = ml.requests.find((q) => q.route === '/webhook')!.body as Json;
      assert.equal(hook.action, 'START_TRAINING');
      assert.equal((hook.project as Json).id, project.id);
      assert.equal(fake.getBackend(b.id)!.state, 'TR');
      assert.equal(json(await api('GET', `/api/ml/${b.id}`)).state, 'CO');
    });

    it('still answers 200 when training fails, leaving ER + error_message', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('failing', { train: 'error' }) });
      const r = await api('POST', `/api/ml/${b.id}/train`);
      assert.equal(r.status, 200);
      assert.equal(r.body.length, 0);
      assert.equal(fake.getBackend(b.id)!.state, 'ER');
      assert.equal(fake.getBackend(b.id)!.error_message, `500 Server Error: INTERNAL SERVER ERROR for url: ${b.url}/webhook`);
    });

    it('404s an unknown backend', async () => {
      assert.equal((await api('POST', '/api/ml/999/train')).status, 404);
    });
  });

  describe('versions', () => {
    it('falls back to the current model_version with the upgrade message (no /versions route)', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('modern'), model_version: 'yolo-1' });
      const r = await api('GET', `/api/ml/${b.id}/versions`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { versions: ['yolo-1'], message: 'Upgrade your ML backend version to latest.' });
    });

    it('passes the ML server list through when /versions exists', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('old-sdk', { versions: ['1', '2'] }) });
      assert.deepEqual((await api('GET', `/api/ml/${b.id}/versions`)).json, { versions: ['1', '2'] });
    });

    it('answers 500 {"error"} when the ML server is unreachable', async () => {
      const b = fake.addBackend({ project: project.id, url: downUrl });
      const r = await api('GET', `/api/ml/${b.id}/versions`);
      assert.equal(r.status, 500);
      assert.deepEqual(Object.keys(json(r)), ['error']);
      assert.match(
        String(json(r).error),
        /^HTTPConnectionPool\(host='127\.0\.0\.1', port=\d+\): Max retries exceeded with url: \/versions/,
      );
    });

    it('passes an ML 401 through as a 401 with {"error"}', async () => {
      const url = ml.model('versions-locked', { basicAuth: { user: 'a', pass: 'b' } });
      const b = fake.addBackend({ project: project.id, url });
      const r = await api('GET', `/api/ml/${b.id}/versions`);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { error: `401 Client Error: UNAUTHORIZED for url: ${url}/versions` });
      assert.equal(r.headers['www-authenticate'], undefined);
    });
  });

  describe('interactive-annotating', () => {
    it('returns {"data": first result} for an interactive backend', async () => {
      const url = ml.model('sam', { predictions: [{ score: 0.9, result: [{ type: 'rectanglelabels' }] }], modelVersion: 'sam-1' });
      const b = fake.addBackend({ project: project.id, url, is_interactive: true });
      const task = fake.addTask(project.id, { image: 'a.jpg' });
      const r = await api('POST', `/api/ml/${b.id}/interactive-annotating`, { task: task.id, context: { keypoints: [1] } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { data: { model_version: 'sam-1', score: 0.9, result: [{ type: 'rectanglelabels' }] } });
      const sent = ml.requests.find((q) => q.route === '/predict')!.body as Json;
      assert.deepEqual((sent.params as Json).context, { keypoints: [1] });
      assert.equal((sent.tasks as Json[])[0].id, task.id);
    });

    it('answers 200 {"errors"} for a non-interactive or unreachable backend', async () => {
      const task = fake.addTask(project.id, { image: 'a.jpg' });
      const plain = fake.addBackend({ project: project.id, url: ml.model('plain') });
      assert.deepEqual((await api('POST', `/api/ml/${plain.id}/interactive-annotating`, { task: task.id })).json, {
        errors: ['Model is not set to be used for interactive preannotations'],
      });
      const down = fake.addBackend({ project: project.id, url: downUrl, is_interactive: true });
      const r = await api('POST', `/api/ml/${down.id}/interactive-annotating`, { task: task.id });
      assert.equal(r.status, 200);
      assert.match(String((json(r).errors as string[])[0]), /Max retries exceeded with url: \/predict/);
    });

    it('400s without a task and 404s a task of another project', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('sam'), is_interactive: true });
      const missing = await api('POST', `/api/ml/${b.id}/interactive-annotating`, {});
      assert.equal(missing.status, 400);
      assert.deepEqual(validation(missing), { task: ['This field is required.'] });
      const other = fake.addProject({ title: 'Other' });
      const foreign = fake.addTask(other.id, { text: 'x' });
      const r = await api('POST', `/api/ml/${b.id}/interactive-annotating`, { task: foreign.id });
      assert.equal(r.status, 404);
      assert.equal(json(r).detail, 'No Task matches the given query.');
    });
  });

  describe('predictions', () => {
    it('has no /api/ml/{id}/predict on Community (HTML 404), 200 on Enterprise', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('pred') });
      const community = await api('POST', `/api/ml/${b.id}/predict?batch_size=10`);
      assert.equal(community.status, 404);
      assert.match(String(community.headers['content-type']), /^text\/html/);
      fake.edition = 'enterprise';
      const enterprise = await api('POST', `/api/ml/${b.id}/predict?batch_size=10`);
      assert.equal(enterprise.status, 200);
      assert.deepEqual(enterprise.json, { detail: 'Predictions have successfully started.' });
    });

    it('runs retrieve_tasks_predictions with the project FIRST backend', async () => {
      const first = fake.addBackend({
        project: project.id,
        url: ml.model('first', { modelVersion: 'f1', predictions: [{ score: 0.7, result: [] }] }),
      });
      fake.addBackend({ project: project.id, url: ml.model('second') });
      for (let i = 0; i < 3; i++) fake.addTask(project.id, { image: `${i}.jpg` });
      const r = await api('POST', `/api/dm/actions/?id=retrieve_tasks_predictions&project=${project.id}`, {});
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { processed_items: 3, detail: 'Retrieved 3 predictions' });
      assert.equal(ml.requests.filter((q) => q.model === 'second').length, 0);
      assert.equal(fake.getBackend(first.id)!.state, 'CO');
      const tasks = json(await api('GET', `/api/tasks/?project=${project.id}`));
      assert.equal(tasks.total_predictions, 3);

      const some = await api('POST', `/api/dm/actions/?id=retrieve_tasks_predictions&project=${project.id}`, {
        selectedItems: { all: false, included: [1] },
      });
      assert.deepEqual(some.json, { processed_items: 1, detail: 'Retrieved 1 predictions' });
    });

    it('runs a test prediction only with random=true', async () => {
      const b = fake.addBackend({ project: project.id, url: ml.model('t') });
      assert.equal((await api('POST', `/api/ml/${b.id}/predict/test`)).status, 501);
      const empty = await api('POST', `/api/ml/${b.id}/predict/test?random=true`);
      assert.equal(empty.status, 500);
      assert.deepEqual(empty.json, { detail: 'Project has no tasks to run prediction on, import at least 1 task to run prediction' });
      fake.addTask(project.id, { image: 'x.jpg' });
      const ok = await api('POST', `/api/ml/${b.id}/predict/test?random=true`);
      assert.equal(ok.status, 200);
      assert.deepEqual(Object.keys(json(ok)), ['status', 'error_message', 'url', 'task', 'request', 'response']);
    });
  });
});
