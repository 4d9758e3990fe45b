/**
 * What Start Training does after the click. `POST /train` answers only when the ML server is done (up
 * to ~100 s) and says nothing about the outcome, so the row shows "training requested…", the
 * backend is re-read until it leaves Training (Community overwrites the state on the first read),
 * and the report says plainly what is known.
 */
import type { LabelStudioClient } from '../api/client';
import type { MlBackend } from '../api/models';
import type { ServerModel } from '../servers/serverModel';
import * as l10n from '../text/l10n';
import { lastLine } from '../text/lines';
import { forNotification } from '../text/safeText';
import { displayTitle } from '../view/presentation';
import { lookOfState } from './backendState';

export interface TrainingPoll {
  intervalMs: number;
  attempts: number;
}

export const DEFAULT_TRAINING_POLL: TrainingPoll = { intervalMs: 3000, attempts: 10 };

export interface TrainingDeps {
  client: Pick<LabelStudioClient, 'startTraining' | 'getBackend'>;
  model: ServerModel;
  /** Shows progress while the request and the follow-up reads run. */
  withProgress<T>(work: () => Promise<T>): Promise<T>;
  poll?: TrainingPoll;
  sleep?: (ms: number) => Promise<void>;
}

export type TrainingReport =
  /** The request itself failed: `what` heads the error. */
  | { kind: 'failed'; what: string; error: unknown }
  /** The backend ended in Error: `message` says why, `action` offers the full error. */
  | { kind: 'error'; message: string; action: string }
  /** Label Studio passed the request on; `message` says the state it is in now. */
  | { kind: 'passed'; message: string };

/** Requests training of a backend of project `projectId`, follows it up, and says what came of it. */
export async function requestTraining(deps: TrainingDeps, projectId: number, backend: MlBackend): Promise<TrainingReport> {
  const { client, model } = deps;
  model.setActivity(projectId, backend.id, l10n.t('training requested…'));
  let last: MlBackend | undefined;
  try {
    await deps.withProgress(async () => {
      await client.startTraining(backend.id);
      model.setActivity(projectId, backend.id, l10n.t('checking state…'));
      last = await pollAfterTraining(deps, backend.id);
    });
  } catch (error) {
    model.setActivity(projectId, backend.id, undefined);
    return { kind: 'failed', what: l10n.t('Training request for "{0}" failed', displayTitle(backend)), error };
  }
  model.setActivity(projectId, backend.id, undefined);
  if (last) model.updateBackend(last);
  return trainingReport(backend, last);
}

/** Re-reads the backend until it leaves Training, at most `attempts` times; the model follows each read. */
export async function pollAfterTraining(deps: TrainingDeps, backendId: number): Promise<MlBackend | undefined> {
  const { intervalMs, attempts } = deps.poll ?? DEFAULT_TRAINING_POLL;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: MlBackend | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await deps.client.getBackend(backendId);
    deps.model.updateBackend(last);
    if (last.state !== 'TR') break;
    if (i < attempts - 1) await sleep(intervalMs);
  }
  return last;
}

/** What the user is told once the follow-up ends (`last`: the backend as last read, if it was). */
export function trainingReport(backend: MlBackend, last: MlBackend | undefined): TrainingReport {
  const name = forNotification(displayTitle(backend));
  if (last?.state === 'ER') {
    const why = forNotification(summaryLine(last.error_message));
    return {
      kind: 'error',
      message: l10n.t('Training of "{0}" ended in Error: {1}', name, why),
      action: l10n.t('Show Full Error'),
    };
  }
  const state = forNotification(last ? lookOfState(last.state).label : l10n.t('unknown'));
  return {
    kind: 'passed',
    message: l10n.t(
      'Label Studio passed the training request to "{0}"; it is now {1}. Label Studio reports no training progress: watch the ML server\'s own log for that.',
      name,
      state,
    ),
  };
}

/** The last line of an error: in a Python traceback, the exception itself. */
function summaryLine(text: string | null): string {
  return lastLine(text ?? '').slice(0, 200) || l10n.t('no message');
}
