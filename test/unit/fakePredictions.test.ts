import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { FakeMlServer } from '../fake/fakeMlServer';
import { pngSize } from '../fake/png';
import { rawRequest } from '../fake/rawHttp';
import { seedSampleData, type SampleData } from '../fake/sampleData';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/label-studio');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

describe('FakeLabelStudio: tasks, predictions, model versions and media', function () {
  this.timeout(20_000);
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let sample: SampleData;
  let headers: Record<string, string>;
  const get = (p: string, h: Record<string, string> = headers) => rawRequest(`${fake.url}${p}`, { headers: h });

  before(async () => {
    ml = await FakeMlServer.start();
    fake = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000 } });
    sample = await seedSampleData(fake, ml);
    headers = { Authorization: `Token ${sample.legacyToken}` };
  });
  after(async () => {
    await fake.close();
    await ml.close();
  });

  it('task detail has the keys of the real one, in order, with all its predictions', async () => {
    const r = await get(`/api/tasks/${sample.inspector.tasks.streetClean}/`);
    assert.equal(r.status, 200);
    const body = r.json as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), Object.keys(fixture('task-detail.json')));
    assert.equal((body.predictions as unknown[]).length, 2);
    assert.match(String((body.data as Record<string, unknown>).image), /^\/data\/upload\/\d+\/[0-9a-f]{8}-frame_000001\.png$/);
    const slashless = await get(`/api/tasks/${sample.inspector.tasks.streetClean}`);
    assert.equal(slashless.status, 200);
    const missing = await get('/api/tasks/999999/');
    assert.equal(missing.status, 404);
    assert.equal((missing.json as { detail: string }).detail, 'No Task matches the given query.');
  });

  it('the task list pages like the real one (id order, page_size, 404 past the end)', async () => {
    const p = sample.projects.productReviews;
    const first = (await get(`/api/tasks/?project=${p}&page=1&page_size=2`)).json as { total: number; tasks: { id: number }[] };
    const second = (await get(`/api/tasks/?project=${p}&page=2&page_size=2`)).json as { tasks: { id: number }[] };
    assert.equal(first.total, 5);
    assert.deepEqual(
      first.tasks.map((t) => t.id).concat(second.tasks.map((t) => t.id)),
      [...first.tasks, ...second.tasks].map((t) => t.id).sort((a, b) => a - b),
    );
    assert.equal((await get(`/api/tasks/?project=${p}&page=9&page_size=2`)).status, 404);
    const page = (await get(`/api/tasks/?project=${sample.projects.streetScenes}&page_size=1`)).json as { tasks: object[] };
    assert.deepEqual(Object.keys(page.tasks[0]), Object.keys(fixture('tasks-list-page.json').tasks[0]));
  });

  it("cloud URIs come back resolved to the task's resolve route (raw with resolve_uri=false)", async () => {
    const id = sample.inspector.tasks.streetCloud;
    const resolved = (await get(`/api/tasks/${id}/`)).json as { data: { image: string } };
    assert.equal(
      resolved.data.image,
      `/tasks/${id}/resolve/?fileuri=${Buffer.from('s3://dashcam-frames/2025/10/frame_000003.png').toString('base64url')}`,
    );
    const raw = (await get(`/api/tasks/${id}/?resolve_uri=false`)).json as { data: { image: string } };
    assert.equal(raw.data.image, 's3://dashcam-frames/2025/10/frame_000003.png');
  });

  it('stored predictions: a bare list by task or project; an unknown task is a 400 on the task field', async () => {
    const byTask = (await get(`/api/predictions/?task=${sample.inspector.tasks.streetClean}`)).json as {
      model_version: string;
      task: number;
    }[];
    assert.deepEqual(byTask.map((p) => p.model_version).sort(), ['yolo11m-det-2025.10.2', 'yolov8-offline-2025-09']);
    assert.ok(byTask.every((p) => p.task === sample.inspector.tasks.streetClean));
    const byProject = (await get(`/api/predictions/?project=${sample.projects.streetScenes}`)).json as unknown[];
    assert.equal(byProject.length, 3);
    const bad = await get('/api/predictions/?task=999999');
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.json as { validation_errors: unknown }).validation_errors, {
      task: ['Select a valid choice. That choice is not one of the available choices.'],
    });
    assert.equal((await get('/api/predictions/?task=1', {})).status, 401);
  });

  it("model versions: counts per stored version, the project's own value, and the extended shape with live backends", async () => {
    const p = sample.projects.streetScenes;
    const plain = (await get(`/api/projects/${p}/model-versions/`)).json;
    assert.deepEqual(plain, { 'yolov8-offline-2025-09': 1, 'yolo11m-det-2025.10.2': 2, 'yolo-detector': 0 });
    const extended = (await get(`/api/projects/${p}/model-versions/?extended=true&include_live_models=true`)).json as {
      static: { model_version: string; count: number; latest: string }[];
      live: { title: string }[];
    };
    assert.deepEqual(extended.static.map((s) => [s.model_version, s.count]).sort(), [
      ['yolo11m-det-2025.10.2', 2],
      ['yolov8-offline-2025-09', 1],
    ]);
    assert.deepEqual(
      extended.live.map((b) => b.title),
      ['yolo-detector', 'sam2-interactive'],
    );
    assert.deepEqual(Object.keys(fixture('project-model-versions-extended.json')), Object.keys(extended));
    const noLive = (await get(`/api/projects/${p}/model-versions/?extended=true`)).json as Record<string, unknown>;
    assert.equal(noLive.live, undefined);
  });

  it('PATCH project model_version: a backend title or a stored version is accepted, anything else is a 400', async () => {
    const p = sample.projects.streetScenes;
    const patch = (body: object) => rawRequest(`${fake.url}/api/projects/${p}/`, { method: 'PATCH', headers, body });
    assert.equal((await patch({ model_version: 'yolov8-offline-2025-09' })).status, 200);
    assert.equal(fake.getProject(p)?.model_version, 'yolov8-offline-2025-09');
    const bad = await patch({ model_version: 'YOLOv8-offline-2025-09' });
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.json as { validation_errors: unknown }).validation_errors, {
      model_version: ["Model version doesn't exist either as live model or as static predictions."],
    });
    assert.equal((await patch({ model_version: '' })).status, 200);
    assert.equal(fake.getProject(p)?.model_version, '');
    assert.equal((await patch({ model_version: 'yolo-detector' })).status, 200);
    assert.equal(fake.getProject(p)?.model_version, 'yolo-detector');
  });

  it('uploads are served with any Label Studio credential, never without', async () => {
    const task = (await get(`/api/tasks/${sample.inspector.tasks.streetMistakes}/`)).json as { data: { image: string } };
    const ok = await get(task.data.image);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'image/png');
    assert.deepEqual(pngSize(ok.body), { width: 800, height: 600 });
    const bearer = await get(task.data.image, { Authorization: `Bearer ${fake.issueAccessToken()}` });
    assert.equal(bearer.status, 200);
    assert.equal((await get(task.data.image, {})).status, 401);
    assert.equal((await get('/data/upload/1/deadbeef-nothing.png')).status, 404);
  });

  it('local files: 403 plain text unless serving is enabled, then 404 outside a storage root', async () => {
    const url = fake.media.addLocalFile('/srv/images/a.png', { contentType: 'image/png', body: Buffer.from('png') });
    const off = await get(url);
    assert.equal(off.status, 403);
    assert.match(off.text, /LOCAL_FILES_SERVING_ENABLED/);
    fake.media.localFilesServingEnabled = true;
    assert.equal((await get(url)).status, 404);
    fake.media.localStorageRoots.push('srv/images');
    assert.equal((await get(url)).status, 200);
    assert.equal((await get(url, {})).status, 401);
  });

  it('resolve/presign: 303 to another origin without the token; the bucket refuses a forwarded Authorization', async () => {
    const id = sample.inspector.tasks.streetCloud;
    const { data } = (await get(`/api/tasks/${id}/`)).json as { data: { image: string } };
    const r = await get(data.image);
    assert.equal(r.status, 303);
    const location = String(r.headers.location);
    assert.ok(!location.startsWith(fake.url), location);
    assert.match(String(r.headers['cache-control']), /^no-store, max-age=\d+$/);
    const object = await rawRequest(location, {});
    assert.equal(object.status, 200);
    assert.deepEqual(pngSize(object.body), { width: 640, height: 360 });
    const forwarded = await rawRequest(location, { headers: { ...headers } });
    assert.equal(forwarded.status, 400);
    assert.match(forwarded.text, /Only one auth mechanism allowed/);
    assert.equal((await get(data.image.replace('/resolve/', '/presign/'))).status, 303);
    assert.equal((await get(`/tasks/${id}/resolve/`)).status, 400);
    assert.equal((await get(`/tasks/${id}/resolve/?fileuri=${Buffer.from('s3://nope/x').toString('base64url')}`)).status, 404);
    assert.equal((await get(data.image, {})).status, 401);
    fake.media.presign = false;
    const streamed = await get(data.image);
    fake.media.presign = true;
    assert.equal(streamed.status, 200);
    assert.deepEqual(pngSize(streamed.body), { width: 640, height: 360 });
  });

  it('the sample ML models answer /predict per task: clean, and with each mistake class', async () => {
    const t = sample.inspector.tasks;
    const answer = async (backend: number, task: number) => {
      fake.getBackend(backend)!.is_interactive = true;
      return (await rawRequest(`${fake.url}/api/ml/${backend}/interactive-annotating`, { method: 'POST', headers, body: { task } }))
        .json as { data: { result: Record<string, any>[] } };
    };
    const clean = await answer(sample.backends.yolo, t.streetClean);
    assert.deepEqual(
      clean.data.result.map((r) => r.type),
      ['rectanglelabels', 'rectanglelabels', 'rectanglelabels', 'polygonlabels', 'keypointlabels', 'choices'],
    );
    const mistakes = await answer(sample.backends.yolo, t.streetMistakes);
    assert.ok(mistakes.data.result.some((r) => r.value?.rectanglelabels?.[0] === 'car'));
    const brush = await answer(sample.backends.slow, t.satelliteClean);
    assert.deepEqual(
      brush.data.result.map((r) => [r.type, r.original_width, r.original_height]),
      [
        ['brushlabels', 64, 48],
        ['brushlabels', 64, 48],
      ],
    );
    fake.getBackend(sample.backends.yolo)!.is_interactive = false;
    fake.getBackend(sample.backends.slow)!.is_interactive = false;
  });
});
