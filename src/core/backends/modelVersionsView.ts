/**
 * What "Model Versions" shows for one ML backend: `GET /api/ml/{id}/versions`, read into a list with
 * the backend's current version marked, or the one message to show instead. Label Studio answers
 * "Upgrade your ML backend" with only the current version when the ML server has no /versions route
 * (current SDKs have none); the list then says so next to that version.
 */
import type { LabelStudioClient, ModelVersions } from '../api/client';
import type { MlBackend } from '../api/models';
import * as l10n from '../text/l10n';
import { forNotification, forQuickPick } from '../text/safeText';
import { displayTitle } from '../view/presentation';

export interface ModelVersionsPorts {
  client: Pick<LabelStudioClient, 'modelVersions'>;
  /** Progress on the view while the versions are read. */
  withProgress<T>(work: () => Promise<T>): Promise<T>;
}

/** One row of the list: `version` is the raw server text (what is copied), the rest is neutralised for a quick pick. */
export interface ModelVersionItem {
  label: string;
  version: string;
  description: string;
  detail?: string;
}

export type ModelVersionsView =
  /** The request failed: `what` heads the error. */
  | { kind: 'failed'; what: string; error: unknown }
  /** The ML server answered with an error, which Label Studio passed on: show `message` as an error. */
  | { kind: 'mlError'; message: string }
  /** The versions, to pick one from (`placeHolder` says when there are none). */
  | { kind: 'list'; items: ModelVersionItem[]; title: string; placeHolder: string };

/** Reads the versions of `backend` and says what to show. */
export async function readModelVersions(ports: ModelVersionsPorts, backend: MlBackend): Promise<ModelVersionsView> {
  let result: ModelVersions;
  try {
    result = await ports.withProgress(() => ports.client.modelVersions(backend.id));
  } catch (error) {
    return { kind: 'failed', what: l10n.t('Could not read the model versions'), error };
  }
  return modelVersionsView(backend, result);
}

/** What Label Studio's answer `result` means for the user. */
export function modelVersionsView(backend: MlBackend, result: ModelVersions): ModelVersionsView {
  if (result.mlError !== undefined) {
    const name = forNotification(displayTitle(backend));
    const said = forNotification(result.mlError);
    return {
      kind: 'mlError',
      message: result.status
        ? l10n.t('The ML backend "{0}" answered with an error ({1}): {2}', name, result.status, said)
        : l10n.t('The ML backend "{0}" answered with an error: {1}', name, said),
    };
  }
  const current = backend.model_version ?? '';
  const fallbackNote = isUpgradeFallback(result)
    ? l10n.t('Only the current version is known: the backend has no /versions route, so Label Studio answers "Upgrade your ML backend".')
    : undefined;
  const items = result.versions.map((v) => ({
    label: forQuickPick(v),
    version: v,
    description: v === current ? l10n.t('(current)') : '',
    detail: v === current ? fallbackNote : undefined,
  }));
  return {
    kind: 'list',
    items,
    title: l10n.t('Model versions of {0}', forQuickPick(displayTitle(backend))),
    placeHolder: items.length === 0 ? l10n.t('The backend lists no versions.') : l10n.t('Pick a version to copy it'),
  };
}

/** Label Studio's fallback answer when the ML server has no /versions route. */
function isUpgradeFallback(result: ModelVersions): boolean {
  return /upgrade your ml backend/i.test(result.message ?? '');
}
