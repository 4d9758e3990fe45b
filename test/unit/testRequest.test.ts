import * as assert from 'node:assert/strict';
import {
  sendTestRequest,
  type TaskChoice,
  type TestRequestPorts,
  type TestRequestTarget,
  type TextQuestion,
} from '../../src/core/backends/testRequest';
import type { ModelBehaviour } from '../fake';
import { useFakeLab } from './fakeLab';

/** How the user answers: the task picked (by label), the input boxes in order, the error's action. */
interface Answers {
  task?: (items: TaskChoice[]) => TaskChoice | undefined;
  typed?: Array<string | undefined>;
  onError?: string;
  /** Undefined: no inspector, the answer opens as JSON. */
  inspector?: 'ok' | 'throws';
}

describe('Send Test Request (which task, the context, the inspector or raw JSON, turning interactive on)', () => {
  const lab = useFakeLab();

  /** A project with two tasks and one backend, and ports that answer with `answers` and record what is shown. */
  async function setup(answers: Answers, backend: { interactive?: boolean; behaviour?: ModelBehaviour } = {}) {
    const client = lab.client();
    const project = lab.fake.addProject({ title: 'Street scenes' });
    const tasks = [lab.fake.addTask(project.id, { text: 'first' }).id, lab.fake.addTask(project.id, { text: 'second' }).id];
    const row = lab.fake.addBackend({
      project: project.id,
      url: lab.ml.model(`m${project.id}`, backend.behaviour ?? {}),
      title: 'yolo',
      is_interactive: backend.interactive ?? true,
    });
    const target: TestRequestTarget = { backend: await client.getBackend(row.id), project: { id: project.id, title: 'Street scenes' } };
    const typed = answers.typed ?? [];
    const seen = {
      offered: [] as TaskChoice[],
      pickOptions: [] as unknown[],
      questions: [] as TextQuestion[],
      errors: [] as Array<{ message: string; actions: string[] }>,
      info: [] as string[],
      warned: [] as string[],
      failures: [] as string[],
      opened: [] as Array<{ name: string; text: string }>,
      inspected: [] as Array<{ taskId: number; answer: unknown }>,
      changes: 0,
      progress: 0,
    };
    const ports: TestRequestPorts = {
      client,
      withProgress: (work) => (seen.progress++, work()),
      pickTask: async (items, options) => {
        seen.offered = items;
        seen.pickOptions.push(options);
        return answers.task?.(items);
      },
      ask: async (question) => (seen.questions.push(question), typed.shift()),
      error: async (message, ...actions) => (seen.errors.push({ message, actions }), answers.onError),
      info: (message) => void seen.info.push(message),
      warn: (line) => void seen.warned.push(line),
      failure: async (what, error) => void seen.failures.push(`${what}: ${(error as Error).message}`),
      openJson: async (name, text) => void seen.opened.push({ name, text }),
      change: async (work) => (seen.changes++, work()),
      inspect:
        answers.inspector &&
        (async (taskId, answer) => {
          if (answers.inspector === 'throws') throw new Error('no webview');
          seen.inspected.push({ taskId, answer });
        }),
    };
    return { target, tasks, ports, seen, backendId: row.id };
  }

  const byLabel = (label: string) => (items: TaskChoice[]) => items.find((i) => i.label === label);
  const interactiveCalls = () => lab.fake.requests.filter((r) => r.path.endsWith('/interactive-annotating'));
  const predictBodies = () =>
    lab.ml.requests.filter((r) => r.route === '/predict').map((r) => r.body as { params?: { context?: unknown } });

  it("offers the project's tasks, sends the chosen task with the typed context, and opens the inspector on the answer", async () => {
    const { target, tasks, ports, seen } = await setup({ task: (items) => items[1], typed: ['{"result": []}'], inspector: 'ok' });
    await sendTestRequest(ports, target);
    assert.deepEqual(
      seen.offered.map((i) => [i.label, i.description, i.id]),
      [
        [`Task ${tasks[0]}`, 'first', tasks[0]],
        [`Task ${tasks[1]}`, 'second', tasks[1]],
        ['$(edit) Enter a task ID…', undefined, -1],
      ],
    );
    assert.deepEqual(seen.pickOptions, [
      { title: 'Test yolo: which task?', placeHolder: 'Tasks of Street scenes', matchOnDescription: true },
    ]);
    assert.equal(seen.questions[0].title, 'Test yolo: context (optional)');
    assert.equal(seen.questions[0].placeHolder, '{"result": []}');
    assert.equal(interactiveCalls().length, 1);
    assert.deepEqual(predictBodies().at(-1)?.params?.context, { result: [] });
    assert.equal(seen.inspected.length, 1);
    assert.equal(seen.inspected[0].taskId, tasks[1]);
    assert.ok(Array.isArray((seen.inspected[0].answer as { result?: unknown }).result));
    assert.deepEqual(seen.opened, []);
    assert.equal(seen.progress, 2, 'the task list and the request');
  });

  it('without an inspector the answer opens as raw JSON, named after the backend and the task; no context sends null', async () => {
    const { target, tasks, ports, seen } = await setup({ task: (items) => items[0], typed: [''] });
    await sendTestRequest(ports, target);
    assert.equal(seen.opened.length, 1);
    assert.equal(seen.opened[0].name, `yolo-task-${tasks[0]}.json`);
    assert.ok('result' in JSON.parse(seen.opened[0].text));
    assert.equal(predictBodies().at(-1)?.params?.context, null);
  });

  it('the context must be JSON when given', async () => {
    const { target, ports, seen } = await setup({ task: (items) => items[0], typed: [undefined] });
    await sendTestRequest(ports, target);
    const validate = seen.questions[0].validateInput;
    assert.equal(validate(''), undefined);
    assert.equal(validate('{"result": []}'), undefined);
    assert.equal(typeof validate('{"result": '), 'string');
  });

  it('the task list cannot be read: only "Enter a task ID…" is offered, the problem is logged, and a typed ID is used', async () => {
    const typed: string[] = [];
    const { target, tasks, ports, seen } = await setup({ task: byLabel('$(edit) Enter a task ID…'), typed });
    lab.fake.injectFault({ path: /^\/api\/tasks\//, fault: { kind: 'status', status: 500 } });
    typed.push(` ${tasks[1]} `, '');
    await sendTestRequest(ports, target);
    assert.deepEqual(
      seen.offered.map((i) => i.id),
      [-1],
    );
    assert.equal(seen.warned.length, 1);
    assert.match(seen.warned[0], new RegExp(`^Could not list the tasks of project ${target.project.id}: `));
    const question = seen.questions[0];
    assert.equal(question.title, 'Task ID');
    assert.equal(question.prompt, 'A task of project Street scenes');
    assert.equal(question.validateInput('abc'), 'A task ID is a number.');
    assert.equal(question.validateInput(' 12 '), undefined);
    assert.equal(interactiveCalls().length, 1);
    assert.equal(seen.opened[0].name, `yolo-task-${tasks[1]}.json`);
  });

  it('cancelling at any question sends nothing', async () => {
    for (const answers of [{}, { task: byLabel('$(edit) Enter a task ID…'), typed: [undefined] }, { task: (i: TaskChoice[]) => i[0] }]) {
      const { target, ports, seen } = await setup(answers);
      await sendTestRequest(ports, target);
      assert.equal(interactiveCalls().length, 0, JSON.stringify(seen.questions.map((q) => q.title)));
    }
  });

  it('a backend with interactive pre-annotations off: the error opens as JSON and offers to turn them on, which patches it', async () => {
    const { target, ports, seen, backendId } = await setup(
      { task: (items) => items[0], typed: [''], onError: 'Turn On Interactive Pre-annotations' },
      { interactive: false },
    );
    await sendTestRequest(ports, target);
    assert.deepEqual(JSON.parse(seen.opened[0].text), { errors: ['Model is not set to be used for interactive preannotations'] });
    assert.deepEqual(seen.errors, [
      {
        message: 'The test request returned an error: Model is not set to be used for interactive preannotations',
        actions: ['Turn On Interactive Pre-annotations'],
      },
    ]);
    assert.equal(seen.changes, 1);
    assert.ok(lab.fake.requests.some((r) => r.method === 'PATCH' && r.path === `/api/ml/${backendId}`));
    assert.equal(lab.fake.getBackend(backendId)?.is_interactive, true);
    assert.deepEqual(seen.info, ['Interactive pre-annotations are on for "yolo". Send the test request again.']);
  });

  it('interactive off and the offer declined: nothing is changed', async () => {
    const { target, ports, seen, backendId } = await setup({ task: (items) => items[0], typed: [''] }, { interactive: false });
    await sendTestRequest(ports, target);
    assert.equal(seen.errors[0].actions.length, 1);
    assert.equal(seen.changes, 0);
    assert.equal(lab.fake.getBackend(backendId)?.is_interactive, false);
  });

  it('another ML error is shown without the offer', async () => {
    const { target, ports, seen } = await setup({ task: (items) => items[0], typed: [''] }, { behaviour: { predict: 'error' } });
    await sendTestRequest(ports, target);
    assert.equal(seen.errors.length, 1);
    assert.match(seen.errors[0].message, /^The test request returned an error: /);
    assert.deepEqual(seen.errors[0].actions, []);
    assert.equal(seen.opened.length, 1);
  });

  it('server and model text reaches the picker, the prompts and the notifications defused: no links, icons or extra lines', async () => {
    const hostile = '[run](command:workbench.action.terminal.new) $(zap)\nforged line';
    const { target, ports, seen, backendId } = await setup(
      { task: (items) => items[0], typed: ['', '42'], onError: 'Turn On Interactive Pre-annotations' },
      { interactive: false },
    );
    lab.fake.addTask(target.project.id, { text: hostile });
    const named = { backend: { ...target.backend, title: hostile }, project: { ...target.project, title: hostile } };
    lab.fake.injectFault({
      path: /interactive-annotating/,
      fault: { kind: 'status', status: 200, body: { errors: [`${hostile} Model is not set to be used for interactive preannotations`] } },
    });
    await sendTestRequest(ports, named);
    const shown = [
      ...seen.offered.map((i) => `${i.label} ${i.description ?? ''}`),
      ...seen.pickOptions.map((o) => JSON.stringify(o)),
      ...seen.questions.map((q) => `${q.title} ${q.prompt}`),
      ...seen.errors.map((e) => e.message),
      ...seen.info,
    ];
    assert.ok(
      seen.offered.some((i) => (i.description ?? '').includes('forged line')),
      'the hostile task is offered',
    );
    assert.ok(seen.errors.length === 1 && seen.info.length === 1, 'the error and the confirmation were shown');
    assert.equal(lab.fake.getBackend(backendId)?.is_interactive, true);
    for (const text of shown) {
      assert.doesNotMatch(text, /\]\(command:/, text);
      assert.doesNotMatch(text, /\n/, text);
    }
    for (const text of [...seen.offered.map((i) => i.description ?? ''), ...seen.questions.map((q) => `${q.title} ${q.prompt}`)])
      assert.doesNotMatch(text, /(^|[^\\])\$\(zap\)/, text);
  });

  it('the request fails: "The test request failed"; the inspector fails: "The prediction inspector could not open"', async () => {
    const failing = await setup({ task: (items) => items[0], typed: [''], inspector: 'ok' });
    const fault = lab.fake.injectFault({ path: /interactive-annotating/, fault: { kind: 'status', status: 500 } });
    await sendTestRequest(failing.ports, failing.target);
    assert.equal(failing.seen.failures.length, 1);
    assert.match(failing.seen.failures[0], /^The test request failed: /);
    assert.deepEqual(failing.seen.inspected, []);
    fault.remove();
    const broken = await setup({ task: (items) => items[0], typed: [''], inspector: 'throws' });
    await sendTestRequest(broken.ports, broken.target);
    assert.deepEqual(broken.seen.failures, ['The prediction inspector could not open: no webview']);
  });
});
