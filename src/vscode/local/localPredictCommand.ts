/**
 * "Predict Locally…": the exact /predict body Label Studio would send for a task, sent straight to
 * the local backend; the answer opens in the prediction inspector. "Compare with Label Studio"
 * sends the same task through Label Studio (interactive-annotating) and shows both.
 */
import vscode = require('vscode');
import { messageOf } from '../../core/api/errors';
import { predictLocally } from '../../core/local/localPredict';
import { predictBody, readProject, readTasks, type TaskJson } from '../../core/local/predictPayload';
import { escapeIcons, oneLine } from '../../core/view/presentation';
import { chooseProject, noClient } from './projectChoice';
import { ensureRunning, pickLocal, withLocalProgress, type LocalDeps } from './localSupport';
import type { CommandTable } from '../commands/contributions';

export class LocalPredictCommand {
  constructor(private readonly deps: LocalDeps) {}

  commands() {
    return {
      'labelStudio.local.predict': (a?: unknown) => this.run(a),
    } satisfies Partial<CommandTable>;
  }

  async run(arg?: unknown): Promise<void> {
    const backend = await pickLocal(this.deps, arg, vscode.l10n.t('Predict with which ML backend?'));
    if (!backend || !(await ensureRunning(this.deps, backend))) return;
    const choice = await chooseProject(this.deps, backend, vscode.l10n.t('Tasks of which project?'));
    if (!choice) return;
    const client = choice.entry.client;
    if (!client) return void (await this.deps.prompts().error(noClient()));
    try {
      const [project, tasks] = await withLocalProgress(vscode.l10n.t('Reading tasks…'), () =>
        Promise.all([readProject(client, choice.projectId), readTasks(client, choice.projectId)]),
      );
      if (tasks.length === 0) return void (await this.deps.prompts().info(vscode.l10n.t('This project has no tasks.')));
      const picked = await this.deps.prompts().quickPick(
        tasks.map((t) => ({ label: vscode.l10n.t('Task {0}', t.id), description: escapeIcons(preview(t)), task: t })),
        { placeHolder: vscode.l10n.t('Predict which task?'), matchOnDescription: true },
      );
      if (!picked) return;
      const request = predictBody(project, [picked.task]);
      const answer = await withLocalProgress(vscode.l10n.t('Predicting locally…'), () =>
        predictLocally(
          backend.url.replace('localhost', '127.0.0.1'),
          () => predictBody(project, [picked.task]),
          this.deps.probeTransport(),
        ),
      );
      this.deps.log.info(
        `Predict locally with ${backend.label}, task ${picked.task.id}: ${answer.status ?? 'no answer'} in ${Math.round(answer.roundTripMs)} ms (payload ${answer.buildMs.toFixed(1)} ms)`,
      );
      const context = {
        serverUrl: choice.entry.config.baseUrl,
        localLabel: backend.label,
        backendId: choice.backendId,
        project,
        task: picked.task,
        request,
      };
      await this.deps.openInspector(answer, context);
      if (choice.backendId === undefined) return;
      const compare = vscode.l10n.t('Compare with Label Studio');
      const status = answer.status !== undefined ? `HTTP ${answer.status}` : vscode.l10n.t('no answer');
      if (
        (await this.deps
          .prompts()
          .info(
            vscode.l10n.t(
              'Task {0} predicted locally: {1} in {2} ms.',
              String(picked.task.id),
              status,
              String(Math.round(answer.roundTripMs)),
            ),
            compare,
          )) !== compare
      )
        return;
      const labelStudio = await withLocalProgress(vscode.l10n.t('Predicting through Label Studio…'), () =>
        client.interactiveAnnotating(choice.backendId!, picked.task.id, null),
      );
      await this.deps.openInspector(answer, { ...context, labelStudio });
    } catch (error) {
      this.deps.log.warn(`Predict locally with ${backend.label}: ${messageOf(error).replace(/\s+/g, ' ')}`);
      await this.deps.prompts().error(vscode.l10n.t('Predict Locally failed (see Label Studio: Show Log).'));
    }
  }
}

function preview(task: TaskJson): string {
  return oneLine(
    Object.values(task.data)
      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      .join(' · '),
    100,
  );
}
