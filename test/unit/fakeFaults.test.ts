// FakeLabelStudio.injectFault: every fault kind, matching, `times` and remove().
import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { FakeMlServer } from '../fake/fakeMlServer';
import { rawRequest } from '../fake/rawHttp';

describe('FakeLabelStudio faults', () => {
  let fake: FakeLabelStudio;
  let headers: Record<string, string>;
  const WHOAMI = '/api/current-user/whoami';

  beforeEach(async () => {
    fake = await FakeLabelStudio.start();
    headers = { Authorization: `Token ${fake.legacyTokens[0]}` };
  });
  afterEach(() => fake.close());

  const get = (path = WHOAMI, timeoutMs?: number) => rawRequest(`${fake.url}${path}`, { headers, timeoutMs });

  it('status: 500 envelope with a traceback by default', async () => {
    fake.injectFault({ path: WHOAMI, fault: { kind: 'status', status: 500 } });
    const r = await get();
    assert.equal(r.status, 500);
    const body = r.json as { status_code: number; exc_info: string; detail: string };
    assert.equal(body.status_code, 500);
    assert.match(body.exc_info, /^Traceback \(most recent call last\):/);
  });

  it('status: 429 and 503 carry Retry-After; 502 is a proxy HTML page', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'status', status: 429 } });
    const throttled = await get();
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '30');
    assert.equal((throttled.json as { detail: string }).detail, 'Request was throttled. Expected available in 30 seconds.');

    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'status', status: 503, headers: { 'Retry-After': '5' } } });
    const unavailable = await get();
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.headers['retry-after'], '5');
    assert.match(unavailable.text, /503 Service Unavailable/);

    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'status', status: 502 } });
    assert.match(String((await get()).headers['content-type']), /^text\/html/);
  });

  it('status: custom object and string bodies', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'status', status: 418, body: { teapot: true } } });
    assert.deepEqual((await get()).json, { teapot: true });
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'status', status: 500, body: 'plain failure' } });
    const r = await get();
    assert.equal(r.text, 'plain failure');
    assert.match(String(r.headers['content-type']), /^text\/plain/);
  });

  it('html: a 200 login page, a 302 to the login page, a Django 404 page', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'html', status: 200 } });
    const login = await get();
    assert.equal(login.status, 200);
    assert.match(String(login.headers['content-type']), /^text\/html/);
    assert.match(login.text, /<form id="login-form"/);

    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'html', status: 302 } });
    const redirect = await get();
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.location, `/user/login/?next=${encodeURIComponent(WHOAMI)}`);

    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'html', status: 404 } });
    const missing = await get();
    assert.equal(missing.status, 404);
    assert.match(missing.text, /404 \| Label Studio/);
  });

  it('invalid-json and empty-body', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'invalid-json' } });
    const bad = await get();
    assert.equal(bad.status, 200);
    assert.equal(bad.headers['content-type'], 'application/json');
    assert.throws(() => JSON.parse(bad.text));

    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'empty-body', status: 200 } });
    const empty = await get();
    assert.equal(empty.status, 200);
    assert.equal(empty.body.length, 0);
    assert.equal(empty.headers['content-length'], '0');
  });

  it('truncated-json: Content-Length promises more than arrives', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'truncated-json' } });
    const r = await get();
    assert.equal(r.status, 200);
    assert.ok(r.error, 'the client sees a broken body');
    assert.ok(r.body.length < Number(r.headers['content-length']));
    assert.ok(r.text.startsWith('{"id":1,'));
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'truncated-json' } });
    await assert.rejects(async () => (await fetch(`${fake.url}${WHOAMI}`, { headers })).json());
  });

  it('reset: the connection is reset (TCP RST) mid-body', async () => {
    fake.injectFault({ path: '/health/', times: 1, fault: { kind: 'reset' } });
    const outcome = await new Promise<{ code?: string; received: string }>((resolve) => {
      let received = '';
      const socket = connect(fake.port, '127.0.0.1', () => socket.write('GET /health/ HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('data', (d) => (received += d.toString()));
      socket.on('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code, received }));
      socket.on('close', () => resolve({ received }));
    });
    assert.equal(outcome.code, 'ECONNRESET');
    assert.match(outcome.received, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(outcome.received, /Content-Length: 15\r\n/);
    assert.ok(outcome.received.endsWith('\r\n\r\n{"statu'));
  });

  it('hang: accepted, never answered; recorded with status 0', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'hang' } });
    const t = Date.now();
    const r = await get(WHOAMI, 300);
    assert.equal(r.error, 'timeout');
    assert.ok(Date.now() - t >= 280);
    const rec = fake.requests.find((q) => q.path === WHOAMI)!;
    assert.equal(rec.status, 0);
    assert.equal(rec.durationMs, -1);
  });

  it('slow-bytes: the real response, one byte at a time', async () => {
    fake.injectFault({ path: '/health/', times: 1, fault: { kind: 'slow-bytes', intervalMs: 2 } });
    const t = Date.now();
    const r = await get('/health/');
    assert.deepEqual(r.json, { status: 'UP' });
    assert.ok(Date.now() - t >= 100, 'headers and body trickle in');
  });

  it('huge-body: a valid JSON body of exactly the requested size', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 } });
    const r = await get();
    assert.equal(r.body.length, 10 * 1024 * 1024);
    assert.equal(typeof (r.json as { padding: string }).padding, 'string');
  });

  it('delay: waits, then answers normally', async () => {
    fake.injectFault({ path: WHOAMI, times: 1, fault: { kind: 'delay', ms: 200 } });
    const t = Date.now();
    const r = await get();
    assert.ok(Date.now() - t >= 190);
    assert.equal(r.status, 200);
  });

  it('matches by method, exact path (with or without query) or RegExp; honours times and remove()', async () => {
    const onlyPost = fake.injectFault({ method: 'POST', path: WHOAMI, fault: { kind: 'status', status: 500 } });
    assert.equal((await get()).status, 200);
    onlyPost.remove();

    const regex = fake.injectFault({ path: /\/api\/projects\/\?page=2/, fault: { kind: 'status', status: 503 } });
    assert.equal((await get('/api/projects/?page=2')).status, 503);
    assert.equal((await get('/api/projects/?page=1')).status, 200);
    assert.equal(regex.hits, 1);
    regex.remove();

    const twice = fake.injectFault({ path: '/api/projects/', times: 2, fault: { kind: 'status', status: 500 } });
    assert.equal((await get('/api/projects/?page=1')).status, 500);
    assert.equal((await get('/api/projects/')).status, 500);
    assert.equal((await get('/api/projects/')).status, 200);
    assert.equal(twice.hits, 2);
  });

  it('is checked before routing and authentication', async () => {
    fake.injectFault({ path: '/no/such/route', times: 1, fault: { kind: 'status', status: 503 } });
    assert.equal((await rawRequest(`${fake.url}/no/such/route`)).status, 503);
  });

  it('keeps the side effects of the real handler when it damages delivery', async () => {
    const ml = await FakeMlServer.start();
    try {
      const project = fake.addProject({ title: 'Side effects' });
      const b = fake.addBackend({ project: project.id, url: ml.url });
      fake.injectFault({ path: `/api/ml/${b.id}`, times: 1, fault: { kind: 'truncated-json' } });
      const r = await get(`/api/ml/${b.id}`);
      assert.ok(r.error);
      assert.equal(fake.getBackend(b.id)!.state, 'CO');
      assert.ok(ml.requests.some((q) => q.route === '/health'));
    } finally {
      await ml.close();
    }
  });
});
