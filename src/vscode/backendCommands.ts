/**
 * Commands on ML backends: add, edit, remove, train, model versions, test request, predict all
 * tasks, open in Label Studio, copy URL / ID, show full error. Each refreshes only the project it
 * touched.
 */
import * as vscode from 'vscode';
import { createPayload, draftFromBackend, emptyDraft, patchPayload, stepForServerError, type BackendDraft, type FormStep } from '../core/backendForm';
import { lookOfState } from '../core/backendState';
import { RouteMissingError } from '../core/client';
import { HttpStatusError, messageOf, TokenRejectedError } from '../core/errors';
import type { MlBackend } from '../core/models';
import { displayTitle, escapeIcons, fullErrorText } from '../core/presentation';
import type { ServerEntry } from '../core/serverRegistry';
import { askBackendDraft, STEP_NAMES } from './backendFormPrompts';
import type { Log } from './log';
import type { BackendTarget, Pickers, ProjectTarget } from './pickers';
import type { Prompts } from './prompts';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import { VIEW_ID, type ServersController } from './serversController';

export interface BackendCommandDeps {
  controller: ServersController;
  pickers: Pickers;
  documents: ReadOnlyDocuments;
  log: Log;
  prompts: () => Prompts;
  /** How often and how long to re-read a backend after a training request. */
  trainingPoll?: { intervalMs: number; attempts: number };
  /** Time allowed for Community's synchronous "retrieve predictions" action. */
  predictTimeoutMs?: number;
}

const PREDICT_BATCH_SIZE = 100;

export class BackendCommands {
  /** What the user typed in an Add or Edit form that did not complete, so it is offered again. */
  private readonly unfinishedDrafts = new Map<string, BackendDraft>();

  constructor(private readonly deps: BackendCommandDeps) {}

  register(): vscode.Disposable[] {
    const c = (id: string, run: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, run);
    return [
      c('labelStudio.addBackend', (a?: unknown, b?: unknown) => this.addBackend(a, b)),
      c('labelStudio.editBackend', (a?: unknown, b?: unknown) => this.editBackend(a, b)),
      c('labelStudio.removeBackend', (a?: unknown, b?: unknown) => this.removeBackend(a, b)),
      c('labelStudio.startTraining', (a?: unknown, b?: unknown) => this.startTraining(a, b)),
      c('labelStudio.showModelVersions', (a?: unknown, b?: unknown) => this.showModelVersions(a, b)),
      c('labelStudio.sendTestRequest', (a?: unknown, b?: unknown) => this.sendTestRequest(a, b)),
      c('labelStudio.predictAllTasks', (a?: unknown, b?: unknown) => this.predictAllTasks(a, b)),
      c('labelStudio.openInBrowser', (a?: unknown, b?: unknown) => this.openInBrowser(a, b)),
      c('labelStudio.copyBackendUrl', (a?: unknown, b?: unknown) => this.copy(a, b, (t) => t.backend.url, 'URL')),
      c('labelStudio.copyBackendId', (a?: unknown, b?: unknown) => this.copy(a, b, (t) => String(t.backend.id), 'ID')),
      c('labelStudio.showFullError', (a?: unknown, b?: unknown) => this.showFullError(a, b)),
    ];
  }

  async addBackend(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.project(a, b, 'Add an ML backend to which project?');
    if (!target) return;
    const key = `${target.entry.config.baseUrl}|${target.project.id}`;
    const draft = this.unfinishedDrafts.get(key) ?? emptyDraft();
    this.unfinishedDrafts.set(key, draft);
    const created = await this.submitForm(target, draft, `Add ML Backend to ${target.project.title}`, false, (client) =>
      client.createBackend(createPayload(draft, target.project.id)),
    );
    if (!created) return;
    this.unfinishedDrafts.delete(key);
    this.deps.log.info(`Added ML backend ${created.id} (${created.url}) to project ${target.project.id}`);
    void this.prompts.info(`Added "${displayTitle(created)}" to ${target.project.title}: ${lookOfState(created.state).label}.`);
  }

  async editBackend(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Edit which ML backend?');
    if (!target) return;
    const original = target.backend;
    // An edit that failed (network, token) or was cancelled is offered again as it was left.
    const key = `edit|${target.entry.config.baseUrl}|${original.id}`;
    const draft = this.unfinishedDrafts.get(key) ?? draftFromBackend(original);
    this.unfinishedDrafts.set(key, draft);
    let unchanged = false;
    const updated = await this.submitForm(target, draft, `Edit ${displayTitle(original)}`, true, async (client) => {
      const payload = patchPayload(original, draft);
      if (!payload) {
        unchanged = true;
        return original;
      }
      return client.updateBackend(original.id, payload);
    });
    if (!updated) return;
    this.unfinishedDrafts.delete(key);
    if (unchanged) {
      void this.prompts.info('Nothing changed, so nothing was sent to Label Studio.');
      return;
    }
    this.deps.log.info(`Updated ML backend ${original.id}`);
    void this.prompts.info(`Saved "${displayTitle(updated)}": ${lookOfState(updated.state).label}.`);
  }

  async removeBackend(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Remove which ML backend?');
    if (!target?.entry.client) return;
    const name = displayTitle(target.backend);
    const answer = await this.prompts.confirm(
      `Remove the ML backend "${name}" from project "${target.project.title}"?`,
      `Label Studio deletes the connection to ${target.backend.url}. The webhook it created on the project for that URL stays; delete it under the project's Settings → Webhooks if you no longer want it.`,
      'Remove',
    );
    if (answer !== 'Remove') return;
    await this.run(target.entry, target.project.id, async () => {
      await target.entry.client!.deleteBackend(target.backend.id);
      target.entry.model.removeBackend(target.project.id, target.backend.id);
      this.deps.log.info(`Removed ML backend ${target.backend.id} from project ${target.project.id}`);
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
      await this.withViewProgress(async () => {
        await client.startTraining(backend.id);
        model.setActivity(project.id, backend.id, 'checking state…');
        last = await this.pollAfterTraining(target);
      });
    } catch (error) {
      model.setActivity(project.id, backend.id, undefined);
      await this.reportFailure(`Training request for "${displayTitle(backend)}" failed`, error);
      return;
    }
    model.setActivity(project.id, backend.id, undefined);
    if (last) model.updateBackend(last);
    const state = last ? lookOfState(last.state).label : 'unknown';
    if (last?.state === 'ER') {
      const choice = await this.prompts.error(`Training of "${displayTitle(backend)}" ended in Error: ${summaryLine(last.error_message)}`, 'Show Full Error');
      if (choice === 'Show Full Error') await this.showFullError(target.entry.config.baseUrl, backend.id);
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
      result = await this.withViewProgress(() => client.modelVersions(target.backend.id));
    } catch (error) {
      await this.reportFailure('Could not read the model versions', error);
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
      answer = await this.withViewProgress(() => client.interactiveAnnotating(target.backend.id, taskId, contextText.trim() ? JSON.parse(contextText) : null));
    } catch (error) {
      await this.reportFailure('The test request failed', error);
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
    await this.deps.documents.open(name, JSON.stringify(answer.data, null, 2), 'json');
  }

  async predictAllTasks(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Predict all tasks with which ML backend?');
    const client = target?.entry.client;
    if (!target || !client) return;
    const name = displayTitle(target.backend);
    const go = await this.prompts.confirm(`Ask "${name}" for predictions on every task of "${target.project.title}"?`, 'Label Studio sends the tasks to the backend\'s /predict in batches.', 'Predict');
    if (go !== 'Predict') return;
    try {
      const said = await this.withViewProgress(() => client.predictAllTasks(target.backend.id, PREDICT_BATCH_SIZE));
      void this.prompts.info(`Label Studio: ${said}`);
      this.deps.log.info(`Predict all tasks with backend ${target.backend.id}: ${said}`);
    } catch (error) {
      if (error instanceof RouteMissingError) return this.predictWithDataManager(target);
      await this.reportFailure('Predicting all tasks failed', error);
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
      await this.reportFailure('Retrieving predictions failed', error);
    }
  }

  async openInBrowser(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.project(a, b, 'Open which project in Label Studio?');
    if (!target) return;
    await vscode.env.openExternal(vscode.Uri.parse(`${target.entry.config.baseUrl}/projects/${target.project.id}/settings/ml`));
  }

  async showFullError(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, 'Show the error of which ML backend?');
    if (!target) return;
    await this.deps.documents.open(`${displayTitle(target.backend)}-error.log`, fullErrorText(target.backend), 'log');
  }

  private async copy(a: unknown, b: unknown, pick: (t: BackendTarget) => string, what: string): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, `Copy the ${what} of which ML backend?`);
    if (!target) return;
    await vscode.env.clipboard.writeText(pick(target));
    vscode.window.setStatusBarMessage(`Copied the ${what} of ${escapeIcons(displayTitle(target.backend))}`, 3000);
  }

  /**
   * Asks the form, sends it, and on a validation error lets the user correct the value Label
   * Studio rejected (the rest stays as typed). Resolves to the saved backend, or undefined.
   */
  private async submitForm(
    target: ProjectTarget,
    draft: BackendDraft,
    title: string,
    editing: boolean,
    send: (client: NonNullable<ServerEntry['client']>) => Promise<MlBackend>,
  ): Promise<MlBackend | undefined> {
    const client = target.entry.client;
    if (!client) return undefined;
    let only: FormStep | undefined;
    for (;;) {
      if (!(await askBackendDraft(this.prompts, draft, { title, editing, only }))) return undefined;
      try {
        const saved = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Label Studio is checking ${draft.url} (/health, then /setup)…` },
          () => send(client),
        );
        void this.deps.controller.refreshProject(target.entry.config.baseUrl, target.project.id);
        return saved;
      } catch (error) {
        if (!(error instanceof HttpStatusError) || error instanceof TokenRejectedError) {
          await this.reportFailure('Label Studio could not save the ML backend', error);
          return undefined;
        }
        const step = stepForServerError(error.fieldErrors, error.serverDetail);
        const fix = `Edit ${STEP_NAMES[step]}`;
        const choice = await this.prompts.error(`Label Studio did not save the ML backend: ${error.serverDetail}`, fix, 'Edit All Steps');
        if (choice === undefined) return undefined;
        only = choice === fix ? step : undefined;
      }
    }
  }

  private async pickTask(target: BackendTarget): Promise<number | undefined> {
    const typeId = { label: '$(edit) Enter a task ID…', id: -1 };
    let items: Array<{ label: string; description?: string; id: number }> = [typeId];
    try {
      const tasks = await this.withViewProgress(() => target.entry.client!.listTasks(target.project.id, 20));
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
    await this.run(target.entry, target.project.id, async () => {
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

  /** Runs an action with progress on the view, reports a failure, then refreshes the project. */
  private async run(entry: ServerEntry, projectId: number, action: () => Promise<void>): Promise<void> {
    try {
      await this.withViewProgress(action);
    } catch (error) {
      await this.reportFailure('The action failed', error);
    }
    void this.deps.controller.refreshProject(entry.config.baseUrl, projectId);
  }

  private async reportFailure(what: string, error: unknown): Promise<void> {
    this.deps.log.warn(`${what}: ${messageOf(error)}`);
    await this.prompts.error(`${what}: ${messageOf(error)}`);
  }

  private withViewProgress<T>(work: () => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, work));
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
