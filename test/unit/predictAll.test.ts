import * as assert from 'node:assert/strict';
import { predictAllTasks, retrievedMessage, type PredictAllPorts, type PredictAllTarget } from '../../src/core/backends/predictAll';
import { useFakeLab } from './fakeLab';

describe('Predict All Tasks (which route, the fallback when it is missing, what is reported)', () => {
  const lab = useFakeLab();

  /** A project with two backends and three tasks; the user answers the confirmations with `answers` (true = the action). */
  async function setup(answers: boolean[]) {
    const project = lab.fake.addProject({ title: 'Reviews' });
    for (let i = 0; i < 3; i++) lab.fake.addTask(project.id, { text: `review ${i}` });
    const client = lab.client();
    const first = await client.getBackend(
      lab.fake.addBackend({ project: project.id, url: lab.ml.model('first', {}), title: 'first-ner' }).id,
    );
    const chosen = await client.getBackend(
      lab.fake.addBackend({ project: project.id, url: lab.ml.model('second', {}), title: 'chosen' }).id,
    );
    const seen = {
      asked: [] as Array<{ message: string; detail: string; action: string }>,
      info: [] as string[],
      log: [] as string[],
      failures: [] as string[],
      progress: [] as string[],
      refreshed: 0,
    };
    const ports: PredictAllPorts = {
      client,
      confirm: async (message, detail, action) => {
        seen.asked.push({ message, detail, action });
        return answers.shift() ?? false;
      },
      withProgress: (work) => (seen.progress.push('view'), work()),
      withCancellableProgress: (title, work) => (seen.progress.push(title), work(new AbortController().signal)),
      info: (m) => void seen.info.push(m),
      log: (l) => void seen.log.push(l),
      failure: async (what, error) => void seen.failures.push(`${what}: ${(error as Error).message}`),
      refreshProject: () => void seen.refreshed++,
    };
    const target: PredictAllTarget = { backend: chosen, project: { id: project.id, title: 'Reviews', backends: [first, chosen] } };
    return { project, chosen, ports, target, seen };
  }

  const calls = () => lab.fake.requests.map((r) => `${r.method} ${r.path}`).filter((c) => !c.startsWith('GET /api/ml/'));

  it("Enterprise: the backend's own route, what Label Studio said, then the project is refreshed", async () => {
    lab.fake.edition = 'enterprise';
    const { chosen, ports, target, seen } = await setup([true]);
    await predictAllTasks(ports, target);
    assert.equal(seen.asked.length, 1);
    assert.equal(seen.asked[0].message, 'Ask "chosen" for predictions on every task of "Reviews"?');
    assert.equal(seen.asked[0].action, 'Predict');
    assert.deepEqual(calls(), [`POST /api/ml/${chosen.id}/predict?batch_size=100`]);
    assert.deepEqual(seen.progress, ['view']);
    assert.match(seen.info[0], /^Label Studio: Predictions have successfully started/);
    assert.equal(seen.refreshed, 1);
  });

  it('Community: the route is missing, so the Data Manager action is offered, naming the FIRST backend', async () => {
    const { project, chosen, ports, target, seen } = await setup([true, true]);
    await predictAllTasks(ports, target);
    assert.equal(seen.asked.length, 2);
    assert.match(seen.asked[1].message, /no "predict all tasks" route for one backend/);
    assert.match(seen.asked[1].detail, /FIRST backend \(first-ner\) — not necessarily the one you chose/);
    assert.equal(seen.asked[1].action, 'Retrieve Predictions');
    assert.deepEqual(calls(), [
      `POST /api/ml/${chosen.id}/predict?batch_size=100`,
      `POST /api/dm/actions/?id=retrieve_tasks_predictions&project=${project.id}`,
    ]);
    assert.deepEqual(seen.progress, ['view', 'Retrieving predictions for "Reviews"…']);
    assert.deepEqual(seen.info, ['Label Studio: Retrieved 3 predictions (3 tasks selected).']);
    assert.deepEqual(seen.log, [`Retrieve predictions on project ${project.id}: Retrieved 3 predictions (3 tasks selected)`]);
    assert.equal(seen.refreshed, 0);
    assert.deepEqual(seen.failures, []);
  });

  it('saying no asks nothing of the server; declining the fallback stops there', async () => {
    const first = await setup([false]);
    await predictAllTasks(first.ports, first.target);
    assert.deepEqual(calls(), []);
    assert.equal(first.seen.refreshed, 0);
    const second = await setup([true, false]);
    await predictAllTasks(second.ports, second.target);
    assert.equal(calls().filter((c) => c.includes('/api/dm/actions/')).length, 0);
    assert.equal(second.seen.info.length, 0);
  });

  it('a failure of either route is reported with what failed; the first route is followed by a refresh', async () => {
    lab.fake.edition = 'enterprise';
    const enterprise = await setup([true]);
    const down = lab.fake.injectFault({ path: /\/predict/, fault: { kind: 'status', status: 500 } });
    await predictAllTasks(enterprise.ports, enterprise.target);
    assert.match(enterprise.seen.failures[0], /^Predicting all tasks failed: /);
    assert.equal(enterprise.seen.refreshed, 1);
    down.remove();
    lab.fake.edition = 'community';
    const community = await setup([true, true]);
    lab.fake.injectFault({ path: /\/api\/dm\/actions\//, fault: { kind: 'status', status: 503 } });
    await predictAllTasks(community.ports, community.target);
    assert.match(community.seen.failures.at(-1) ?? '', /^Retrieving predictions failed: /);
  });

  it('what is reported: the count in one sentence, server text defused', () => {
    assert.equal(retrievedMessage({}), 'Label Studio: done.');
    assert.equal(
      retrievedMessage({ processedItems: 1, detail: 'Retrieved 1 predictions' }),
      'Label Studio: Retrieved 1 predictions (1 task selected).',
    );
    assert.doesNotMatch(
      retrievedMessage({ detail: 'see [here](command:evil) https://evil.example', processedItems: 2 }),
      /\]\(command:|https:\/\//,
    );
  });
});
