/**
 * Predict All Tasks: which route, what to do when it is missing, what to report. Enterprise has a
 * per-backend route (`POST /api/ml/{id}/predict`); Community answers it with an HTML 404, and the
 * nearest thing it has is the project's Data Manager action "Retrieve Predictions", which asks the
 * project's FIRST backend, so the user is asked again before it is used.
 */
import { RouteMissingError, type LabelStudioClient } from '../api/client';
import type { MlBackend } from '../api/models';
import * as l10n from '../text/l10n';
import { forNotification, forProgressTitle } from '../text/safeText';
import { displayTitle } from '../view/presentation';

export const PREDICT_BATCH_SIZE = 100;
/** Time allowed for Community's synchronous "retrieve predictions" action. */
export const RETRIEVE_TIMEOUT_MS = 30 * 60_000;

export interface PredictAllTarget {
  backend: MlBackend;
  project: { id: number; title: string; backends?: MlBackend[] };
}

export interface PredictAllPorts {
  client: Pick<LabelStudioClient, 'predictAllTasks' | 'retrieveProjectPredictions'>;
  /** A modal question; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** Progress on the view while `work` runs. */
  withProgress<T>(work: () => Promise<T>): Promise<T>;
  /** A cancellable progress notification titled `title`; cancelling aborts `signal`. */
  withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  info(message: string): void;
  log(line: string): void;
  /** Reports a failure: `what` heads the error's message. */
  failure(what: string, error: unknown): Promise<void>;
  /** Reloads the project's backends (their state may have changed). */
  refreshProject(): void;
  retrieveTimeoutMs?: number;
}

export async function predictAllTasks(ports: PredictAllPorts, target: PredictAllTarget): Promise<void> {
  const name = forNotification(displayTitle(target.backend));
  const action = l10n.t('Predict');
  const go = await ports.confirm(
    l10n.t('Ask "{0}" for predictions on every task of "{1}"?', name, forNotification(target.project.title)),
    l10n.t("Label Studio sends the tasks to the backend's /predict in batches."),
    action,
  );
  if (!go) return;
  try {
    const said = await ports.withProgress(() => ports.client.predictAllTasks(target.backend.id, PREDICT_BATCH_SIZE));
    ports.info(l10n.t('Label Studio: {0}', forNotification(said)));
    ports.log(`Predict all tasks with backend ${target.backend.id}: ${said}`);
  } catch (error) {
    if (error instanceof RouteMissingError) return predictWithDataManager(ports, target);
    await ports.failure(l10n.t('Predicting all tasks failed'), error);
  }
  ports.refreshProject();
}

/** Community has no per-backend predict route: the project's Data Manager action, if the user agrees. */
export async function predictWithDataManager(ports: PredictAllPorts, target: PredictAllTarget): Promise<void> {
  const first = target.project.backends?.[0];
  const firstName = first ? forNotification(displayTitle(first)) : l10n.t('its first backend');
  const action = l10n.t('Retrieve Predictions');
  const go = await ports.confirm(
    l10n.t('This Label Studio has no "predict all tasks" route for one backend (it is a Label Studio Enterprise feature).'),
    l10n.t(
      'Use the project\'s Data Manager action "Retrieve Predictions" instead? It asks the project\'s FIRST backend ({0}) — not necessarily the one you chose — for every task, waits until all are done, skips tasks that already have a prediction of the current model version, and does nothing while that backend is Disconnected or in Error.',
      firstName,
    ),
    action,
  );
  if (!go) return;
  const projectId = target.project.id;
  try {
    const result = await ports.withCancellableProgress(
      l10n.t('Retrieving predictions for "{0}"…', forProgressTitle(target.project.title)),
      (signal) => ports.client.retrieveProjectPredictions(projectId, ports.retrieveTimeoutMs ?? RETRIEVE_TIMEOUT_MS, signal),
    );
    ports.info(retrievedMessage(result));
    const n = result.processedItems;
    const count = n === undefined ? '' : ` (${n} task${n === 1 ? '' : 's'} selected)`;
    ports.log(`Retrieve predictions on project ${projectId}: ${result.detail ?? ''}${count}`);
  } catch (error) {
    await ports.failure(l10n.t('Retrieving predictions failed'), error);
  }
}

/** `Label Studio: Retrieved 12 predictions (5 tasks selected).` */
export function retrievedMessage(result: { processedItems?: number; detail?: string }): string {
  const said = forNotification(result.detail ?? l10n.t('done'));
  if (result.processedItems === undefined) return l10n.t('Label Studio: {0}.', said);
  if (result.processedItems === 1) return l10n.t('Label Studio: {0} (1 task selected).', said);
  return l10n.t('Label Studio: {0} ({1} tasks selected).', said, result.processedItems);
}
