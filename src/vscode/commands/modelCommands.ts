/**
 * What an ML backend's model does: Start Training, Model Versions, Send Test Request, Predict All
 * Tasks. Label Studio reports little about these, so each says plainly what it knows.
 */
import vscode = require('vscode');
import { draftFromBackend, patchPayload } from '../../core/backends/backendForm';
import { lookOfState } from '../../core/backends/backendState';
import { RouteMissingError } from '../../core/api/client';
import { messageOf } from '../../core/api/errors';
import { jsonProblem } from '../../core/text/json';
import type { MlBackend } from '../../core/api/models';
import { displayTitle } from '../../core/view/presentation';
import { forInputBox, forNotification, forProgressTitle, forQuickPick, forStatusBar } from '../../core/text/safeText';
import { lastLine } from '../../core/text/lines';
import { actOnProject, reportFailure, type BackendCommandDeps } from './commandSupport';
import type { CommandTable } from './contributions';
import type { BackendTarget } from './pickers';
import type { Prompts } from './prompts';
import { withViewProgress } from '../services/viewProgress';

const PREDICT_BATCH_SIZE = 100;

export class ModelCommands {
  constructor(private readonly deps: BackendCommandDeps) {}

  commands() {
    return {
      'labelStudio.startTraining': (a, b) => this.startTraining(a, b),
      'labelStudio.showModelVersions': (a, b) => this.showModelVersions(a, b),
      'labelStudio.sendTestRequest': (a, b) => this.sendTestRequest(a, b),
      'labelStudio.showPredictions': (a, b) => this.sendTestRequest(a, b),
      'labelStudio.predictAllTasks': (a, b) => this.predictAllTasks(a, b),
    } satisfies Partial<CommandTable>;
  }

  /**
   * `POST /train` answers only when the ML server is done (up to ~100 s) and says nothing about the
   * outcome, so the row shows "training requested…" and the backend is re-read afterwards.
   */
  async startTraining(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Start training which ML backend?');
    const client = target?.entry.client;
    if (!target || !client) return;
    const { model } = target.entry;
    const { backend, project } = target;
    model.setActivity(project.id, backend.id, 'training requested…');
    let last: MlBackend | undefined;
    try {
      await withViewProgress(async () => {
        await client.startTraining(backend.id);
        model.setActivity(project.id, backend.id, 'checking state…');
        last = await this.pollAfterTraining(target);
      });
    } catch (error) {
      model.setActivity(project.id, backend.id, undefined);
      await reportFailure(this.deps, `Training request for "${displayTitle(backend)}" failed`, error);
      return;
    }
    model.setActivity(project.id, backend.id, undefined);
    if (last) model.updateBackend(last);
    const state = forNotification(last ? lookOfState(last.state).label : 'unknown');
    const name = forNotification(displayTitle(backend));
    if (last?.state === 'ER') {
      const why = forNotification(summaryLine(last.error_message));
      const choice = await this.prompts.error(`Training of "${name}" ended in Error: ${why}`, 'Show Full Error');
      if (choice === 'Show Full Error')
        await vscode.commands.executeCommand('labelStudio.showFullError', target.entry.config.baseUrl, backend.id);
    } else {
      void this.prompts.info(
        `Label Studio passed the training request to "${name}"; it is now ${state}. ` +
          "Label Studio reports no training progress: watch the ML server's own log for that.",
      );
    }
  }

  async showModelVersions(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Model versions of which ML backend?');
    const client = target?.entry.client;
    if (!target || !client) return;
    let result: Awaited<ReturnType<typeof client.modelVersions>>;
    try {
      result = await withViewProgress(() => client.modelVersions(target.backend.id));
    } catch (error) {
      await reportFailure(this.deps, 'Could not read the model versions', error);
      return;
    }
    if (result.mlError !== undefined) {
      await this.prompts.error(
        `The ML backend "${forNotification(displayTitle(target.backend))}" answered with an error` +
          `${result.status ? ` (${result.status})` : ''}: ${forNotification(result.mlError)}`,
      );
      return;
    }
    const current = target.backend.model_version ?? '';
    const fallback = /upgrade your ml backend/i.test(result.message ?? '');
    // Label Studio's fallback when the ML server has no /versions route (current ones have none).
    const fallbackNote = fallback
      ? 'Only the current version is known: the backend has no /versions route, so Label Studio answers "Upgrade your ML backend".'
      : undefined;
    const items = result.versions.map((v) => ({
      label: forQuickPick(v),
      version: v,
      description: v === current ? '(current)' : '',
      detail: v === current ? fallbackNote : undefined,
    }));
    const picked = await this.prompts.quickPick(items, {
      title: `Model versions of ${forQuickPick(displayTitle(target.backend))}`,
      placeHolder: items.length === 0 ? 'The backend lists no versions.' : 'Pick a version to copy it',
    });
    if (picked) {
      await vscode.env.clipboard.writeText(picked.version);
      vscode.window.setStatusBarMessage(`Copied model version ${forStatusBar(picked.version)}`, 3000);
    }
  }

  async sendTestRequest(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Send a test request to which ML backend?');
    const client = target?.entry.client;
    if (!target || !client) return;
    const taskId = await this.pickTask(target);
    if (taskId === undefined) return;
    const contextText = await this.prompts.inputBox({
      title: `Test ${forQuickPick(displayTitle(target.backend))}: context (optional)`,
      prompt: 'JSON sent as "context" (what an annotator\'s clicks or regions would send); leave empty for none',
      placeHolder: '{"result": []}',
      validateInput: (v) => (v.trim() ? jsonProblem(v) : undefined),
    });
    if (contextText === undefined) return;
    let answer: { data?: unknown; errors?: string[] };
    try {
      answer = await withViewProgress(() =>
        client.interactiveAnnotating(target.backend.id, taskId, contextText.trim() ? JSON.parse(contextText) : null),
      );
    } catch (error) {
      await reportFailure(this.deps, 'The test request failed', error);
      return;
    }
    const name = `${displayTitle(target.backend)}-task-${taskId}.json`;
    if (answer.errors) {
      await this.deps.documents.open(name, JSON.stringify({ errors: answer.errors }, null, 2), 'json');
      const interactiveOff = answer.errors.some((e) => /not set to be used for interactive/i.test(e));
      const said = forNotification(answer.errors.join('; '));
      const offer = interactiveOff ? ['Turn On Interactive Pre-annotations'] : [];
      const choice = await this.prompts.error(`The test request returned an error: ${said}`, ...offer);
      if (choice) await this.enableInteractive(target);
      return;
    }
    if (!this.deps.inspector) {
      await this.deps.documents.open(name, JSON.stringify(answer.data, null, 2), 'json');
      return;
    }
    // The inspector draws the answer; its "Open as JSON" shows the raw answer with the findings.
    try {
      await this.deps.inspector.show(target, taskId, answer.data);
    } catch (error) {
      await reportFailure(this.deps, 'The prediction inspector could not open', error);
    }
  }

  async predictAllTasks(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Predict all tasks with which ML backend?');
    const client = target?.entry.client;
    if (!target || !client) return;
    const name = forNotification(displayTitle(target.backend));
    const go = await this.prompts.confirm(
      `Ask "${name}" for predictions on every task of "${forNotification(target.project.title)}"?`,
      "Label Studio sends the tasks to the backend's /predict in batches.",
      'Predict',
    );
    if (go !== 'Predict') return;
    try {
      const said = await withViewProgress(() => client.predictAllTasks(target.backend.id, PREDICT_BATCH_SIZE));
      void this.prompts.info(`Label Studio: ${forNotification(said)}`);
      this.deps.log.info(`Predict all tasks with backend ${target.backend.id}: ${said}`);
    } catch (error) {
      if (error instanceof RouteMissingError) return this.predictWithDataManager(target);
      await reportFailure(this.deps, 'Predicting all tasks failed', error);
    }
    void this.deps.controller.refreshProject(target.entry.config.baseUrl, target.project.id);
  }

  /** Community has no per-backend predict route: offer the project's Data Manager action instead. */
  private async predictWithDataManager(target: BackendTarget): Promise<void> {
    const first = target.project.backends?.[0];
    const firstName = first ? forNotification(displayTitle(first)) : 'its first backend';
    const go = await this.prompts.confirm(
      'This Label Studio has no "predict all tasks" route for one backend (it is a Label Studio Enterprise feature).',
      `Use the project's Data Manager action "Retrieve Predictions" instead? It asks the project's FIRST backend (${firstName}) — not necessarily the one you chose — for every task, waits until all are done, skips tasks that already have a prediction of the current model version, and does nothing while that backend is Disconnected or in Error.`,
      'Retrieve Predictions',
    );
    if (go !== 'Retrieve Predictions') return;
    const client = target.entry.client!;
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Retrieving predictions for "${forProgressTitle(target.project.title)}"…`,
          cancellable: true,
        },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return client.retrieveProjectPredictions(target.project.id, this.deps.predictTimeoutMs ?? 30 * 60_000, abort.signal);
        },
      );
      const count =
        result.processedItems === undefined ? '' : ` (${result.processedItems} task${result.processedItems === 1 ? '' : 's'} selected)`;
      void this.prompts.info(`Label Studio: ${forNotification(result.detail ?? 'done')}${count}.`);
      this.deps.log.info(`Retrieve predictions on project ${target.project.id}: ${result.detail ?? ''}${count}`);
    } catch (error) {
      await reportFailure(this.deps, 'Retrieving predictions failed', error);
    }
  }

  private async pickTask(target: BackendTarget): Promise<number | undefined> {
    const typeId = { label: '$(edit) Enter a task ID…', id: -1 };
    let items: Array<{ label: string; description?: string; id: number }> = [typeId];
    try {
      const tasks = await withViewProgress(() => target.entry.client!.listTasks(target.project.id, 20));
      items = [...tasks.map((t) => ({ label: `Task ${t.id}`, description: forQuickPick(t.preview), id: t.id })), typeId];
    } catch (error) {
      this.deps.log.warn(`Could not list the tasks of project ${target.project.id}: ${messageOf(error)}`);
    }
    const picked = await this.prompts.quickPick(items, {
      title: `Test ${forQuickPick(displayTitle(target.backend))}: which task?`,
      placeHolder: `Tasks of ${forQuickPick(target.project.title)}`,
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    if (picked.id !== -1) return picked.id;
    const typed = await this.prompts.inputBox({
      title: 'Task ID',
      prompt: `A task of project ${forInputBox(target.project.title)}`,
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A task ID is a number.'),
    });
    return typed === undefined ? undefined : Number(typed.trim());
  }

  private async enableInteractive(target: BackendTarget): Promise<void> {
    const draft = draftFromBackend(target.backend);
    draft.isInteractive = true;
    const payload = patchPayload(target.backend, draft);
    if (!payload) return;
    await actOnProject(this.deps, target.entry, target.project.id, async () => {
      await target.entry.client!.updateBackend(target.backend.id, payload);
      const name = forNotification(displayTitle(target.backend));
      void this.prompts.info(`Interactive pre-annotations are on for "${name}". Send the test request again.`);
    });
  }

  /** Re-reads one backend until it leaves Training (Community overwrites it on the first read). */
  private async pollAfterTraining(target: BackendTarget): Promise<MlBackend | undefined> {
    const { intervalMs, attempts } = this.deps.trainingPoll ?? { intervalMs: 3000, attempts: 10 };
    let last: MlBackend | undefined;
    for (let i = 0; i < attempts; i++) {
      last = await target.entry.client!.getBackend(target.backend.id);
      target.entry.model.updateBackend(last);
      if (last.state !== 'TR') break;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    return last;
  }

  private get prompts(): Prompts {
    return this.deps.prompts();
  }
}

/** The last line of an error: in a Python traceback, the exception itself. */
function summaryLine(text: string | null): string {
  return lastLine(text ?? '').slice(0, 200) || 'no message';
}
