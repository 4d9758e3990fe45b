/**
 * The decisions behind "Choose Model Version…" (PREDICTIONS.md §2.4–2.5). Which predictions
 * annotators see is chosen by the PROJECT's `model_version`: a backend title ("live": Label Studio
 * asks that backend when a task opens) or a stored prediction version ("static"). A backend's
 * `auto_update: false` only freezes the version Label Studio records for it.
 */
import type { MlBackend } from '../api/models';
import type { ProjectDetail, ProjectModelVersions } from './types';
import * as l10n from '../text/l10n';

/** The one-sentence explanation shown next to Freeze/Unfreeze (a function: translated when asked, not at load). */
export function freezeExplanation(): string {
  return l10n.t(
    'Freezing only stops Label Studio from overwriting the model version it records for this backend on each /setup; the backend still runs whatever model it has loaded, so freezing cannot bring back an older model.',
  );
}

export type VersionChoiceKind = 'live' | 'static' | 'clear' | 'unmatched';

export interface VersionChoice {
  kind: VersionChoiceKind;
  /** What PATCH /api/projects/{id}/ sends as model_version ('' clears). */
  value: string;
  /** Server text (a version tag or backend title): neutralise before showing. */
  name: string;
  /** Stored predictions tagged with this version (live: with the backend's current version). */
  count: number;
  latest: string | null;
  /** The project's current choice. */
  current: boolean;
  /** Plain sentence about what annotators will see (may quote server text). */
  detail: string;
  /** Live only: the backend, and whether Label Studio can reach it (DI/ER show nothing). */
  backendId?: number;
  backendDown?: boolean;
}

export interface VersionOffer {
  choices: VersionChoice[];
  /** What annotators see now, in one sentence. */
  currentText: string;
  /** Set when predictions are hidden from annotators (show_collab_predictions off). */
  note?: string;
}

/** Live choices first (backends of the project with a title), then stored versions newest first, then "clear". */
export function offerModelVersions(
  project: ProjectDetail,
  versions: ProjectModelVersions,
  backends: readonly MlBackend[] = [],
): VersionOffer {
  const current = project.model_version ?? '';
  const counts = new Map(versions.static.map((s) => [s.model_version, s]));
  const state = new Map(backends.map((b) => [b.id, b.state]));
  const choices: VersionChoice[] = [];
  const titles = new Set<string>();
  for (const live of versions.live) {
    if (!live.title || titles.has(live.title)) continue;
    titles.add(live.title);
    const stored = live.model_version ? counts.get(live.model_version) : undefined;
    const down = ['DI', 'ER'].includes(state.get(live.id) ?? live.state);
    choices.push({
      kind: 'live',
      value: live.title,
      name: live.title,
      count: stored?.count ?? 0,
      latest: stored?.latest ?? null,
      current: current === live.title,
      detail: down
        ? l10n.t('Live: Label Studio asks this backend when a task opens — but it is not connected, so annotators see no predictions.')
        : live.model_version
          ? l10n.t('Live: Label Studio asks this backend when a task opens and shows the version it answers (now {0}).', live.model_version)
          : l10n.t('Live: Label Studio asks this backend when a task opens and shows the version it answers.'),
      backendId: live.id,
      backendDown: down,
    });
  }
  const stored = [...versions.static].sort((a, b) => (b.latest ?? '').localeCompare(a.latest ?? '') || b.count - a.count);
  for (const s of stored) {
    // A tag equal to a backend title is read as that backend (Label Studio checks titles first).
    if (titles.has(s.model_version)) continue;
    choices.push({
      kind: 'static',
      value: s.model_version,
      name: s.model_version,
      count: s.count,
      latest: s.latest,
      current: current === s.model_version,
      detail:
        s.count === 1
          ? l10n.t('Stored: annotators see the 1 prediction tagged with this version; tasks without one show none.')
          : l10n.t('Stored: annotators see the {0} predictions tagged with this version; tasks without one show none.', s.count),
    });
  }
  if (current && !choices.some((c) => c.current)) {
    choices.unshift({
      kind: 'unmatched',
      value: current,
      name: current,
      count: 0,
      latest: null,
      current: true,
      detail: l10n.t('Chosen now, but no backend title or stored prediction matches it: annotators see no predictions.'),
    });
  }
  if (current) {
    choices.push({
      kind: 'clear',
      value: '',
      name: '',
      count: 0,
      latest: null,
      current: false,
      detail: l10n.t('Clear the choice: the label stream shows no predictions.'),
    });
  }
  const chosen = choices.find((c) => c.current);
  const offer: VersionOffer = { choices, currentText: describeChoice(chosen) };
  if (!project.show_collab_predictions)
    offer.note = l10n.t('This project hides predictions from annotators (show predictions to annotators is off).');
  return offer;
}

function describeChoice(choice: VersionChoice | undefined): string {
  if (!choice) return l10n.t('No model version is chosen: the label stream shows no predictions.');
  if (choice.kind === 'live') return l10n.t('Annotators see live predictions of the backend "{0}".', choice.name);
  if (choice.kind === 'static') return l10n.t('Annotators see stored predictions of version "{0}".', choice.name);
  return l10n.t('The chosen version "{0}" matches nothing: annotators see no predictions.', choice.name);
}

export interface FreezeAction {
  /** The auto_update value to send. */
  autoUpdate: boolean;
  title: string;
  explanation: string;
}

/** Freeze when Label Studio may overwrite the recorded version, unfreeze when it is frozen. */
export function freezeAction(backend: Pick<MlBackend, 'auto_update' | 'model_version'>): FreezeAction {
  if (backend.auto_update) {
    return {
      autoUpdate: false,
      title: backend.model_version
        ? l10n.t('Freeze the recorded version ({0})', backend.model_version)
        : l10n.t('Freeze the recorded version'),
      explanation: freezeExplanation(),
    };
  }
  return {
    autoUpdate: true,
    title: l10n.t('Unfreeze: let each /setup record the version the backend reports'),
    explanation: freezeExplanation(),
  };
}

/** What the project shows, from one backend's point of view (for its row and hover), or undefined. */
export function shownForBackend(
  backend: Pick<MlBackend, 'title' | 'model_version'>,
  projectModelVersion: string | null | undefined,
): string | undefined {
  if (!projectModelVersion) return undefined;
  if (backend.title && projectModelVersion === backend.title) return l10n.t('annotators see its live predictions');
  if (backend.model_version && projectModelVersion === backend.model_version)
    return l10n.t('annotators see its stored predictions of this version');
  return undefined;
}
