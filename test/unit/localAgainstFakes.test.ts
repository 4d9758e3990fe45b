import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LabelStudioClient } from '../../src/core/api/client';
import { createUndiciTransport, type HttpTransport } from '../../src/core/net/http';
import { connectToProject } from '../../src/core/local/connect';
import { backendEnvironment, type BackendEnvironment } from '../../src/core/local/environment';
import { predictLocally, resultsOf } from '../../src/core/local/localPredict';
import { planTasks } from '../../src/core/local/mediaPlan';
import { probeMedia, sdkAuthHeader, type MediaOutcome } from '../../src/core/local/mediaProbe';
import { mediaReport } from '../../src/core/local/mediaReport';
import { predictBody, readProject, readTasks } from '../../src/core/local/predictPayload';
import { candidateUrls } from '../../src/core/local/reachableUrl';
import { setupBody, timeSetup } from '../../src/core/local/setupTiming';
import { copyFixtureWorkspace, FakeLabelStudio, PythonMlBackend } from '../fake';

describe('local backends against the Python fake ML backend and the fake Label Studio', function () {
  this.timeout(30_000);
  let ls: FakeLabelStudio;
  let ml: PythonMlBackend;
  let transport: HttpTransport;
  let client: LabelStudioClient;
  let folder: string;
  let projectId: number;

  before(async () => {
    folder = path.join(copyFixtureWorkspace(), 'my_ml_backend');
    ml = await PythonMlBackend.start(folder, { setupDelaySeconds: 0 });
    ls = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 3000 } });
    transport = createUndiciTransport({ connections: 4, maxBodyBytes: 1 << 20 });
    client = new LabelStudioClient({ baseUrl: ls.url, token: ls.legacyTokens[0], transport });
    projectId = ls.addProject({ title: 'Cats' }).id;
    ls.addTask(projectId, { text: 'a nice day' });
  });
  after(async () => {
    await ml?.stop();
    await ls?.close();
    await transport?.close();
  });

  const envFor = (values: Record<string, string>, mode: 'python' | 'docker' = 'python'): BackendEnvironment =>
    mode === 'python'
      ? backendEnvironment({ mode, dotenv: { PORT: String(ml.port), ...values } })
      : backendEnvironment({
          mode,
          dotenv: {},
          compose: { serviceName: 'ml-backend', environment: values, ports: [{ host: ml.port, container: 9090 }] },
        });

  it("sends the exact /predict payload and reads the real backend's answer, timing both sides", async () => {
    const project = await readProject(client, projectId);
    const [task] = await readTasks(client, projectId);
    const answer = await predictLocally(ml.url, () => predictBody(project, [task]), transport);
    assert.equal(answer.status, 200);
    assert.deepEqual(resultsOf(answer), [{ model_version: '0.0.1', score: 0.5, result: [] }]);
    assert.ok(answer.buildMs >= 0 && answer.roundTripMs > 0);
  });

  it('Connect picks the plain address when Label Studio runs here, and host.docker.internal when it runs in Docker', async () => {
    const env = envFor({});
    const candidates = candidateUrls({ labelStudioUrl: ls.url, env, machineAddresses: [] });
    const here = await connectToProject({ client, projectId, candidates, title: 'local' });
    assert.equal(here.backend?.url, `http://localhost:${ml.port}`);
    assert.equal(here.backend?.state, 'CO');

    ls.network = 'docker';
    const docker = await connectToProject({ client, projectId, candidates, existing: here.backend, title: 'local' });
    assert.deepEqual(
      docker.attempts.map((a) => [a.url, !!a.error]),
      [
        [`http://localhost:${ml.port}`, true],
        [`http://host.docker.internal:${ml.port}`, false],
      ],
    );
    assert.equal(docker.backend?.state, 'CO');
    assert.equal(docker.updated, true);
    ls.network = 'host';
  });

  it('times /setup as Label Studio does and warns near the 3 s limit', async () => {
    const slow = await PythonMlBackend.start(folder, { setupDelaySeconds: 2 });
    try {
      const timing = await timeSetup(slow.url, setupBody('1.0', '<View/>', ls.url), transport);
      assert.equal(timing.verdict, 'near-limit', timing.summary);
      assert.ok(timing.ms >= 2000);
    } finally {
      await slow.stop();
    }
    assert.equal((await timeSetup(ml.url, setupBody('1.0', '<View/>', ls.url), transport)).verdict, 'ok');
  });

  describe('media access, each cause', () => {
    const sdk = { kind: 'current' as const, spec: '' };
    async function check(
      env: BackendEnvironment,
      data: Record<string, unknown>,
      sdkAge: Parameters<typeof planTasks>[1]['sdk'] = sdk,
    ): Promise<MediaOutcome> {
      const task = ls.addTask(projectId, data);
      const [plan] = planTasks([{ id: task.id, data }], { env, sdk: sdkAge, labelStudioUrl: ls.url });
      const key = env.values.LABEL_STUDIO_API_KEY?.value;
      const lsUrl = env.values.LABEL_STUDIO_URL?.value;
      const auth = key && lsUrl ? sdkAuthHeader(key, lsUrl, transport) : async () => undefined;
      return probeMedia(plan, { transport, key, sdkCurrent: sdkAge.kind === 'current' }, auth);
    }
    const causes = (o: MediaOutcome) => o.findings.map((f) => f.cause);

    it('an upload with a legacy key: fetched like the SDK does (storage-data first)', async () => {
      const o = await check(envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.legacyTokens[0] }), {
        image: ls.addUpload(projectId, 'cat.jpg'),
      });
      assert.equal(o.ok, true);
      assert.match(o.tried?.url ?? '', /storage-data\/uploaded/);
      assert.deepEqual(causes(o), []);
    });
    it('a personal access token is exchanged first, then sent as Bearer', async () => {
      const pat = ls.issuePersonalAccessToken();
      const before = ls.tokenExchanges;
      const o = await check(envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: pat }), { image: ls.addUpload(projectId, 'dog.jpg') });
      assert.equal(o.ok, true);
      assert.equal(ls.tokenExchanges, before + 1);
    });
    it('no LABEL_STUDIO_URL, relative upload: nothing is sent', async () => {
      const count = ls.requests.length;
      const o = await check(envFor({ LABEL_STUDIO_API_KEY: ls.legacyTokens[0] }), { image: '/data/upload/1/x.jpg' });
      assert.deepEqual(causes(o), ['relative-without-url']);
      assert.equal(ls.requests.length, count);
    });
    it('localhost inside Docker', async () => {
      const o = await check(
        envFor({ LABEL_STUDIO_URL: ls.url.replace('127.0.0.1', 'localhost'), LABEL_STUDIO_API_KEY: ls.legacyTokens[0] }, 'docker'),
        { image: ls.addUpload(projectId, 'c.jpg') },
      );
      assert.deepEqual(causes(o), ['localhost-in-docker']);
    });
    it('legacy tokens disabled for the organisation', async () => {
      ls.legacyTokensEnabled = false;
      try {
        const o = await check(envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.legacyTokens[0] }), {
          image: ls.addUpload(projectId, 'd.jpg'),
        });
        assert.deepEqual(causes(o), ['legacy-disabled']);
      } finally {
        ls.legacyTokensEnabled = true;
      }
    });
    it('a personal access token with an SDK too old for it', async () => {
      const o = await check(
        envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.issuePersonalAccessToken() }),
        { image: ls.addUpload(projectId, 'e.jpg') },
        { kind: 'too-old', spec: 'label-studio-ml==1.0.9' },
      );
      assert.ok(causes(o).includes('pat-sdk-too-old'));
    });
    it('401 for a wrong key, 404 for a missing upload', async () => {
      assert.deepEqual(
        causes(
          await check(envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: 'e'.repeat(40) }), {
            image: ls.addUpload(projectId, 'f.jpg'),
          }),
        ),
        ['http-401'],
      );
      assert.deepEqual(
        causes(
          await check(envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.legacyTokens[0] }), { image: '/data/upload/1/gone.jpg' }),
        ),
        ['http-404'],
      );
    });
    it('local-file serving off (403), and a path no Local Storage covers (404)', async () => {
      const env = envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.legacyTokens[0] });
      assert.deepEqual(causes(await check(env, { image: '/data/local-files/?d=images/a.jpg' })), ['local-files-off']);
      ls.media.localFilesServingEnabled = true;
      ls.media.addLocalFile('images/a.jpg', { contentType: 'image/jpeg', body: Buffer.from('x') });
      ls.media.localStorageRoots.push('images/');
      try {
        assert.equal((await check(env, { image: '/data/local-files/?d=images/a.jpg' })).ok, true);
        assert.deepEqual(causes(await check(env, { image: '/data/local-files/?d=images/b.jpg' })), ['http-404']);
      } finally {
        ls.media.localFilesServingEnabled = false;
      }
    });
    it('the report names each cause and its fix, and never the key', async () => {
      const key = ls.legacyTokens[0];
      const env = envFor({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: key });
      const o = await check(env, { image: '/data/local-files/?d=x.jpg' });
      const text = mediaReport({
        backendLabel: 'my_ml_backend',
        env,
        labelStudioUrl: ls.url,
        projectTitle: 'Cats\n# forged',
        outcomes: [o],
        tasksChecked: 1,
      });
      assert.match(text, /local-files-off/);
      assert.match(text, /LOCAL_FILES_SERVING_ENABLED=true/);
      assert.ok(!text.includes(key));
      assert.ok(!text.includes('\n# forged'));
    });
  });
});
