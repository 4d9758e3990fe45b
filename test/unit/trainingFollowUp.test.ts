import * as assert from 'node:assert/strict';
import type { MlBackend } from '../../src/core/api/models';
import { pollAfterTraining, requestTraining, trainingReport, type TrainingDeps } from '../../src/core/backends/trainingFollowUp';
import { ServerModel } from '../../src/core/servers/serverModel';
import type { FakeMlServer } from '../fake';
import { useFakeLab } from './fakeLab';

describe('Start Training follow-up (when to poll, when it is done, what it reports)', () => {
  const lab = useFakeLab();

  /** A loaded model of one project with one backend, and the deps of a training request against the fake. */
  async function setup(behaviour: Parameters<FakeMlServer['model']>[1]) {
    const project = lab.fake.addProject({ title: 'Street scenes' });
    const id = lab.fake.addBackend({ project: project.id, url: lab.ml.model('trainee', behaviour), title: 'trainee' }).id;
    const client = lab.client();
    const model = new ServerModel();
    model.addProjects([{ id: project.id, title: project.title ?? '' }]);
    const backend = await client.getBackend(id);
    model.setBackends(project.id, [backend]);
    const activities: Array<string | undefined> = [];
    model.onChange(() => {
      const a = model.activity(id);
      if (activities.at(-1) !== a) activities.push(a);
    });
    let progress = 0;
    const deps: TrainingDeps = {
      client,
      model,
      withProgress: (work) => (progress++, work()),
      poll: { intervalMs: 1, attempts: 3 },
    };
    return { project, id, backend, model, deps, activities, progress: () => progress };
  }

  it('shows the request on the row, re-reads the backend once it answered, and reports its state', async () => {
    const { id, project, backend, model, deps, activities, progress } = await setup({});
    const report = await requestTraining(deps, project.id, backend);
    assert.deepEqual(activities, ['training requested…', 'checking state…', undefined]);
    assert.equal(progress(), 1);
    const calls = lab.fake.requests.filter((r) => r.path.startsWith(`/api/ml/${id}`)).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(calls.slice(1), [`POST /api/ml/${id}/train`, `GET /api/ml/${id}`], 'Community leaves Training on the first read');
    assert.equal(report.kind, 'passed');
    assert.match(
      report.kind === 'passed' ? report.message : '',
      /^Label Studio passed the training request to "trainee"; it is now Connected\. /,
    );
    assert.equal(model.backend(id)?.state, 'CO');
  });

  it('a failed request clears the row and names the backend; nothing is re-read', async () => {
    const { id, project, backend, deps, activities } = await setup({});
    lab.fake.injectFault({ path: `/api/ml/${id}/train`, fault: { kind: 'status', status: 500 } });
    const report = await requestTraining(deps, project.id, backend);
    assert.equal(report.kind, 'failed');
    assert.equal(report.kind === 'failed' ? report.what : '', 'Training request for "trainee" failed');
    assert.deepEqual(activities, ['training requested…', undefined]);
    const reads = lab.fake.requests.filter((r) => r.method === 'GET' && r.path === `/api/ml/${id}`);
    assert.equal(reads.length, 1, 'only the read of the setup');
  });

  it('polls while the backend stays in Training, at most `attempts` reads, without a pause after the last', async () => {
    const states = ['TR', 'TR', 'CO'];
    const reads: string[] = [];
    const sleeps: number[] = [];
    const stub = (attempts: number): TrainingDeps => ({
      client: {
        startTraining: async () => undefined,
        getBackend: async (id: number) => {
          const state = states[reads.length] ?? 'TR';
          reads.push(state);
          return { id, project: 1, state } as MlBackend;
        },
      },
      model: new ServerModel(),
      withProgress: (work) => work(),
      poll: { intervalMs: 1234, attempts },
      sleep: async (ms) => void sleeps.push(ms),
    });
    assert.equal((await pollAfterTraining(stub(10), 7))?.state, 'CO');
    assert.deepEqual(reads, ['TR', 'TR', 'CO'], 'done when it leaves Training');
    assert.deepEqual(sleeps, [1234, 1234]);
    reads.length = 0;
    sleeps.length = 0;
    states.length = 0;
    assert.equal((await pollAfterTraining(stub(2), 7))?.state, 'TR');
    assert.deepEqual(reads, ['TR', 'TR'], 'gives up after `attempts` reads');
    assert.deepEqual(sleeps, [1234]);
  });

  it('an Error ends with the last line of the error and offers the full error; server text is defused', () => {
    const backend = { id: 3, project: 1, title: 'det [x](command:evil)', url: 'http://ml:9090', state: 'CO' } as MlBackend;
    const error = trainingReport(backend, {
      ...backend,
      state: 'ER',
      error_message: 'Traceback (most recent call last):\n  File "model.py"\nRuntimeError: CUDA out of memory',
    });
    assert.equal(error.kind, 'error');
    if (error.kind !== 'error') return;
    assert.match(error.message, /^Training of ".*" ended in Error: RuntimeError: CUDA out of memory$/);
    assert.doesNotMatch(error.message, /\]\(command:/);
    assert.equal(error.action, 'Show Full Error');
    const empty = trainingReport(backend, { ...backend, state: 'ER', error_message: null });
    assert.match(empty.kind === 'error' ? empty.message : '', /ended in Error: no message$/);
    const unknown = trainingReport(backend, undefined);
    assert.match(unknown.kind === 'passed' ? unknown.message : '', /it is now unknown\. Label Studio reports no training progress/);
  });
});
