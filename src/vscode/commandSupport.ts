/** What the backend commands share: their collaborators, progress on the view, failure reports. */
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { ServerEntry } from '../core/serverRegistry';
import type { Log } from './log';
import type { BackendTarget, Pickers } from './pickers';
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
  /** Opens the prediction inspector on a backend's answer (else the answer opens as raw JSON). */
  inspector?: { show(target: BackendTarget, taskId: number, answer: unknown): Promise<unknown> };
}

export function withViewProgress<T>(work: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, work));
}

export async function reportFailure(deps: BackendCommandDeps, what: string, error: unknown): Promise<void> {
  deps.log.warn(`${what}: ${messageOf(error)}`);
  await deps.prompts().error(`${what}: ${messageOf(error)}`);
}

/** Runs an action with progress on the view, reports a failure, then refreshes the project. */
export async function actOnProject(deps: BackendCommandDeps, entry: ServerEntry, projectId: number, action: () => Promise<void>): Promise<void> {
  try {
    await withViewProgress(action);
  } catch (error) {
    await reportFailure(deps, 'The action failed', error);
  }
  void deps.controller.refreshProject(entry.config.baseUrl, projectId);
}

/** Registers `labelStudio.<name>` commands whose arguments come from a tree row or a link. */
export function registerAll(commands: Record<string, (a?: unknown, b?: unknown) => unknown>): vscode.Disposable[] {
  return Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(`labelStudio.${id}`, run));
}
