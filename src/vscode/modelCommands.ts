/**
 * What an ML backend's model does: Start Training, Model Versions, Send Test Request, Predict All
 * Tasks. Label Studio reports little about these, so each says plainly what it knows.
 */
import * as vscode from 'vscode';
import { draftFromBackend, patchPayload } from '../core/backendForm';
import { lookOfState } from '../core/backendState';
import { RouteMissingError } from '../core/client';
import { messageOf } from '../core/errors';
import type { MlBackend } from '../core/models';
import { displayTitle, escapeIcons } from '../core/presentation';
import { actOnProject, registerAll, reportFailure, withViewProgress, type BackendCommandDeps } from './commandSupport';
import type { BackendTarget } from './pickers';
import type { Prompts } from './prompts';

const PREDICT_BATCH_SIZE = 100;

export class ModelCommands {
  constructor(private readonly deps: BackendCommandDeps) {}

  register(): vscode.Disposable[] {
    return registerAll({
      startTraining: (a, b) => this.startTraining(a, b),
      showModelVersions: (a, b) => this.showModelVersions(a, b),
      sendTestRequest: (a, b) => this.sendTestRequest(a, b),
      showPredictions: (a, b) => this.sendTestRequest(a, b),
      predictAllTasks: (a, b) => this.predictAllTasks(a, b),
    });
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
    const state = last ? lookOfState(last.state).label : 'unknown';
    if (last?.state === 'ER') {
      const choice = await this.prompts.error(`Training of "${displayTitle(backend)}" ended in Error: ${summaryLine(last.error_message)}`, 'Show Full Error');
      if (choice === 'Show Full Error') await vscode.commands.executeCommand('labelStudio.showFullError', target.entry.config.baseUrl, backend.id);
    } else {
      void this.prompts.info(`Label Studio passed the training request to "${displayTitle(backend)}"; it is now ${state}. Label Studio reports no training progress: watch the ML server's own log for that.`);
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
      await this.prompts.error(`The ML backend "${displayTitle(target.backend)}" answered with an error${result.status ? ` (${result.status})` : ''}: ${result.mlError}`);
      return;
    }
    const current = target.backend.model_version ?? '';
    const fallback = /upgrade your ml backend/i.test(result.message ?? '');
    // Label Studio's fallback when the ML server has no /versions route (current ones have none).
    const fallbackNote = fallback ? 'Only the current version is known: the backend has no /versions route, so Label Studio answers "Upgrade your ML backend".' : undefined;
    const items = result.versions.map((v) => ({
      label: escapeIcons(v),
      version: v,
      description: v === current ? '(current)' : '',
      detail: v === current ? fallbackNote : undefined,
    }));
    const picked = await this.prompts.quickPick(items, {
      title: `Model versions of ${escapeIcons(displayTitle(target.backend))}`,
      placeHolder: items.length === 0 ? 'The backend lists no versions.' : 'Pick a version to copy it',
    });
    if (picked) {
      await vscode.env.clipboard.writeText(picked.version);
      vscode.window.setStatusBarMessage(`Copied model version ${escapeIcons(picked.version)}`, 3000);
    }
  }

  async sendTestRequest(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Send a test request to which ML backend?');
    const client = target?.entry.client;
    if (!target || !client) return;
    const taskId = await this.pickTask(target);
    if (taskId === undefined) return;
    const contextText = await this.prompts.inputBox({
      title: `Test ${displayTitle(target.backend)}: context (optional)`,
      prompt: 'JSON sent as "context" (what an annotator\'s clicks or regions would send); leave empty for none',
      placeHolder: '{"result": []}',
      validateInput: (v) => (v.trim() ? jsonProblem(v) : undefined),
    });
    if (contextText === undefined) return;
    let answer: { data?: unknown; errors?: string[] };
    try {
      answer = await withViewProgress(() => client.interactiveAnnotating(target.backend.id, taskId, contextText.trim() ? JSON.parse(contextText) : null));
    } catch (error) {
      await reportFailure(this.deps, 'The test request failed', error);
      return;
    }
    const name = `${displayTitle(target.backend)}-task-${taskId}.json`;
    if (answer.errors) {
      await this.deps.documents.open(name, JSON.stringify({ errors: answer.errors }, null, 2), 'json');
      const interactiveOff = answer.errors.some((e) => /not set to be used for interactive/i.test(e));
      const choice = await this.prompts.error(`The test request returned an error: ${answer.errors.join('; ')}`, ...(interactiveOff ? ['Turn On Interactive Pre-annotations'] : []));
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
    const name = displayTitle(target.backend);
    const go = await this.prompts.confirm(`Ask "${name}" for predictions on every task of "${target.project.title}"?`, 'Label Studio sends the tasks to the backend\'s /predict in batches.', 'Predict');
    if (go !== 'Predict') return;
    try {
      const said = await withViewProgress(() => client.predictAllTasks(target.backend.id, PREDICT_BATCH_SIZE));
      void this.prompts.info(`Label Studio: ${said}`);
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
    const firstName = first ? displayTitle(first) : 'its first backend';
    const go = await this.prompts.confirm(
      'This Label Studio has no "predict all tasks" route for one backend (it is a Label Studio Enterprise feature).',
      `Use the project's Data Manager action "Retrieve Predictions" instead? It asks the project's FIRST backend (${firstName}) — not necessarily the one you chose — for every task, waits until all are done, skips tasks that already have a prediction of the current model version, and does nothing while that backend is Disconnected or in Error.`,
      'Retrieve Predictions',
    );
    if (go !== 'Retrieve Predictions') return;
    const client = target.entry.client!;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Retrieving predictions for "${target.project.title}"…`, cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return client.retrieveProjectPredictions(target.project.id, this.deps.predictTimeoutMs ?? 30 * 60_000, abort.signal);
        },
      );
      const count = result.processedItems === undefined ? '' : ` (${result.processedItems} task${result.processedItems === 1 ? '' : 's'} selected)`;
      void this.prompts.info(`Label Studio: ${result.detail ?? 'done'}${count}.`);
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
      items = [...tasks.map((t) => ({ label: `Task ${t.id}`, description: escapeIcons(t.preview), id: t.id })), typeId];
    } catch (error) {
      this.deps.log.warn(`Could not list the tasks of project ${target.project.id}: ${messageOf(error)}`);
    }
    const picked = await this.prompts.quickPick(items, { title: `Test ${displayTitle(target.backend)}: which task?`, placeHolder: `Tasks of ${target.project.title}`, matchOnDescription: true });
    if (!picked) return undefined;
    if (picked.id !== -1) return picked.id;
    const typed = await this.prompts.inputBox({ title: 'Task ID', prompt: `A task of project ${target.project.title}`, validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A task ID is a number.') });
    return typed === undefined ? undefined : Number(typed.trim());
  }

  private async enableInteractive(target: BackendTarget): Promise<void> {
    const draft = draftFromBackend(target.backend);
    draft.isInteractive = true;
    const payload = patchPayload(target.backend, draft);
    if (!payload) return;
    await actOnProject(this.deps, target.entry, target.project.id, async () => {
      await target.entry.client!.updateBackend(target.backend.id, payload);
      void this.prompts.info(`Interactive pre-annotations are on for "${displayTitle(target.backend)}". Send the test request again.`);
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

function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The last line of an error: in a Python traceback, the exception itself. */
function summaryLine(text: string | null): string {
  return (text ?? '').trim().split('\n').pop()?.slice(0, 200) || 'no message';
}
