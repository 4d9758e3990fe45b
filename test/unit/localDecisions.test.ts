import * as assert from 'node:assert/strict';
import { backendEnvironment, type BackendEnvironment } from '../../src/core/local/environment';
import { HealthPolling } from '../../src/core/local/healthPolling';
import { describeState, nextState, type LocalState } from '../../src/core/local/localState';
import { planMedia } from '../../src/core/local/mediaPlan';
import { predictBody, projectUid } from '../../src/core/local/predictPayload';
import { candidateUrls, looksUnreachable, pointsAt } from '../../src/core/local/reachableUrl';
import { judgeSetup } from '../../src/core/local/setupTiming';
import { debugLaunch, decideStart } from '../../src/core/local/startPlan';
import { FakeTimers } from './fakeTimers';

const pythonEnv = (values: Record<string, string> = {}): BackendEnvironment => backendEnvironment({ mode: 'python', dotenv: values });
const dockerEnv = (values: Record<string, string> = {}, extra: { labelStudioService?: string } = {}): BackendEnvironment =>
  backendEnvironment({
    mode: 'docker',
    dotenv: {},
    compose: { serviceName: 'ml-backend', environment: values, ports: [{ host: 9090, container: 9090 }], ...extra },
  });

describe('local backends: start command', () => {
  const base = { hasCompose: false, dockerOnPath: false, port: 9090, platform: 'linux' as const };
  it('docker compose up when there is a compose file and docker is on the PATH', () => {
    assert.deepEqual(decideStart({ ...base, hasCompose: true, dockerOnPath: true }), {
      mode: 'docker',
      commandLine: 'docker compose up --build',
      stopWith: 'compose-stop',
      port: 9090,
    });
  });
  it("else the Python start command, with the folder's virtual environment when it has one", () => {
    assert.equal(decideStart({ ...base, hasCompose: true }).commandLine, 'python3 _wsgi.py --port 9090');
    assert.equal(decideStart({ ...base, venvPython: '.venv/bin/python', port: 9100 }).commandLine, '.venv/bin/python _wsgi.py --port 9100');
    assert.equal(decideStart({ ...base, platform: 'win32' }).commandLine, 'python _wsgi.py --port 9090');
  });
  it('debugs one process: _wsgi.py under debugpy, no reloader flag, the folder as working directory', () => {
    const config = debugLaunch(9100, '/ws/yolo', { LABEL_STUDIO_URL: 'http://ls' }, '/ws/yolo/.venv/bin/python');
    assert.deepEqual(config, {
      type: 'debugpy',
      request: 'launch',
      name: 'Debug ML backend',
      program: '/ws/yolo/_wsgi.py',
      args: ['--port', '9100'],
      cwd: '/ws/yolo',
      env: { LABEL_STUDIO_URL: 'http://ls' },
      justMyCode: false,
      python: '/ws/yolo/.venv/bin/python',
    });
    assert.ok(!(config.args as string[]).includes('--debug'), "--debug would start Werkzeug's reloader in a child process");
  });
  it('the setting overrides both, with ${port} filled in', () => {
    const plan = decideStart({ ...base, hasCompose: true, dockerOnPath: true, override: 'label-studio-ml start . -p ${port}' });
    assert.deepEqual([plan.mode, plan.commandLine], ['custom', 'label-studio-ml start . -p 9090']);
  });
});

describe('local backends: state', () => {
  const stopped: LocalState = { kind: 'stopped' };
  it('Stopped → Starting → Running with the model class', () => {
    const starting = nextState(stopped, { kind: 'started', at: 1000 });
    assert.equal(describeState(starting), 'Starting…');
    const still = nextState(starting, { kind: 'probe', healthy: false, failure: 'refused', at: 2000 });
    assert.equal(still.kind, 'starting', 'refused during the grace time is still starting');
    const running = nextState(still, { kind: 'probe', healthy: true, modelClass: 'NewModel', at: 2500 });
    assert.equal(describeState(running), 'Running · NewModel');
  });
  it('Failing with the reason: no answer after the grace time, an HTTP error, a crash', () => {
    const starting = nextState(stopped, { kind: 'started', at: 0 });
    const late = nextState(starting, { kind: 'probe', healthy: false, failure: 'connection refused', at: 61_000 });
    assert.equal(late.kind, 'failing');
    assert.match(late.why ?? '', /connection refused/);
    assert.match(nextState(starting, { kind: 'probe', healthy: false, status: 500, at: 1 }).why ?? '', /HTTP 500/);
    assert.match(nextState(starting, { kind: 'exited', code: 1, byUser: false }).why ?? '', /code 1/);
    assert.equal(nextState(starting, { kind: 'exited', code: 130, byUser: true }).kind, 'stopped');
  });
  it('a backend started elsewhere shows Running; one that is not there is Stopped', () => {
    assert.equal(nextState(stopped, { kind: 'probe', healthy: true, modelClass: 'M', at: 0 }).kind, 'running');
    assert.equal(nextState(stopped, { kind: 'probe', healthy: false, failure: 'refused', at: 0 }).kind, 'stopped');
  });
});

describe('local backends: /health polling policy (fake timers)', () => {
  it('makes no request while the view is hidden, probes at once when shown, and stops when hidden again', async () => {
    const timers = new FakeTimers();
    let probes = 0;
    const polling = new HealthPolling({ probeAll: async () => void probes++, anyStarting: () => false, timers, idleMs: 10_000 });
    await timers.advance(60_000);
    assert.equal(probes, 0, 'hidden: nothing');
    polling.setVisible(true);
    await new Promise((r) => setImmediate(r));
    assert.equal(probes, 1, 'shown: at once');
    await timers.advance(25_000);
    assert.equal(probes, 3, 'then every 10 s');
    polling.setVisible(false);
    await timers.advance(60_000);
    assert.equal(probes, 3, 'hidden again: nothing');
    assert.equal(timers.pending, 0);
  });
  it('polls every 500 ms while a backend is starting', async () => {
    const timers = new FakeTimers();
    let probes = 0;
    let starting = true;
    const polling = new HealthPolling({ probeAll: async () => void probes++, anyStarting: () => starting, timers });
    polling.setVisible(true);
    await new Promise((r) => setImmediate(r));
    await timers.advance(2000);
    assert.equal(probes, 5);
    starting = false;
    await timers.advance(5000);
    assert.equal(probes, 6, 'back to the slow pace');
    polling.dispose();
  });
});

describe('local backends: the URL Label Studio can reach', () => {
  it('same machine: localhost first, then host.docker.internal; first when a known backend hints at Docker', () => {
    const env = pythonEnv({ PORT: '9090' });
    assert.deepEqual(
      candidateUrls({ labelStudioUrl: 'http://127.0.0.1:8080', env, machineAddresses: ['192.168.1.20'] }).map((c) => c.url),
      ['http://localhost:9090', 'http://host.docker.internal:9090'],
    );
    const hinted = candidateUrls({
      labelStudioUrl: 'http://localhost:8080',
      env,
      machineAddresses: [],
      knownBackendUrls: ['http://host.docker.internal:9091'],
    });
    assert.equal(hinted[0].url, 'http://host.docker.internal:9090');
  });
  it("remote Label Studio: this machine's addresses; same compose project: the service name first", () => {
    assert.deepEqual(
      candidateUrls({ labelStudioUrl: 'https://ls.example.com', env: pythonEnv(), machineAddresses: ['192.168.1.20', 'fe80::1'] }).map(
        (c) => c.url,
      ),
      ['http://192.168.1.20:9090', 'http://[fe80::1]:9090'],
    );
    const compose = dockerEnv({}, { labelStudioService: 'label-studio' });
    assert.equal(
      candidateUrls({ labelStudioUrl: 'http://localhost:8080', env: compose, machineAddresses: [] })[0].url,
      'http://ml-backend:9090',
    );
  });
  it('which Label Studio backends point at the local one', () => {
    const env = dockerEnv();
    assert.equal(pointsAt('http://localhost:9090', env, []), true);
    assert.equal(pointsAt('http://host.docker.internal:9090/', env, []), true);
    assert.equal(pointsAt('http://ml-backend:9090', env, []), true);
    assert.equal(pointsAt('http://192.168.1.20:9090', env, ['192.168.1.20']), true);
    assert.equal(pointsAt('http://localhost:9091', env, []), false);
    assert.equal(pointsAt('http://example.com:9090', env, []), false);
  });
  it('tells "cannot reach" from "/setup failed" in Label Studio\'s validation text', () => {
    assert.equal(looksUnreachable("Can't connect to ML backend http://localhost:9090, health check failed."), true);
    assert.equal(looksUnreachable("Successfully connected to http://x but it doesn't look like a valid ML backend."), false);
  });
});

describe('local backends: /setup timing and the /predict payload', () => {
  it("judges /setup against Label Studio's 3 s limit and gives the fix", () => {
    assert.equal(judgeSetup(400, 200, '{}').verdict, 'ok');
    const near = judgeSetup(2100, 200, '{}');
    assert.equal(near.verdict, 'near-limit');
    assert.match(near.fix ?? '', /once per process, lazily/);
    assert.equal(judgeSetup(3500, undefined, undefined).verdict, 'over-limit');
    assert.equal(judgeSetup(100, 500, '{"detail":"x"}').verdict, 'failed');
  });
  it('builds the body Label Studio sends: tasks, <id>.<created_at seconds>, label_config, params with context', () => {
    const project = { id: 3, title: 'p', labelConfig: '<View/>', createdAt: '2025-10-28T12:00:05.123456Z' };
    assert.equal(projectUid(project), `3.${Math.floor(Date.parse('2025-10-28T12:00:05.123Z') / 1000)}`);
    const body = predictBody(project, [{ id: 7, data: { text: 'hi' }, drafts: [], precomputed_agreement: 1 }], { result: [] });
    assert.deepEqual(Object.keys(body), ['tasks', 'project', 'label_config', 'params']);
    assert.deepEqual(body.params, { login: null, password: null, context: { result: [] } });
    assert.deepEqual(body.tasks, [{ id: 7, data: { text: 'hi' }, annotations: [], predictions: [] }]);
  });
});

describe('local backends: media access plans', () => {
  const legacy = 'f'.repeat(40);
  const ctx = (env: BackendEnvironment) => ({ env, sdk: { kind: 'current' as const, spec: '' }, labelStudioUrl: 'http://localhost:8080' });
  it('relative /data/upload without LABEL_STUDIO_URL blocks, with the URL to set', () => {
    const plan = planMedia(1, 'image', '/data/upload/3/ab-cat.jpg', ctx(pythonEnv()));
    assert.equal(plan?.blocking, true);
    assert.equal(plan?.findings[0].cause, 'relative-without-url');
    assert.match(plan!.findings[0].fix, /LABEL_STUDIO_URL=http:\/\/localhost:8080/);
  });
  it('localhost inside Docker is the container: suggests host.docker.internal', () => {
    const plan = planMedia(
      1,
      'image',
      '/data/upload/3/ab-cat.jpg',
      ctx(dockerEnv({ LABEL_STUDIO_URL: 'http://localhost:8080', LABEL_STUDIO_API_KEY: legacy })),
    );
    assert.equal(plan?.findings[0].cause, 'localhost-in-docker');
    assert.match(plan!.findings[0].fix, /host\.docker\.internal:8080/);
    assert.deepEqual(plan?.urls, [
      'http://localhost:8080/storage-data/uploaded/?filepath=upload/3/ab-cat.jpg',
      'http://localhost:8080/data/upload/3/ab-cat.jpg',
    ]);
  });
  it('no key, a bad URL, cloud URIs by presign, external URLs without the key', () => {
    assert.equal(
      planMedia(1, 'i', '/data/local-files/?d=a.jpg', ctx(pythonEnv({ LABEL_STUDIO_URL: 'http://ls:8080' })))?.findings[0].cause,
      'no-key',
    );
    assert.equal(
      planMedia(1, 'i', '/data/upload/1/a.jpg', ctx(pythonEnv({ LABEL_STUDIO_URL: 'ls:8080', LABEL_STUDIO_API_KEY: legacy })))?.findings[0]
        .cause,
      'bad-url',
    );
    const cloud = planMedia(
      9,
      'i',
      's3://bucket/a.jpg',
      ctx(pythonEnv({ LABEL_STUDIO_URL: 'http://ls:8080', LABEL_STUDIO_API_KEY: legacy })),
    );
    assert.equal(cloud?.urls[0], `http://ls:8080/tasks/9/presign/?fileuri=${Buffer.from('s3://bucket/a.jpg').toString('base64url')}`);
    const external = planMedia(
      1,
      'i',
      'https://cdn.example.com/a.jpg',
      ctx(pythonEnv({ LABEL_STUDIO_URL: 'http://ls:8080', LABEL_STUDIO_API_KEY: legacy })),
    );
    assert.equal(external?.sendsKey, false);
    assert.equal(planMedia(1, 'text', 'just words', ctx(pythonEnv())), undefined);
  });
});
