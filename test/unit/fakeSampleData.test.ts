// seedSampleData / seedManyProjects: the demo data really produces every state through the API.
import * as assert from 'node:assert/strict';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { FakeMlServer } from '../fake/fakeMlServer';
import { rawRequest } from '../fake/rawHttp';
import { HOSTILE_TITLE, seedManyProjects, seedSampleData, type SampleData } from '../fake/sampleData';

describe('FakeLabelStudio sample data', () => {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let sample: SampleData;

  before(async () => {
    ml = await FakeMlServer.start();
    fake = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000 } });
    sample = await seedSampleData(fake, ml);
  });
  after(async () => {
    await fake.close();
    await ml.close();
  });

  it('creates six projects, one without backends, with tasks for some', () => {
    assert.equal(fake.projects.length, 6);
    assert.equal(fake.db.backendsOf(sample.projects.audio).length, 0);
    assert.ok(fake.db.tasksOf(sample.projects.streetScenes).length > 0);
    assert.ok(fake.db.tasksOf(sample.projects.productReviews).length > 0);
  });

  it('shows every state when listed through the API with the legacy token', async () => {
    const states = new Map<number, Record<string, unknown>>();
    for (const id of Object.values(sample.projects)) {
      const r = await rawRequest(`${fake.url}/api/ml/?project=${id}`, { headers: { Authorization: `Token ${sample.legacyToken}` } });
      assert.equal(r.status, 200);
      for (const b of r.json as Array<Record<string, unknown>>) states.set(Number(b.id), b);
    }
    const state = (id: number) => states.get(id)!.state;
    assert.equal(state(sample.backends.yolo), 'CO');
    assert.equal(state(sample.backends.sam2), 'DI');
    assert.equal(state(sample.backends.sentiment), 'ER');
    assert.equal(state(sample.backends.llmNer), 'CO');
    assert.equal(state(sample.backends.layoutlm), 'TR');
    assert.equal(state(sample.backends.tesseract), 'PR');
    assert.equal(state(sample.backends.untitled), 'CO');
    assert.equal(state(sample.backends.hostile), 'DI');
    assert.equal(state(sample.backends.slow), 'CO');
    assert.deepEqual(new Set([...states.values()].map((b) => b.state)), new Set(['CO', 'DI', 'ER', 'TR', 'PR']));

    const error = String(states.get(sample.backends.sentiment)!.error_message);
    assert.ok(error.split('\n').length > 10, 'a long multi-line error message');
    assert.match(error, /RuntimeError: Model weights missing/);
    assert.equal(states.get(sample.backends.untitled)!.title, '');
    assert.equal(states.get(sample.backends.hostile)!.title, HOSTILE_TITLE);
    assert.match(String(states.get(sample.backends.hostile)!.error_message), /command:/);
    assert.equal(states.get(sample.backends.llmNer)!.auth_method, 'BASIC_AUTH');
  });

  it('returns a PAT that can be exchanged', async () => {
    const r = await rawRequest(`${fake.url}/api/token/refresh/`, { method: 'POST', body: { refresh: sample.pat } });
    assert.equal(r.status, 200);
  });

  it('seedManyProjects creates N projects with M backends each', () => {
    const many = seedManyProjects(fake, { projects: 3, backendsPerProject: 2, mlUrl: ml.url });
    assert.equal(many.projectIds.length, 3);
    assert.equal(many.backendIds.length, 6);
    assert.equal(fake.db.backendsOf(many.projectIds[0]).length, 2);
  });
});
