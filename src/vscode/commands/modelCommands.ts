/**
 * What an ML backend's model does: Start Training, Model Versions, Send Test Request, Predict All
 * Tasks. Label Studio reports little about these, so each says plainly what it knows.
 */
import vscode = require('vscode');
import { readModelVersions } from '../../core/backends/modelVersionsView';
import { predictAllTasks } from '../../core/backends/predictAll';
import { sendTestRequest } from '../../core/backends/testRequest';
import { requestTraining } from '../../core/backends/trainingFollowUp';
import { forStatusBar } from '../../core/text/safeText';
import { actOnProject, reportFailure, type BackendCommandDeps } from './commandSupport';
import type { CommandTable } from './contributions';
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

  /** Model Versions: core reads the versions and says what to show (see modelVersionsView); this shows it. */
  async showModelVersions(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Model versions of which ML backend?'));
    const client = target?.entry.client;
    if (!target || !client) return;
    const view = await readModelVersions({ client, withProgress: withViewProgress }, target.backend);
    switch (view.kind) {
      case 'failed':
        return reportFailure(this.deps, view.what, view.error);
      case 'mlError':
        await this.prompts.error(view.message);
        return;
      case 'list': {
        const picked = await this.prompts.quickPick(view.items, { title: view.title, placeHolder: view.placeHolder });
        if (!picked) return;
        await vscode.env.clipboard.writeText(picked.version);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied model version {0}', forStatusBar(picked.version)), 3000);
      }
    }
  }

  /** Send Test Request: core asks for the task and context and decides what to show (see testRequest); this supplies the window. */
  async sendTestRequest(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Send a test request to which ML backend?'));
    const client = target?.entry.client;
    if (!target || !client) return;
    const inspector = this.deps.inspector;
    await sendTestRequest(
      {
        client,
        withProgress: withViewProgress,
        pickTask: async (items, options) => this.prompts.quickPick(items, options),
        ask: async (question) => this.prompts.inputBox(question),
        error: async (message, ...actions) => this.prompts.error(message, ...actions),
        info: (message) => void this.prompts.info(message),
        warn: (line) => this.deps.log.warn(line),
        failure: (what, error) => reportFailure(this.deps, what, error),
        openJson: async (name, text) => void (await this.deps.documents.open(name, text, 'json')),
        change: (work) => actOnProject(this.deps, target.entry, target.project.id, work),
        inspect: inspector && ((taskId, answer) => inspector.show(target, taskId, answer)),
      },
      target,
    );
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

  private get prompts(): Prompts {
    return this.deps.prompts();
  }
}
