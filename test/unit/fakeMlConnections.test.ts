// FakeLabelStudio's `reuseMlConnections` (used by the benchmarks): the same ML calls and the same
// answers as a new connection per call, on kept-alive connections.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { closedPortUrl, FakeMlServer } from '../fake/fakeMlServer';
import { rawRequest } from '../fake/rawHttp';

type Json = Record<string, unknown>;
const timeouts = { connectTimeoutMs: 300, readTimeoutMs: 500, setupTimeoutMs: 500 };

describe('FakeLabelStudio reuseMlConnections', () => {
  let ml: FakeMlServer;
  let downUrl: string;
  const fakes: FakeLabelStudio[] = [];

  before(async () => {
    ml = await FakeMlServer.start();
    downUrl = await closedPortUrl();
  });
  after(() => ml.close());
  afterEach(async () => {
    await Promise.all(fakes.map((f) => f.close()));
    fakes.length = 0;
  });

  async function fakeWith(reuseMlConnections: boolean, urls: string[]): Promise<{ fake: FakeLabelStudio; project: number }> {
    const fake = await FakeLabelStudio.start({ healthCheck: timeouts, reuseMlConnections });
    fakes.push(fake);
    const project = fake.addProject({ title: 'P', created_at: '2026-01-01T00:00:00.000000Z' }).id;
    urls.forEach((url, i) => fake.addBackend({ project, url, title: `b${i}`, created_at: '2026-01-01T00:00:00.000000Z' }));
    return { fake, project };
  }

  const list = async (fake: FakeLabelStudio, project: number) => {
    const r = await rawRequest(`${fake.url}/api/ml/?project=${project}`, { headers: { Authorization: `Token ${fake.legacyTokens[0]}` } });
    assert.equal(r.status, 200);
    return (r.json as Json[]).map(({ updated_at: _, ...rest }) => rest);
  };

  it('answers /api/ml exactly as with a new connection per call, states and error texts included', async () => {
    const urls = [
      ml.model('up', { modelVersion: 'v3' }),
      downUrl,
      ml.model('broken', { setup: 'error' }),
      ml.model('slow', { healthDelayMs: 800 }),
      ml.model('locked', { basicAuth: { user: 'u', pass: 'p' } }),
    ];
    const fresh = await fakeWith(false, urls);
    const pooled = await fakeWith(true, urls);
    ml.resetRequests();
    const expected = await list(fresh.fake, fresh.project);
    const freshCalls = ml.requests.map((r) => `${r.method} ${r.model}${r.route}`);
    ml.resetRequests();
    const got = await list(pooled.fake, pooled.project);
    assert.deepEqual(
      ml.requests.map((r) => `${r.method} ${r.model}${r.route}`),
      freshCalls,
    );
    assert.deepEqual(got, expected);
    assert.deepEqual(
      got.map((b) => b.state),
      ['CO', 'DI', 'ER', 'DI', 'DI'],
    );
    // Twice more: a pooled connection whose last call timed out is not reused, and the answers stay the same.
    assert.deepEqual(await list(pooled.fake, pooled.project), expected);
  });

  it('opens one connection for sequential calls instead of one per call', async () => {
    const counting = await countingMlServer();
    try {
      const fresh = await fakeWith(false, [counting.url, counting.url]);
      const pooled = await fakeWith(true, [counting.url, counting.url]);
      for (let i = 0; i < 3; i++) await list(fresh.fake, fresh.project);
      assert.deepEqual(counting.take(), { requests: 12, connections: 12, close: 12 });
      for (let i = 0; i < 3; i++)
        assert.deepEqual(
          (await list(pooled.fake, pooled.project)).map((b) => b.state),
          ['CO', 'CO'],
        );
      assert.deepEqual(counting.take(), { requests: 12, connections: 1, close: 0 });
    } finally {
      await counting.close();
    }
  });
});

/** /health and /setup answered OK; counts connections and `Connection: close` requests. */
async function countingMlServer() {
  let requests = 0;
  let connections = 0;
  let close = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    if (req.headers.connection === 'close') close++;
    req.resume();
    req.on('end', () => {
      const body = req.url?.endsWith('/setup') ? { model_version: '1' } : { status: 'UP', model_class: 'M' };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/m`,
    take() {
      const counts = { requests, connections, close };
      requests = connections = close = 0;
      return counts;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
