/**
 * Add, Edit and Remove ML Backend. Whatever the user typed survives a failed or cancelled form:
 * it is offered again, and a validation error asks again only for the value Label Studio refused.
 */
import vscode = require('vscode');
import {
  createPayload,
  draftFromBackend,
  emptyDraft,
  patchPayload,
  stepForServerError,
  type BackendDraft,
  type FormStep,
} from '../../core/backends/backendForm';
import { lookOfState } from '../../core/backends/backendState';
import { HttpStatusError, TokenRejectedError } from '../../core/api/errors';
import type { MlBackend } from '../../core/api/models';
import { displayTitle } from '../../core/view/presentation';
import { forNotification, forProgressTitle, forQuickPick } from '../../core/text/safeText';
import type { ServerEntry } from '../../core/servers/serverRegistry';
import { askBackendDraft, stepName } from './backendFormPrompts';
import { actOnProject, reportFailure, type BackendCommandDeps } from './commandSupport';
import type { CommandTable } from './contributions';
import type { ProjectTarget } from './pickers';
import type { Prompts } from './prompts';

export class BackendFormCommands {
  /** What the user typed in an Add or Edit form that did not complete, so it is offered again. */
  private readonly unfinishedDrafts = new Map<string, BackendDraft>();

  constructor(private readonly deps: BackendCommandDeps) {}

  commands() {
    return {
      'labelStudio.addBackend': (a, b) => this.addBackend(a, b),
      'labelStudio.editBackend': (a, b) => this.editBackend(a, b),
      'labelStudio.removeBackend': (a, b) => this.removeBackend(a, b),
    } satisfies Partial<CommandTable>;
  }

  async addBackend(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.project(a, b, vscode.l10n.t('Add an ML backend to which project?'));
    if (!target) return;
    const key = `${target.entry.config.baseUrl}|${target.project.id}`;
    const draft = this.unfinishedDrafts.get(key) ?? emptyDraft();
    this.unfinishedDrafts.set(key, draft);
    const title = vscode.l10n.t('Add ML Backend to {0}', forQuickPick(target.project.title));
    const created = await this.submitForm(target, draft, title, false, (client) =>
      client.createBackend(createPayload(draft, target.project.id)),
    );
    if (!created) return;
    this.unfinishedDrafts.delete(key);
    this.deps.log.info(`Added ML backend ${created.id} (${created.url}) to project ${target.project.id}`);
    const shown = [displayTitle(created), target.project.title, lookOfState(created.state).label];
    const [name, project, state] = shown.map((t) => forNotification(t));
    void this.prompts.info(vscode.l10n.t('Added "{0}" to {1}: {2}.', name, project, state));
  }

  async editBackend(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Edit which ML backend?'));
    if (!target) return;
    const original = target.backend;
    // An edit that failed (network, token) or was cancelled is offered again as it was left.
    const key = `edit|${target.entry.config.baseUrl}|${original.id}`;
    const draft = this.unfinishedDrafts.get(key) ?? draftFromBackend(original);
    this.unfinishedDrafts.set(key, draft);
    let unchanged = false;
    const title = vscode.l10n.t('Edit {0}', forQuickPick(displayTitle(original)));
    const updated = await this.submitForm(target, draft, title, true, async (client) => {
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
      void this.prompts.info(vscode.l10n.t('Nothing changed, so nothing was sent to Label Studio.'));
      return;
    }
    this.deps.log.info(`Updated ML backend ${original.id}`);
    const [name, state] = [displayTitle(updated), lookOfState(updated.state).label].map((t) => forNotification(t));
    void this.prompts.info(vscode.l10n.t('Saved "{0}": {1}.', name, state));
  }

  async removeBackend(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Remove which ML backend?'));
    if (!target?.entry.client) return;
    const name = forNotification(displayTitle(target.backend));
    const remove = vscode.l10n.t('Remove');
    const answer = await this.prompts.confirm(
      vscode.l10n.t('Remove the ML backend "{0}" from project "{1}"?', name, forNotification(target.project.title)),
      vscode.l10n.t(
        "Label Studio deletes the connection to {0}. The webhook it created on the project for that URL stays; delete it under the project's Settings → Webhooks if you no longer want it.",
        forNotification(target.backend.url),
      ),
      remove,
    );
    if (answer !== remove) return;
    await actOnProject(this.deps, target.entry, target.project.id, async () => {
      await target.entry.client!.deleteBackend(target.backend.id);
      target.entry.model.removeBackend(target.project.id, target.backend.id);
      this.deps.log.info(`Removed ML backend ${target.backend.id} from project ${target.project.id}`);
    });
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
          {
            location: vscode.ProgressLocation.Notification,
            title: vscode.l10n.t('Label Studio is checking {0} (/health, then /setup)…', forProgressTitle(draft.url)),
          },
          () => send(client),
        );
        void this.deps.controller.refreshProject(target.entry.config.baseUrl, target.project.id);
        return saved;
      } catch (error) {
        if (!(error instanceof HttpStatusError) || error instanceof TokenRejectedError) {
          await reportFailure(this.deps, vscode.l10n.t('Label Studio could not save the ML backend'), error);
          return undefined;
        }
        const step = stepForServerError(error.fieldErrors, error.serverDetail);
        const fix = vscode.l10n.t('Edit {0}', stepName(step));
        const said = forNotification(error.serverDetail);
        const choice = await this.prompts.error(
          vscode.l10n.t('Label Studio did not save the ML backend: {0}', said),
          fix,
          vscode.l10n.t('Edit All Steps'),
        );
        if (choice === undefined) return undefined;
        only = choice === fix ? step : undefined;
      }
    }
  }

  private get prompts(): Prompts {
    return this.deps.prompts();
  }
}
