import * as assert from 'node:assert/strict';
import { createPayload, draftFromBackend, patchPayload } from '../../src/core/backends/backendForm';
import { LabelStudioClient } from '../../src/core/api/client';
import { diagnose, diagnosisReport } from '../../src/core/backends/diagnosis';
import { probeHealth, type HealthProbe } from '../../src/core/backends/healthProbe';
import { createUndiciTransport, type HttpTransport } from '../../src/core/net/http';
import { readBackend } from '../../src/core/api/models';
import { FakeLabelStudio, FakeMlServer, closedPortUrl } from '../fake';

const backend = (over: Record<string, unknown>) =>
  readBackend({ id: 1, project: 2, state: 'DI', url: 'http://localhost:9090', title: 'm', auth_method: 'NONE', ...over });
const ok: HealthProbe = { url: 'http://localhost:9090/health', status: 200, ms: 3, healthy: true, modelClass: 'M' };
const refused: HealthProbe = {
  url: 'http://x/health',
  ms: 1,
  healthy: false,
  failure: { reason: 'refused', message: 'Could not connect to x: connection refused.' },
};

describe('Diagnose Backend: the verdicts', () => {
  it('reachable here, Disconnected in Label Studio, localhost URL: the Docker case, with host.docker.internal', () => {
    const d = diagnose(backend({}), 'http://localhost:8080', ok);
    assert.match(d.verdict, /This machine reaches the backend at `localhost`, Label Studio does not/);
    assert.match(d.cause, /most likely runs in Docker/);
    assert.ok(d.fixes.some((f) => f.includes('http://host.docker.internal:9090')));
    assert.ok(d.fixes.some((f) => /0\.0\.0\.0/.test(f)));
  });

  it('reachable here, Disconnected, a real host name: a network between them blocks it', () => {
    const d = diagnose(backend({ url: 'http://ml.internal:9090' }), 'https://ls.example.com', ok);
    assert.match(d.verdict, /This machine reaches the backend, Label Studio does not/);
    assert.ok(d.fixes.some((f) => f.includes('curl http://localhost:9090/health')));
  });

  it('Error with a healthy /health: setup fails, read the error', () => {
    assert.match(diagnose(backend({ state: 'ER' }), 'http://ls', ok).verdict, /model fails to start/);
  });

  it('basic auth: none configured, wrong credentials, or fine', () => {
    const unauthorized: HealthProbe = { url: 'u', status: 401, ms: 1, healthy: false };
    assert.match(diagnose(backend({}), 'http://ls', unauthorized).verdict, /Label Studio sends none/);
    assert.match(diagnose(backend({ auth_method: 'BASIC_AUTH', basic_auth_user: 'ls' }), 'http://ls', unauthorized).verdict, /do not work/);
    assert.match(diagnose(backend({ state: 'CO', auth_method: 'BASIC_AUTH' }), 'http://ls', unauthorized).verdict, /^All good/);
  });

  it('unreachable from both: not running; unreachable only from here: fine for Label Studio', () => {
    assert.match(diagnose(backend({}), 'http://ls', refused).verdict, /most likely not running/);
    assert.match(diagnose(backend({ state: 'CO', url: 'http://ml-backend:9090' }), 'http://ls', refused).verdict, /fine for Label Studio/);
  });

  it('the report says what each side sees, and that no credentials were sent', () => {
    const b = backend({ error_message: 'boom' });
    const text = diagnosisReport(b, 'http://localhost:8080', ok, diagnose(b, 'http://localhost:8080', ok));
    assert.match(text, /## What Label Studio reports[\s\S]*State: Disconnected[\s\S]*boom/);
    assert.match(text, /GET `http:\/\/localhost:9090\/health` \(no credentials sent\)[\s\S]*HTTP 200 in 3 ms, model class `M`/);
  });
});

describe('Diagnose Backend against a fake Label Studio running "in Docker"', () => {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let transport: HttpTransport;
  let client: LabelStudioClient;

  before(async () => {
    ml = await FakeMlServer.start();
    fake = await FakeLabelStudio.start({
      network: 'docker',
      healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 500, setupTimeoutMs: 500 },
    });
    transport = createUndiciTransport({ connections: 4, maxBodyBytes: 1 << 20 });
    client = new LabelStudioClient({ baseUrl: fake.url, token: fake.legacyTokens[0], transport });
  });
  after(async () => {
    await transport.close();
    await fake.close();
    await ml.close();
  });

  it("a model on this machine's localhost is Disconnected for Label Studio but reachable here; host.docker.internal fixes it", async () => {
    const project = fake.addProject({ title: 'p' }).id;
    const localUrl = ml.model('local-model', { modelClass: 'MyModel' }).replace('127.0.0.1', 'localhost');
    const row = fake.addBackend({ project, url: localUrl, title: 'local' });
    const seen = await client.getBackend(row.id);
    assert.equal(seen.state, 'DI', 'from inside the container, localhost is the container');
    const probe = await probeHealth(seen.url, transport);
    assert.equal(probe.healthy, true);
    assert.equal(probe.modelClass, 'MyModel');
    const d = diagnose(seen, fake.url, probe);
    const fix = d.fixes.find((f) => f.includes('host.docker.internal'));
    assert.ok(fix);
    const fixedUrl = localUrl.replace('localhost', 'host.docker.internal');
    const fixed = await client.updateBackend(row.id, patchPayload(seen, { ...draftFromBackend(seen), url: fixedUrl })!);
    assert.equal(fixed.state, 'CO');
    assert.equal(diagnose(fixed, fake.url, await probeHealth(localUrl, transport)).verdict.startsWith('All good'), true);
  });

  it('Label Studio refuses to create a backend it cannot reach; the probe still reaches it here', async () => {
    const project = fake.addProject({ title: 'q' }).id;
    const localUrl = ml.model('local-2', {});
    await assert.rejects(
      client.createBackend(
        createPayload(
          {
            url: localUrl,
            title: '',
            authMethod: 'NONE',
            basicAuthUser: '',
            basicAuthPass: '',
            isInteractive: false,
            extraParams: '',
            description: '',
            timeout: '',
          },
          project,
        ),
      ),
      /health check failed/,
    );
    assert.equal((await probeHealth(localUrl, transport)).healthy, true);
  });

  it('the probe never carries the Label Studio token', async () => {
    const url = ml.model('probe-check', {});
    ml.resetRequests();
    await probeHealth(url, transport);
    const seen = ml.requests.find((r) => r.path.endsWith('/health'));
    assert.ok(seen);
    assert.equal(JSON.stringify(seen).includes(fake.legacyTokens[0]), false);
  });

  it('a backend down for everybody', async () => {
    const project = fake.addProject({ title: 'r' }).id;
    const row = fake.addBackend({ project, url: `${await closedPortUrl()}/m` });
    const seen = await client.getBackend(row.id);
    const probe = await probeHealth(seen.url, transport);
    assert.equal(probe.failure?.reason, 'refused');
    assert.match(diagnose(seen, fake.url, probe).verdict, /not running/);
  });
});
