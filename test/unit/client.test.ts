import * as assert from 'node:assert/strict';
import { LabelStudioClient, type ClientOptions, type RequestLogEntry } from '../../src/core/api/client';
import { HttpStatusError, NetworkError, TokenRejectedError, UnexpectedResponseError } from '../../src/core/api/errors';
import { createUndiciTransport, type HttpTransport } from '../../src/core/net/http';
import { FakeLabelStudio, FakeMlServer, closedPortUrl, seedManyProjects } from '../fake';

describe('LabelStudioClient against the fake Label Studio', function () {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let transports: HttpTransport[] = [];

  before(async () => {
    ml = await FakeMlServer.start();
  });
  after(async () => {
    await ml.close();
  });
  beforeEach(async () => {
    fake = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 200, readTimeoutMs: 500, setupTimeoutMs: 500 } });
  });
  afterEach(async () => {
    await Promise.all(transports.map((t) => t.close()));
    transports = [];
    await fake.close();
  });

  function client(
    token: string,
    extra: Partial<ClientOptions> = {},
    baseUrl = fake.url,
  ): { client: LabelStudioClient; log: RequestLogEntry[] } {
    const log: RequestLogEntry[] = [];
    const transport = createUndiciTransport({ connections: 8, maxBodyBytes: 8 * 1024 * 1024 });
    transports.push(transport);
    return { client: new LabelStudioClient({ baseUrl, token, transport, onRequest: (e) => log.push(e), ...extra }), log };
  }

  const legacy = () => fake.legacyTokens[0];

  it('lists 135 projects across two pages with include=id,title and page_size=100, sending the legacy key as "Token"', async () => {
    seedManyProjects(fake, { projects: 135, backendsPerProject: 0, mlUrl: ml.url });
    const pages: number[] = [];
    const { client: c, log } = client(legacy());
    const projects = await c.listProjects((page) => pages.push(page.length));
    assert.equal(projects.length, 135);
    assert.equal(new Set(projects.map((p) => p.id)).size, 135);
    assert.deepEqual(pages, [100, 35], 'each page is handed over as it arrives');
    assert.deepEqual(
      log.map((e) => e.path),
      ['/api/projects/?include=id,title&page_size=100&page=1', '/api/projects/?include=id,title&page_size=100&page=2'],
    );
    assert.deepEqual(
      fake.requests.map((r) => r.authKind),
      ['token', 'token'],
    );
  });

  it('keeps the configured origin when `next` names another host (reverse proxy)', async () => {
    seedManyProjects(fake, { projects: 120, backendsPerProject: 0, mlUrl: ml.url });
    fake.publicOrigin = 'http://internal-host:9999';
    const { client: c } = client(legacy());
    assert.equal((await c.listProjects()).length, 120);
    assert.equal(fake.requests.length, 2, 'both pages were asked of the configured server');
  });

  it("lists a project's backends with GET /api/ml/?project=N, states decided by real health checks", async () => {
    const project = fake.addProject({ title: 'p' }).id;
    fake.addBackend({ project, url: ml.model('up', {}), title: 'up' });
    fake.addBackend({ project, url: `${await closedPortUrl()}/down`, title: 'down' });
    fake.addBackend({ project, url: ml.model('broken', { setup: 'error' }), title: 'broken' });
    const { client: c, log } = client(legacy());
    const backends = await c.listBackends(project);
    assert.deepEqual(
      log.map((e) => `${e.method} ${e.path} ${e.status}`),
      [`GET /api/ml/?project=${project} 200`],
    );
    const states = Object.fromEntries(backends.map((b) => [b.title, b.state]));
    assert.deepEqual(states, { up: 'CO', down: 'DI', broken: 'ER' });
    assert.match(backends.find((b) => b.title === 'broken')?.error_message ?? '', /500 Server Error/);
    const one = await c.getBackend(backends[0].id);
    assert.equal(one.id, backends[0].id);
    assert.equal(log[1].path, `/api/ml/${backends[0].id}`, 'one backend: no trailing slash');
  });

  describe('personal access tokens', () => {
    it('exchanges the PAT once at /api/token/refresh/ and reuses the access token as Bearer', async () => {
      seedManyProjects(fake, { projects: 3, backendsPerProject: 0, mlUrl: ml.url });
      const { client: c, log } = client(fake.issuePersonalAccessToken());
      await c.listProjects();
      await c.listProjects();
      await c.whoami();
      assert.equal(c.tokenExchangeCount, 1);
      assert.equal(fake.tokenExchanges, 1);
      assert.deepEqual(
        log.map((e) => `${e.method} ${e.path.split('?')[0]}`),
        ['POST /api/token/refresh/', 'GET /api/projects/', 'GET /api/projects/', 'GET /api/current-user/whoami'],
      );
      const refresh = fake.requests.find((r) => r.path.startsWith('/api/token/refresh/'));
      assert.equal(refresh?.authKind, 'none', 'the PAT travels in the body, never in a header');
      assert.ok(fake.requests.filter((r) => !r.path.startsWith('/api/token/')).every((r) => r.authKind === 'bearer'));
    });

    it('renews shortly before the access token expires, without waiting for a 401', async () => {
      fake.accessTokenTtlSeconds = 300;
      let now = Date.now();
      const { client: c } = client(fake.issuePersonalAccessToken(), { now: () => now });
      await c.whoami();
      now += 240_000; // 4 of 5 minutes: still valid
      await c.whoami();
      assert.equal(c.tokenExchangeCount, 1);
      now += 40_000; // within the renewal margin
      await c.whoami();
      assert.equal(c.tokenExchangeCount, 2);
      assert.equal(fake.requests.filter((r) => r.status === 401).length, 0);
    });

    it('an access token that expired early: one renewal and one retry, then the call succeeds', async () => {
      fake.accessTokenTtlSeconds = 60;
      const { client: c } = client(fake.issuePersonalAccessToken(), { now: () => 0 }); // the client believes the token is fresh
      await c.whoami();
      fake.advanceClock(61_000); // the server's clock: its token has expired, the client's clock has not moved
      const me = await c.whoami();
      assert.equal(me.username, 'ada');
      assert.equal(c.tokenExchangeCount, 2);
      assert.deepEqual(
        fake.requests.map((r) => `${r.path.split('?')[0]} ${r.status}`),
        [
          '/api/token/refresh/ 200',
          '/api/current-user/whoami 200',
          '/api/current-user/whoami 401',
          '/api/token/refresh/ 200',
          '/api/current-user/whoami 200',
        ],
      );
    });

    it('concurrent calls share one exchange', async () => {
      seedManyProjects(fake, { projects: 8, backendsPerProject: 0, mlUrl: ml.url });
      const { client: c } = client(fake.issuePersonalAccessToken());
      await Promise.all([1, 2, 3, 4, 5, 6].map((id) => c.listBackends(id)));
      assert.equal(fake.tokenExchanges, 1);
    });

    it('a revoked PAT is a TokenRejectedError after one exchange attempt, not a loop', async () => {
      const pat = fake.issuePersonalAccessToken();
      fake.revokePersonalAccessToken(pat);
      const { client: c } = client(pat);
      await assert.rejects(
        c.whoami(),
        (e: unknown) => e instanceof TokenRejectedError && /Token is blacklisted/.test(e.message) && !e.message.includes(pat),
      );
      assert.equal(fake.requests.length, 1);
    });

    it('Bearer rejected even after renewal (PATs disabled on the server) stops after one retry', async () => {
      fake.patEnabled = false;
      const { client: c } = client(fake.issuePersonalAccessToken());
      await assert.rejects(c.whoami(), (e: unknown) => e instanceof TokenRejectedError && /credentials were not provided/.test(e.message));
      assert.deepEqual(
        fake.requests.map((r) => r.path.split('?')[0]),
        ['/api/token/refresh/', '/api/current-user/whoami', '/api/token/refresh/', '/api/current-user/whoami'],
      );
    });
  });

  describe('legacy tokens', () => {
    it("an unknown key is rejected at once with the server's words", async () => {
      const { client: c } = client('0000000000000000000000000000000000000000');
      await assert.rejects(c.whoami(), (e: unknown) => e instanceof TokenRejectedError && e.serverDetail === 'Invalid token.');
      assert.equal(fake.requests.length, 1);
    });

    it('legacy keys disabled on the server: the message says to create a personal access token', async () => {
      fake.legacyTokensEnabled = false;
      const { client: c } = client(legacy());
      await assert.rejects(c.whoami(), /legacy token authentication has been disabled.*Create a personal access token/);
    });
  });

  describe('errors', () => {
    it("an unknown route answers Django's HTML 404: recognised as an HTML page", async () => {
      const { client: c } = client(legacy());
      await assert.rejects(
        c.get('/api/ml/1/'),
        (e: unknown) =>
          e instanceof UnexpectedResponseError &&
          /answered with an HTML page \(status 404\): is this the Label Studio URL\?/.test(e.message),
      );
    });

    it('a login page with status 200 instead of JSON is recognised too', async () => {
      fake.injectFault({ path: /^\/api\/projects\//, fault: { kind: 'html', status: 200 } });
      const { client: c } = client(legacy());
      await assert.rejects(c.listProjects(), /HTML page \(status 200\)/);
    });

    it('a redirect is not followed, so the token does not go where it points', async () => {
      fake.injectFault({
        path: /^\/api\/projects\//,
        fault: { kind: 'html', status: 302, location: 'https://sso.example.com/login?next=/api/projects/' },
      });
      const { client: c } = client(legacy());
      await assert.rejects(
        c.listProjects(),
        (e: unknown) =>
          e instanceof HttpStatusError && e.status === 302 && /redirected to sso\.example\.com\/login.*not followed/.test(e.message),
      );
    });

    it('envelope errors carry the detail: a project that does not exist', async () => {
      const { client: c } = client(legacy());
      await assert.rejects(
        c.listBackends(4242),
        (e: unknown) => e instanceof HttpStatusError && e.status === 404 && e.serverDetail === 'No Project matches the given query.',
      );
    });

    it('a 500 with exc_info: message without the traceback', async () => {
      fake.injectFault({ path: /^\/api\/ml\//, fault: { kind: 'status', status: 500 } });
      const { client: c } = client(legacy());
      await assert.rejects(
        c.listBackends(1),
        (e: unknown) => e instanceof HttpStatusError && e.status === 500 && !/Traceback/.test(e.message),
      );
    });

    it('connection refused, unknown host and timeout are named', async () => {
      const refused = client(legacy(), {}, await closedPortUrl()).client;
      await assert.rejects(
        refused.whoami(),
        (e: unknown) => e instanceof NetworkError && e.reason === 'refused' && /connection refused/.test(e.message),
      );
      const dns = client(legacy(), {}, 'http://no-such-host.invalid').client;
      await assert.rejects(dns.whoami(), (e: unknown) => e instanceof NetworkError && e.reason === 'dns');
      fake.injectFault({ path: '/api/current-user/whoami', fault: { kind: 'hang' } });
      const slow = client(legacy(), { timeouts: { default: 300 } }).client;
      await assert.rejects(slow.whoami(), (e: unknown) => e instanceof NetworkError && e.reason === 'timeout');
    });

    it('truncated JSON and a reset mid-body are readable errors; a GET reset once is retried', async () => {
      fake.injectFault({ path: '/api/current-user/whoami', fault: { kind: 'truncated-json' } });
      const { client: c } = client(legacy());
      await assert.rejects(c.whoami(), (e: unknown) => e instanceof NetworkError || e instanceof UnexpectedResponseError);
      fake.clearFaults();
      fake.resetRequests();
      fake.injectFault({ path: '/api/current-user/whoami', times: 1, fault: { kind: 'reset' } });
      assert.equal((await c.whoami()).username, 'ada');
      assert.equal(fake.requests.length, 2);
    });

    it('waits for Retry-After on 429/503 (GET only) and gives up when asked to wait too long', async () => {
      const waits: number[] = [];
      fake.injectFault({
        path: '/api/current-user/whoami',
        times: 1,
        fault: { kind: 'status', status: 429, headers: { 'Retry-After': '2' } },
      });
      const { client: c } = client(legacy(), { sleep: async (ms) => void waits.push(ms) });
      assert.equal((await c.whoami()).username, 'ada');
      assert.deepEqual(waits, [2000]);
      fake.injectFault({
        path: '/api/current-user/whoami',
        times: 1,
        fault: { kind: 'status', status: 503, headers: { 'Retry-After': '3600' } },
      });
      await assert.rejects(c.whoami(), (e: unknown) => e instanceof HttpStatusError && e.status === 503);
    });

    it('a body over the size limit is refused with a message, not read into memory', async () => {
      fake.injectFault({ path: '/api/current-user/whoami', fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 } });
      const transport = createUndiciTransport({ connections: 1, maxBodyBytes: 1024 * 1024 });
      transports.push(transport);
      const c = new LabelStudioClient({ baseUrl: fake.url, token: legacy(), transport });
      await assert.rejects(c.whoami(), /larger than 1 MB/);
    });

    it('no error message and no log line contains the token', async () => {
      const pat = fake.issuePersonalAccessToken();
      fake.revokePersonalAccessToken(pat);
      const { client: c, log } = client(pat);
      const messages: string[] = [];
      await c.whoami().catch((e: Error) => messages.push(e.message, String((e as { detail?: string }).detail)));
      const bad = client(legacy() + 'x');
      await bad.client.whoami().catch((e: Error) => messages.push(e.message));
      const text = JSON.stringify([messages, log, bad.log]);
      assert.ok(!text.includes(pat) && !text.includes(legacy() + 'x'));
      assert.ok(messages.length >= 2);
    });
  });
});
