// FakeLabelStudio: URL resolution (trailing-slash rules), HTML 404s, probes, 405 and the error envelope.
import * as assert from 'node:assert/strict';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { FakeMlServer } from '../fake/fakeMlServer';
import { rawRequest } from '../fake/rawHttp';

describe('FakeLabelStudio routing', () => {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let auth: Record<string, string>;
  let backendId: number;

  before(async () => {
    ml = await FakeMlServer.start();
    fake = await FakeLabelStudio.start();
    auth = { Authorization: `Token ${fake.legacyTokens[0]}` };
    const project = fake.addProject({ title: 'Routing' });
    backendId = fake.addBackend({ project: project.id, url: ml.url }).id;
  });
  after(async () => {
    await fake.close();
    await ml.close();
  });

  const get = (path: string, headers = auth) => rawRequest(`${fake.url}${path}`, { headers });

  it('has a url without trailing slash', () => {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves /api/ml/{id} without slash and gives the HTML 404 with one', async () => {
    const ok = await get(`/api/ml/${backendId}`);
    assert.equal(ok.status, 200);
    assert.equal((ok.json as { id: number }).id, backendId);

    const slash = await get(`/api/ml/${backendId}/`);
    assert.equal(slash.status, 404);
    assert.match(String(slash.headers['content-type']), /^text\/html/);
    assert.match(slash.text, /<title>404 \| Label Studio<\/title>/);
    assert.equal(slash.json, undefined);
  });

  it('applies the same rule to train, versions and interactive-annotating', async () => {
    for (const sub of ['train', 'versions', 'interactive-annotating']) {
      const r = await rawRequest(`${fake.url}/api/ml/${backendId}/${sub}/`, { method: sub === 'versions' ? 'GET' : 'POST', headers: auth });
      assert.equal(r.status, 404, sub);
      assert.match(String(r.headers['content-type']), /^text\/html/, sub);
    }
  });

  it('serves slash-registered routes with and without the slash (internal retry, no redirect)', async () => {
    for (const path of [
      '/api/projects',
      '/api/projects/',
      '/api/ml?project=1',
      '/api/ml/?project=1',
      '/api/projects/1',
      '/api/projects/1/',
    ]) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.location, undefined, path);
    }
  });

  it('serves whoami only without the slash', async () => {
    assert.equal((await get('/api/current-user/whoami')).status, 200);
    const r = await get('/api/current-user/whoami/');
    assert.equal(r.status, 404);
    assert.match(String(r.headers['content-type']), /^text\/html/);
  });

  it('answers unknown routes with the HTML 404 before checking credentials', async () => {
    for (const path of ['/api/nope', '/api/nope/', '/api/ml/abc', '/api/ml/1/predict']) {
      const r = await get(path, {});
      assert.equal(r.status, 404, path);
      assert.match(String(r.headers['content-type']), /^text\/html/, path);
    }
  });

  it('serves the unauthenticated probes', async () => {
    const health = await get('/health/', {});
    assert.deepEqual(health.json, { status: 'UP' });
    assert.deepEqual((await get('/health', {})).json, { status: 'UP' });
    const version = await get('/api/version/', {});
    assert.equal((version.json as { release: string }).release, '1.22.0');
    assert.equal((await get('/api/version', {})).status, 200);
  });

  it('gives a JSON 404 envelope from inside a view', async () => {
    const r = await get('/api/ml/999');
    assert.equal(r.status, 404);
    assert.equal(r.headers['content-type'], 'application/json');
    const body = r.json as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['id', 'status_code', 'version', 'detail', 'exc_info']);
    assert.match(String(body.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(body.status_code, 404);
    assert.equal(body.version, '1.22.0');
    assert.equal(body.detail, 'No MLBackend matches the given query.');
    assert.equal(body.exc_info, null);
  });

  it('answers 405 with the envelope (after authentication)', async () => {
    const r = await rawRequest(`${fake.url}/api/ml/`, { method: 'DELETE', headers: auth });
    assert.equal(r.status, 405);
    assert.equal((r.json as { detail: string }).detail, 'Method "DELETE" not allowed.');
    const anon = await rawRequest(`${fake.url}/api/ml/`, { method: 'DELETE' });
    assert.equal(anon.status, 401);
  });

  it('reports a malformed JSON body as a 400 envelope', async () => {
    const r = await rawRequest(`${fake.url}/api/ml/`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"url": ',
    });
    assert.equal(r.status, 400);
    assert.match((r.json as { detail: string }).detail, /^JSON parse error - /);
  });

  it('applies latencyMs to every response', async () => {
    fake.latencyMs = 150;
    try {
      const t = Date.now();
      await get('/health/', {});
      assert.ok(Date.now() - t >= 140);
    } finally {
      fake.latencyMs = 0;
    }
  });
});
