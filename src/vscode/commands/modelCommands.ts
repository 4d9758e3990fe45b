/**
 * What an ML backend's model does: Start Training, Model Versions, Send Test Request, Predict All
 * Tasks. Label Studio reports little about these, so each says plainly what it knows.
 */
import vscode = require('vscode');
import { draftFromBackend, patchPayload } from '../../core/backends/backendForm';
import { predictAllTasks } from '../../core/backends/predictAll';
import { requestTraining } from '../../core/backends/trainingFollowUp';
import { messageOf } from '../../core/api/errors';
import { jsonProblem } from '../../core/text/json';
import { displayTitle } from '../../core/view/presentation';
import { forInputBox, forNotification, forQuickPick, forStatusBar } from '../../core/text/safeText';
import { actOnProject, reportFailure, type BackendCommandDeps } from './commandSupport';
import type { CommandTable } from './contributions';
import type { BackendTarget } from './pickers';
import type { Prompts } from './prompts';
import { withViewProgress } from '../services/viewProgress';

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

  /** Start Training: core follows the request up (see trainingFollowUp); this shows what it reports. */
  async startTraining(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Start training which ML backend?'));
    const client = target?.entry.client;
    if (!target || !client) return;
    const report = await requestTraining(
      { client, model: target.entry.model, withProgress: withViewProgress, poll: this.deps.trainingPoll },
      target.project.id,
      target.backend,
    );
    switch (report.kind) {
      case 'failed':
        return reportFailure(this.deps, report.what, report.error);
      case 'error':
        if ((await this.prompts.error(report.message, report.action)) === report.action)
          await vscode.commands.executeCommand('labelStudio.showFullError', target.entry.config.baseUrl, target.backend.id);
        return;
      case 'passed':
        void this.prompts.info(report.message);
    }
  }

  async showModelVersions(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Model versions of which ML backend?'));
    const client = target?.entry.client;
    if (!target || !client) return;
    let result: Awaited<ReturnType<typeof client.modelVersions>>;
    try {
      result = await withViewProgress(() => client.modelVersions(target.backend.id));
    } catch (error) {
      await reportFailure(this.deps, vscode.l10n.t('Could not read the model versions'), error);
      return;
    }
    if (result.mlError !== undefined) {
      const name = forNotification(displayTitle(target.backend));
      const said = forNotification(result.mlError);
      await this.prompts.error(
        result.status
          ? vscode.l10n.t('The ML backend "{0}" answered with an error ({1}): {2}', name, result.status, said)
          : vscode.l10n.t('The ML backend "{0}" answered with an error: {1}', name, said),
      );
      return;
    }
    const current = target.backend.model_version ?? '';
    const fallback = /upgrade your ml backend/i.test(result.message ?? '');
    // Label Studio's fallback when the ML server has no /versions route (current ones have none).
    const fallbackNote = fallback
      ? vscode.l10n.t(
          'Only the current version is known: the backend has no /versions route, so Label Studio answers "Upgrade your ML backend".',
        )
      : undefined;
    const items = result.versions.map((v) => ({
      label: forQuickPick(v),
      version: v,
      description: v === current ? vscode.l10n.t('(current)') : '',
      detail: v === current ? fallbackNote : undefined,
    }));
    const picked = await this.prompts.quickPick(items, {
      title: vscode.l10n.t('Model versions of {0}', forQuickPick(displayTitle(target.backend))),
      placeHolder: items.length === 0 ? vscode.l10n.t('The backend lists no versions.') : vscode.l10n.t('Pick a version to copy it'),
    });
    if (picked) {
      await vscode.env.clipboard.writeText(picked.version);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied model version {0}', forStatusBar(picked.version)), 3000);
    }
  }

  async sendTestRequest(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Send a test request to which ML backend?'));
    const client = target?.entry.client;
    if (!target || !client) return;
    const taskId = await this.pickTask(target);
    if (taskId === undefined) return;
    const contextText = await this.prompts.inputBox({
      title: vscode.l10n.t('Test {0}: context (optional)', forQuickPick(displayTitle(target.backend))),
      prompt: vscode.l10n.t('JSON sent as "context" (what an annotator\'s clicks or regions would send); leave empty for none'),
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
      await reportFailure(this.deps, vscode.l10n.t('The test request failed'), error);
      return;
    }
    const name = `${displayTitle(target.backend)}-task-${taskId}.json`;
    if (answer.errors) {
      await this.deps.documents.open(name, JSON.stringify({ errors: answer.errors }, null, 2), 'json');
      const interactiveOff = answer.errors.some((e) => /not set to be used for interactive/i.test(e));
      const said = forNotification(answer.errors.join('; '));
      const turnOn = vscode.l10n.t('Turn On Interactive Pre-annotations');
      const choice = await this.prompts.error(
        vscode.l10n.t('The test request returned an error: {0}', said),
        ...(interactiveOff ? [turnOn] : []),
      );
      if (choice === turnOn) await this.enableInteractive(target);
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
      await reportFailure(this.deps, vscode.l10n.t('The prediction inspector could not open'), error);
    }
  }

  /** Predict All Tasks: core picks the route and the fallback (see predictAll); this supplies the window. */
  async predictAllTasks(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Predict all tasks with which ML backend?'));
    const client = target?.entry.client;
    if (!target || !client) return;
    await predictAllTasks(
      {
        client,
        confirm: async (message, detail, action) => (await this.prompts.confirm(message, detail, action)) === action,
        withProgress: withViewProgress,
        withCancellableProgress: (title, work) =>
          Promise.resolve(
            vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
              const abort = new AbortController();
              token.onCancellationRequested(() => abort.abort());
              return work(abort.signal);
            }),
          ),
        info: (message) => void this.prompts.info(message),
        log: (line) => this.deps.log.info(line),
        failure: (what, error) => reportFailure(this.deps, what, error),
        refreshProject: () => void this.deps.controller.refreshProject(target.entry.config.baseUrl, target.project.id),
        retrieveTimeoutMs: this.deps.predictTimeoutMs,
      },
      target,
    );
  }

  private async pickTask(target: BackendTarget): Promise<number | undefined> {
    const typeId = { label: vscode.l10n.t('$(edit) Enter a task ID…'), id: -1 };
    let items: Array<{ label: string; description?: string; id: number }> = [typeId];
    try {
      const tasks = await withViewProgress(() => target.entry.client!.listTasks(target.project.id, 20));
      items = [...tasks.map((t) => ({ label: vscode.l10n.t('Task {0}', t.id), description: forQuickPick(t.preview), id: t.id })), typeId];
    } catch (error) {
      this.deps.log.warn(`Could not list the tasks of project ${target.project.id}: ${messageOf(error)}`);
    }
    const picked = await this.prompts.quickPick(items, {
      title: vscode.l10n.t('Test {0}: which task?', forQuickPick(displayTitle(target.backend))),
      placeHolder: vscode.l10n.t('Tasks of {0}', forQuickPick(target.project.title)),
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    if (picked.id !== -1) return picked.id;
    const typed = await this.prompts.inputBox({
      title: vscode.l10n.t('Task ID'),
      prompt: vscode.l10n.t('A task of project {0}', forInputBox(target.project.title)),
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : vscode.l10n.t('A task ID is a number.')),
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
      void this.prompts.info(vscode.l10n.t('Interactive pre-annotations are on for "{0}". Send the test request again.', name));
    });
  }

  private get prompts(): Prompts {
    return this.deps.prompts();
  }
}
