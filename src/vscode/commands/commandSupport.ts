/** What the backend commands share: their collaborators and failure reports. */
import vscode = require('vscode');
import { messageOf } from '../../core/api/errors';
import { forNotification } from '../../core/text/safeText';
import type { ServerEntry } from '../../core/servers/serverRegistry';
import type { Log } from '../services/log';
import type { BackendTarget, Pickers } from './pickers';
import type { Prompts } from './prompts';
import type { ReadOnlyDocuments } from '../services/readOnlyDocuments';
import type { ServersController } from '../services/serversController';
import { withViewProgress } from '../services/viewProgress';

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
  /** Opens the prediction inspector on a backend's answer (else the answer opens as raw JSON). */
  inspector?: { show(target: BackendTarget, taskId: number, answer: unknown): Promise<unknown> };
}

/** `what` is the caller's translated phrase ("The test request failed"); the error's words follow it. */
export async function reportFailure(deps: BackendCommandDeps, what: string, error: unknown): Promise<void> {
  deps.log.warn(`${what}: ${messageOf(error)}`);
  await deps.prompts().error(vscode.l10n.t('{0}: {1}', forNotification(what), forNotification(messageOf(error))));
}

/** Runs an action with progress on the view, reports a failure, then refreshes the project. */
export async function actOnProject(
  deps: BackendCommandDeps,
  entry: ServerEntry,
  projectId: number,
  action: () => Promise<void>,
): Promise<void> {
  try {
    await withViewProgress(action);
  } catch (error) {
    await reportFailure(deps, vscode.l10n.t('The action failed'), error);
  }
  void deps.controller.refreshProject(entry.config.baseUrl, projectId);
}
