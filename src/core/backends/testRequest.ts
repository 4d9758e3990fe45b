/**
 * Send Test Request: which task, what context, and what to do with the answer. Label Studio's
 * `POST /api/ml/{id}/interactive-annotating` asks the backend's /predict for one task; ML-side
 * problems come back as `{"errors": […]}`, and a backend with interactive pre-annotations off is
 * refused, so the error offers to turn them on. A good answer goes to the prediction inspector when
 * there is one, else it opens as raw JSON.
 */
import { messageOf } from '../api/errors';
import type { LabelStudioClient } from '../api/client';
import type { MlBackend } from '../api/models';
import { jsonProblem } from '../text/json';
import * as l10n from '../text/l10n';
import { forInputBox, forNotification, forQuickPick } from '../text/safeText';
import { displayTitle } from '../view/presentation';
import { draftFromBackend, patchPayload } from './backendForm';

export interface TestRequestTarget {
  backend: MlBackend;
  project: { id: number; title: string };
}

/** A row of the task picker; `id` -1 is "Enter a task ID…". */
export interface TaskChoice {
  label: string;
  description?: string;
  id: number;
}

/** The fields of an input box (the same names as VS Code's InputBoxOptions). */
export interface TextQuestion {
  title: string;
  prompt: string;
  placeHolder?: string;
  validateInput(value: string): string | undefined;
}

export interface TestRequestPorts {
  client: Pick<LabelStudioClient, 'listTasks' | 'interactiveAnnotating' | 'updateBackend'>;
  /** Progress on the view while `work` runs. */
  withProgress<T>(work: () => Promise<T>): Promise<T>;
  pickTask(
    items: TaskChoice[],
    options: { title: string; placeHolder: string; matchOnDescription: boolean },
  ): Promise<TaskChoice | undefined>;
  /** An input box; undefined when the user cancels. */
  ask(question: TextQuestion): Promise<string | undefined>;
  /** An error notification; resolves to the chosen action. */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  info(message: string): void;
  warn(line: string): void;
  /** Reports a failure: `what` heads the error's message. */
  failure(what: string, error: unknown): Promise<void>;
  /** Opens `text` as a read-only JSON document named `name`. */
  openJson(name: string, text: string): Promise<void>;
  /** Runs a change of the backend with progress, reports its failure, then refreshes the project. */
  change(work: () => Promise<void>): Promise<void>;
  /** Shows the answer in the prediction inspector; absent when there is none (the answer opens as JSON). */
  inspect?(taskId: number, answer: unknown): Promise<unknown>;
}

const TYPE_AN_ID = -1;

/** Asks for a task and a context, sends the test request, and shows the answer or the error. */
export async function sendTestRequest(ports: TestRequestPorts, target: TestRequestTarget): Promise<void> {
  const taskId = await chooseTask(ports, target);
  if (taskId === undefined) return;
  const contextText = await ports.ask({
    title: l10n.t('Test {0}: context (optional)', forQuickPick(displayTitle(target.backend))),
    prompt: l10n.t('JSON sent as "context" (what an annotator\'s clicks or regions would send); leave empty for none'),
    placeHolder: '{"result": []}',
    validateInput: (v) => (v.trim() ? jsonProblem(v) : undefined),
  });
  if (contextText === undefined) return;
  let answer: { data?: unknown; errors?: string[] };
  try {
    answer = await ports.withProgress(() =>
      ports.client.interactiveAnnotating(target.backend.id, taskId, contextText.trim() ? JSON.parse(contextText) : null),
    );
  } catch (error) {
    await ports.failure(l10n.t('The test request failed'), error);
    return;
  }
  const name = `${displayTitle(target.backend)}-task-${taskId}.json`;
  if (answer.errors) return showErrors(ports, target, name, answer.errors);
  if (!ports.inspect) return ports.openJson(name, JSON.stringify(answer.data, null, 2));
  // The inspector draws the answer; its "Open as JSON" shows the raw answer with the findings.
  try {
    await ports.inspect(taskId, answer.data);
  } catch (error) {
    await ports.failure(l10n.t('The prediction inspector could not open'), error);
  }
}

/** The project's first tasks and "Enter a task ID…" (only that when the list cannot be read); undefined when cancelled. */
async function chooseTask(ports: TestRequestPorts, target: TestRequestTarget): Promise<number | undefined> {
  const typeId: TaskChoice = { label: l10n.t('$(edit) Enter a task ID…'), id: TYPE_AN_ID };
  let items: TaskChoice[] = [typeId];
  try {
    const tasks = await ports.withProgress(() => ports.client.listTasks(target.project.id, 20));
    items = [...tasks.map((t) => ({ label: l10n.t('Task {0}', t.id), description: forQuickPick(t.preview), id: t.id })), typeId];
  } catch (error) {
    ports.warn(`Could not list the tasks of project ${target.project.id}: ${messageOf(error)}`);
  }
  const picked = await ports.pickTask(items, {
    title: l10n.t('Test {0}: which task?', forQuickPick(displayTitle(target.backend))),
    placeHolder: l10n.t('Tasks of {0}', forQuickPick(target.project.title)),
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.id !== TYPE_AN_ID) return picked.id;
  const typed = await ports.ask({
    title: l10n.t('Task ID'),
    prompt: l10n.t('A task of project {0}', forInputBox(target.project.title)),
    validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : l10n.t('A task ID is a number.')),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

/** The errors open as JSON; when the backend is not interactive, the notification offers to turn that on. */
async function showErrors(ports: TestRequestPorts, target: TestRequestTarget, name: string, errors: string[]): Promise<void> {
  await ports.openJson(name, JSON.stringify({ errors }, null, 2));
  const interactiveOff = errors.some((e) => /not set to be used for interactive/i.test(e));
  const said = forNotification(errors.join('; '));
  const turnOn = l10n.t('Turn On Interactive Pre-annotations');
  const choice = await ports.error(l10n.t('The test request returned an error: {0}', said), ...(interactiveOff ? [turnOn] : []));
  if (choice === turnOn) await enableInteractive(ports, target.backend);
}

async function enableInteractive(ports: TestRequestPorts, backend: MlBackend): Promise<void> {
  const draft = draftFromBackend(backend);
  draft.isInteractive = true;
  const payload = patchPayload(backend, draft);
  if (!payload) return;
  await ports.change(async () => {
    await ports.client.updateBackend(backend.id, payload);
    const name = forNotification(displayTitle(backend));
    ports.info(l10n.t('Interactive pre-annotations are on for "{0}". Send the test request again.', name));
  });
}
