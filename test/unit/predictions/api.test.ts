import * as assert from 'node:assert/strict';
import { LabelStudioClient } from '../../../src/core/api/client';
import { HttpStatusError } from '../../../src/core/api/errors';
import { createUndiciTransport, type HttpTransport } from '../../../src/core/net/http';
import * as api from '../../../src/core/predictions/api';
import { checkPrediction } from '../../../src/core/predictions/check';
import { parseLabelConfig } from '../../../src/core/predictions/labelConfig';
import { readTaskListPage, taskPreview } from '../../../src/core/predictions/readers';
import { FakeLabelStudio, FakeMlServer, seedSampleData, type SampleData } from '../../fake';

describe('prediction inspector calls against the fake Label Studio', function () {
  this.timeout(20_000);
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let sample: SampleData;
  let transport: HttpTransport;
  let client: LabelStudioClient;
  const paths = () => fake.requests.map((r) => `${r.method} ${r.path}`);

  before(async () => {
    ml = await FakeMlServer.start();
    fake = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000 } });
    sample = await seedSampleData(fake, ml);
    transport = createUndiciTransport({ connections: 4, maxBodyBytes: 8 << 20 });
    client = new LabelStudioClient({ baseUrl: fake.url, token: sample.legacyToken, transport });
  });
  after(async () => {
    await transport.close();
    await fake.close();
    await ml.close();
  });
  beforeEach(() => fake.resetRequests());

  it('lists the first tasks of a project with one-line previews, page by page', async () => {
    const first = await api.listTaskPreviews(client, sample.projects.productReviews, 1, 2);
    assert.equal(first.total, 5);
    assert.deepEqual(
      first.tasks.map((t) => t.preview),
      [
        'text: Arrived quickly, works as described. Support from Acme Corp in Berlin was great.',
        'text: Stopped working after two days. Nobody at the Lisbon office answered.',
      ],
    );
    assert.deepEqual(paths(), [`GET /api/tasks/?project=${sample.projects.productReviews}&page=1&page_size=2`]);
    const past = await api.listTaskPreviews(client, sample.projects.productReviews, 9, 2);
    assert.deepEqual(past, { tasks: [], total: null });
    const street = await api.listTaskPreviews(client, sample.projects.streetScenes);
    assert.deepEqual(
      street.tasks.map((t) => t.preview),
      ['image: frame_000001.png', 'image: frame_000002.png', 'image: frame_000003.png', 'image: 000126.jpg'],
    );
  });

  it('previews are one short line without control characters', () => {
    assert.equal(taskPreview({ text: 'a\nb\u0007c\u2028d', n: 3 }), 'text: a b c d · n: 3');
    assert.equal(taskPreview({ text: 'x'.repeat(300) }).length, 100);
    assert.equal(taskPreview({ image: '/data/local-files/?d=srv%2Fimg%2Fa.png' }), 'image: a.png');
    assert.throws(() => readTaskListPage('<html>'), /shape Label Studio sends/);
  });

  it('reads a task with its data and stored predictions, and the predictions route', async () => {
    const task = await api.getTask(client, sample.inspector.tasks.streetClean);
    assert.equal(task.project, sample.projects.streetScenes);
    assert.match(String(task.data.image), /^\/data\/upload\//);
    assert.deepEqual(task.predictions.map((p) => p.model_version).sort(), ['yolo11m-det-2025.10.2', 'yolov8-offline-2025-09']);
    const stored = await api.listStoredPredictions(client, sample.inspector.tasks.streetClean);
    assert.deepEqual(stored.map((p) => p.id).sort(), task.predictions.map((p) => p.id).sort());
    assert.ok(paths().includes(`GET /api/predictions/?task=${sample.inspector.tasks.streetClean}`));
    await assert.rejects(api.getTask(client, 999_999), (e: unknown) => e instanceof HttpStatusError && e.status === 404);
  });

  it('reads the project (label config, chosen version) and its model versions with counts', async () => {
    const project = await api.getProjectDetail(client, sample.projects.streetScenes);
    assert.equal(project.model_version, 'yolo-detector');
    assert.match(project.label_config, /<RectangleLabels name="label"/);
    const versions = await api.getProjectModelVersions(client, sample.projects.streetScenes);
    assert.deepEqual(versions.static.map((v) => [v.model_version, v.count]).sort(), [
      ['yolo11m-det-2025.10.2', 2],
      ['yolov8-offline-2025-09', 1],
    ]);
    assert.deepEqual(
      versions.live.map((b) => b.title),
      ['yolo-detector', 'sam2-interactive'],
    );
  });

  it("sets and clears the project's model version; an unknown one is a 400 on that field", async () => {
    const p = sample.projects.streetScenes;
    assert.equal((await api.setProjectModelVersion(client, p, 'yolov8-offline-2025-09')).model_version, 'yolov8-offline-2025-09');
    await assert.rejects(
      api.setProjectModelVersion(client, p, 'nope'),
      (e: unknown) => e instanceof HttpStatusError && e.status === 400 && 'model_version' in e.fieldErrors,
    );
    assert.equal((await api.setProjectModelVersion(client, p, '')).model_version, '');
    assert.equal((await api.setProjectModelVersion(client, p, 'yolo-detector')).model_version, 'yolo-detector');
  });

  it("freezes and unfreezes a backend's recorded version (basic auth kept)", async () => {
    const backend = await client.getBackend(sample.backends.llmNer);
    assert.equal(backend.auth_method, 'BASIC_AUTH');
    const thawed = await api.setBackendAutoUpdate(client, backend, true);
    assert.equal(thawed.auto_update, true);
    assert.equal(thawed.state, 'CO', 'the stored password was kept');
    const frozen = await api.setBackendAutoUpdate(client, thawed, false);
    assert.equal(frozen.auto_update, false);
    assert.equal(fake.getBackend(backend.id)?.basic_auth_pass, 's3cret-pass');
    assert.deepEqual(api.autoUpdatePayload(frozen, false), {
      url: frozen.url,
      project: frozen.project,
      auto_update: false,
      model_version: frozen.model_version,
      auth_method: 'BASIC_AUTH',
      basic_auth_user: 'ls-ml',
      basic_auth_pass: '',
    });
  });

  it('asks a backend for a prediction on a chosen task and checks it against the project config', async () => {
    fake.getBackend(sample.backends.yolo)!.is_interactive = true;
    try {
      const project = await api.getProjectDetail(client, sample.projects.streetScenes);
      const config = await parseLabelConfig(project.label_config);
      const size = sample.inspector.imageSizes[sample.inspector.tasks.streetMistakes];
      const answer = await api.requestPrediction(client, sample.backends.yolo, sample.inspector.tasks.streetMistakes, null);
      const check = checkPrediction(config, answer.data, { imageSizes: { image: size } });
      const kinds = check.findings.map((f) => `${f.severity} ${f.pathText}`);
      assert.deepEqual(kinds, [
        'dropped result[1].value.rectanglelabels[0]',
        'dropped result[2].value.x',
        'dropped result[3].from_name',
        'dropped result[4].to_name',
        'suspicious result[5].original_width',
        'suspicious result[6].score',
        'suspicious result[7].id',
        'suspicious result[8].value.choices',
        'dropped result[9].type',
      ]);
      const clean = await api.requestPrediction(client, sample.backends.yolo, sample.inspector.tasks.streetClean, null);
      assert.deepEqual(
        checkPrediction(config, clean.data, { imageSizes: { image: sample.inspector.imageSizes[sample.inspector.tasks.streetClean] } })
          .findings,
        [],
      );
    } finally {
      fake.getBackend(sample.backends.yolo)!.is_interactive = false;
    }
  });
});
