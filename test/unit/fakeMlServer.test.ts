// FakeMlServer: the label-studio-ml-backend routes, per-model behaviours by path prefix, closedPortUrl.
import * as assert from 'node:assert/strict';
import { closedPortUrl, FakeMlServer } from '../fake/fakeMlServer';
import { rawRequest } from '../fake/rawHttp';

describe('FakeMlServer', () => {
  let ml: FakeMlServer;

  beforeEach(async () => {
    ml = await FakeMlServer.start({ models: { yolo: { modelVersion: 'y-1', modelClass: 'YOLO' } } });
  });
  afterEach(() => ml.close());

  const post = (url: string, body: object, headers: Record<string, string> = {}) => rawRequest(url, { method: 'POST', body, headers });

  it('answers /health and / like the ML SDK, at the root and under a model prefix', async () => {
    assert.deepEqual((await rawRequest(`${ml.url}/health`)).json, { status: 'UP', model_class: 'NewModel' });
    assert.deepEqual((await rawRequest(`${ml.url}/`)).json, { status: 'UP', model_class: 'NewModel' });
    assert.deepEqual((await rawRequest(`${ml.urlFor('yolo')}/health`)).json, { status: 'UP', model_class: 'YOLO' });
    assert.equal(ml.urlFor('yolo'), `${ml.url}/yolo`);
    assert.equal(ml.urlFor(''), ml.url);
  });

  it('answers /setup with the model version and records the request', async () => {
    const r = await post(`${ml.urlFor('yolo')}/setup`, { project: '1.1700000000', schema: '<View/>' });
    assert.deepEqual(r.json, { model_version: 'y-1' });
    const rec = ml.requests.at(-1)!;
    assert.equal(rec.model, 'yolo');
    assert.equal(rec.route, '/setup');
    assert.deepEqual(rec.body, { project: '1.1700000000', schema: '<View/>' });
    assert.equal(rec.status, 200);
  });

  it('answers /predict with one prediction per task', async () => {
    ml.model('p', { predictions: [{ score: 0.8, result: [{ a: 1 }] }], modelVersion: 'p-2' });
    const r = await post(`${ml.urlFor('p')}/predict`, { tasks: [{ id: 1 }, { id: 2 }] });
    assert.deepEqual((r.json as { results: unknown[] }).results, [
      { model_version: 'p-2', score: 0.8, result: [{ a: 1 }] },
      { model_version: 'p-2', score: 0.8, result: [{ a: 1 }] },
    ]);
  });

  it('answers /webhook with 201 for training events and 200 "Unknown event" otherwise', async () => {
    const r = await post(`${ml.url}/webhook`, { action: 'START_TRAINING', project: { id: 1 } });
    assert.equal(r.status, 201);
    assert.equal((r.json as { status: string }).status, 'ok');
    const other = await post(`${ml.url}/webhook`, { action: 'PROJECT_UPDATED' });
    assert.equal(other.status, 200);
    assert.deepEqual(other.json, { status: 'Unknown event' });
  });

  it('has no /versions unless enabled', async () => {
    const missing = await rawRequest(`${ml.url}/versions`);
    assert.equal(missing.status, 404);
    assert.match(String(missing.headers['content-type']), /^text\/html/);
    ml.model('', { versions: ['a', 'b'] });
    assert.deepEqual((await rawRequest(`${ml.url}/versions`)).json, { versions: ['a', 'b'] });
  });

  it('simulates failing health, setup and training the way the SDK/Flask fail', async () => {
    ml.model('bad', { health: 'down', setup: 'error', train: 'error' });
    const health = await rawRequest(`${ml.urlFor('bad')}/health`);
    assert.equal(health.status, 500);
    const setup = await post(`${ml.urlFor('bad')}/setup`, {});
    assert.equal(setup.status, 500);
    const body = setup.json as { status: number; detail: string; request: object; result: { traceback: string } };
    assert.deepEqual(Object.keys(body), ['status', 'detail', 'request', 'result']);
    assert.match(body.detail, /^FileNotFoundError: /);
    assert.match(body.result.traceback, /^Traceback \(most recent call last\):\n/);
    const train = await post(`${ml.urlFor('bad')}/webhook`, { action: 'START_TRAINING' });
    assert.equal(train.status, 500);
    assert.match(train.text, /<title>500 Internal Server Error<\/title>/);
  });

  it('requires Basic credentials on every route when basicAuth is set', async () => {
    ml.model('locked', { basicAuth: { user: 'u', pass: 'p' } });
    const denied = await rawRequest(`${ml.urlFor('locked')}/health`);
    assert.equal(denied.status, 401);
    assert.equal(denied.text, 'Unauthorized');
    assert.equal(denied.headers['www-authenticate'], 'Basic realm="Login required"');
    const ok = await rawRequest(`${ml.urlFor('locked')}/health`, {
      headers: { Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` },
    });
    assert.equal(ok.status, 200);
    ml.model('always-401', { health: 'unauthorized' });
    assert.equal((await rawRequest(`${ml.urlFor('always-401')}/health`)).status, 401);
  });

  it('delays answers by the configured amounts', async () => {
    ml.model('slow', { healthDelayMs: 150 });
    const t = Date.now();
    await rawRequest(`${ml.urlFor('slow')}/health`);
    assert.ok(Date.now() - t >= 140);
  });

  it('closedPortUrl gives a URL that refuses connections', async () => {
    const url = await closedPortUrl();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await rawRequest(`${url}/health`)).error, 'ECONNREFUSED');
  });
});
