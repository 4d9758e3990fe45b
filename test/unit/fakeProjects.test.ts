// FakeLabelStudio: /api/projects pagination, include=, ordering, project objects, deletion, /api/tasks.
import * as assert from 'node:assert/strict';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { rawRequest } from '../fake/rawHttp';
import { seedManyProjects } from '../fake/sampleData';

interface ProjectPage {
  count: number;
  next: string | null;
  previous: string | null;
  results: Array<Record<string, unknown>>;
}

const FULL_KEYS = [
  'id',
  'title',
  'description',
  'label_config',
  'expert_instruction',
  'show_instruction',
  'show_skip_button',
  'enable_empty_annotation',
  'show_annotation_history',
  'organization',
  'color',
  'maximum_annotations',
  'is_published',
  'model_version',
  'is_draft',
  'created_by',
  'created_at',
  'min_annotations_to_start_training',
  'start_training_on_annotation_update',
  'show_collab_predictions',
  'num_tasks_with_annotations',
  'task_number',
  'useful_annotation_number',
  'ground_truth_number',
  'skipped_annotations_number',
  'total_annotations_number',
  'total_predictions_number',
  'sampling',
  'show_ground_truth_first',
  'show_overlap_first',
  'overlap_cohort_percentage',
  'task_data_login',
  'task_data_password',
  'control_weights',
  'parsed_label_config',
  'evaluate_predictions_automatically',
  'config_has_control_tags',
  'skip_queue',
  'reveal_preannotations_interactively',
  'pinned_at',
  'finished_task_number',
  'queue_total',
  'queue_done',
  'config_suitable_for_bulk_annotation',
  'state',
];

describe('FakeLabelStudio projects', () => {
  let fake: FakeLabelStudio;
  let headers: Record<string, string>;

  beforeEach(async () => {
    fake = await FakeLabelStudio.start();
    headers = { Authorization: `Token ${fake.legacyTokens[0]}` };
  });
  afterEach(() => fake.close());

  const page = async (query: string) => {
    const r = await rawRequest(`${fake.url}/api/projects/${query}`, { headers });
    return { status: r.status, body: r.json as ProjectPage & { detail?: string } };
  };

  it('pages 135 projects by 100 with absolute next/previous links', async () => {
    seedManyProjects(fake, { projects: 135, backendsPerProject: 0, mlUrl: 'http://127.0.0.1:9' });
    const first = await page('?page_size=100');
    assert.equal(first.status, 200);
    assert.equal(first.body.count, 135);
    assert.equal(first.body.results.length, 100);
    assert.equal(first.body.previous, null);
    assert.equal(first.body.next, `${fake.url}/api/projects/?page=2&page_size=100`);

    const second = await rawRequest(first.body.next!, { headers });
    const body = second.json as ProjectPage;
    assert.equal(body.results.length, 35);
    assert.equal(body.next, null);
    assert.equal(body.previous, `${fake.url}/api/projects/?page_size=100`);
    const ids = [...first.body.results, ...body.results].map((p) => p.id);
    assert.equal(new Set(ids).size, 135);
    // Newest first.
    assert.equal(first.body.results[0].title, 'Project 135');
  });

  it('defaults to 30 per page, caps page_size at 100 and ignores invalid sizes', async () => {
    seedManyProjects(fake, { projects: 135, backendsPerProject: 0, mlUrl: 'http://127.0.0.1:9' });
    assert.equal((await page('')).body.results.length, 30);
    assert.equal((await page('?page_size=500')).body.results.length, 100);
    assert.equal((await page('?page_size=0')).body.results.length, 30);
    assert.equal((await page('?page_size=abc')).body.results.length, 30);
    assert.equal((await page('?page=last&page_size=100')).body.results.length, 35);
  });

  it('answers an out-of-range page with a 404 envelope "Invalid page."', async () => {
    seedManyProjects(fake, { projects: 5, backendsPerProject: 0, mlUrl: 'http://127.0.0.1:9' });
    for (const q of ['?page=2', '?page=0', '?page=abc', '?page=-1']) {
      const r = await page(q);
      assert.equal(r.status, 404, q);
      assert.equal(r.body.detail, 'Invalid page.', q);
    }
  });

  it('serves page 1 of an empty list', async () => {
    const r = await page('?page=1');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { count: 0, next: null, previous: null, results: [] });
  });

  it('returns only the include= fields, keeps the other params in next', async () => {
    seedManyProjects(fake, { projects: 5, backendsPerProject: 0, mlUrl: 'http://127.0.0.1:9' });
    const r = await page('?include=id,title&page_size=3');
    for (const p of r.body.results) assert.deepEqual(Object.keys(p), ['id', 'title']);
    assert.equal(r.body.next, `${fake.url}/api/projects/?include=id%2Ctitle&page=2&page_size=3`);
  });

  it('builds links from publicOrigin (a reverse proxy) when set', async () => {
    seedManyProjects(fake, { projects: 5, backendsPerProject: 0, mlUrl: 'http://127.0.0.1:9' });
    fake.publicOrigin = 'http://internal-host:8080';
    const r = await page('?page_size=2');
    assert.equal(r.body.next, 'http://internal-host:8080/api/projects/?page=2&page_size=2');
  });

  it('returns full 1.22 project objects, pinned first then newest', async () => {
    const old = fake.addProject({ title: 'Oldest', created_at: '2025-01-01T00:00:00.000001Z' });
    const pinned = fake.addProject({
      title: 'Pinned',
      created_at: '2025-02-01T00:00:00.000001Z',
      pinned_at: '2026-01-01T00:00:00.000001Z',
    });
    const newest = fake.addProject({ title: 'Newest' });
    const r = await page('');
    assert.deepEqual(
      r.body.results.map((p) => p.id),
      [pinned.id, newest.id, old.id],
    );
    const p = r.body.results[0];
    assert.deepEqual(Object.keys(p), FULL_KEYS);
    assert.deepEqual(Object.keys(p.created_by as object), ['id', 'first_name', 'last_name', 'username', 'email', 'avatar']);
    assert.match(String(p.created_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(p.state, null);
  });

  it('derives parsed_label_config and control_weights from the label config', async () => {
    const p = fake.addProject({
      title: 'Cars',
      label_config:
        '<View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image"><Label value="Car" background="#FFA39E"/></RectangleLabels></View>',
    });
    const r = await rawRequest(`${fake.url}/api/projects/${p.id}/`, { headers });
    const body = r.json as Record<string, unknown>;
    assert.deepEqual(body.parsed_label_config, {
      label: {
        type: 'RectangleLabels',
        to_name: ['image'],
        inputs: [{ type: 'Image', valueType: null, value: 'image' }],
        labels: ['Car'],
        labels_attrs: { Car: { value: 'Car', background: '#FFA39E' } },
      },
    });
    assert.deepEqual(body.control_weights, { label: { overall: 1, type: 'RectangleLabels', labels: { Car: 1 } } });
    assert.equal(body.config_has_control_tags, true);
  });

  it('retrieves one project with or without the slash and 404s unknown ids', async () => {
    const p = fake.addProject({ title: 'One' });
    assert.equal((await rawRequest(`${fake.url}/api/projects/${p.id}`, { headers })).status, 200);
    const missing = await rawRequest(`${fake.url}/api/projects/999/`, { headers });
    assert.equal(missing.status, 404);
    assert.equal((missing.json as { detail: string }).detail, 'No Project matches the given query.');
  });

  it('cascades a project deletion to its backends', async () => {
    const p = fake.addProject({ title: 'Doomed' });
    const b = fake.addBackend({ project: p.id, url: 'http://127.0.0.1:9' });
    const del = await rawRequest(`${fake.url}/api/projects/${p.id}/`, { method: 'DELETE', headers });
    assert.equal(del.status, 204);
    assert.equal(del.body.length, 0);
    const list = await rawRequest(`${fake.url}/api/ml/?project=${p.id}`, { headers });
    assert.equal(list.status, 404);
    assert.equal((list.json as { detail: string }).detail, 'No Project matches the given query.');
    assert.equal((await rawRequest(`${fake.url}/api/ml/${b.id}`, { headers })).status, 404);
    assert.equal(fake.getBackend(b.id), undefined);
  });

  it('lists tasks in the Community Data Manager shape', async () => {
    const p = fake.addProject({ title: 'Tasks' });
    for (let i = 0; i < 3; i++) fake.addTask(p.id, { text: `t${i}` });
    const r = await rawRequest(`${fake.url}/api/tasks/?project=${p.id}&page_size=2`, { headers });
    const body = r.json as { total: number; total_annotations: number; total_predictions: number; tasks: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(body), ['total_annotations', 'total_predictions', 'total', 'tasks']);
    assert.equal(body.total, 3);
    assert.equal(body.tasks.length, 2);
    assert.deepEqual(body.tasks[0].data, { text: 't0' });
    assert.equal(body.tasks[0].project, p.id);
    assert.equal((await rawRequest(`${fake.url}/api/tasks?project=${p.id}&page=2&page_size=2`, { headers })).status, 200);
    assert.equal((await rawRequest(`${fake.url}/api/tasks/?project=${p.id}&page=3&page_size=2`, { headers })).status, 404);
    const project = await rawRequest(`${fake.url}/api/projects/${p.id}/`, { headers });
    assert.equal((project.json as { task_number: number }).task_number, 3);
  });
});
