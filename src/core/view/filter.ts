/** The tree's filter: by state and by text (title, URL, model version or project title). */
import { lookOfState } from '../backends/backendState';
import type { MlBackend } from '../api/models';
import * as l10n from '../text/l10n';

export interface BackendFilter {
  /** State codes to show; empty = every state. */
  states: string[];
  /** Case-insensitive text; empty = no text condition. */
  text: string;
}

export const NO_FILTER: BackendFilter = { states: [], text: '' };

export function isActive(filter: BackendFilter): boolean {
  return filter.states.length > 0 || filter.text.trim() !== '';
}

export function matchesFilter(backend: MlBackend, projectTitle: string, filter: BackendFilter): boolean {
  if (filter.states.length > 0 && !filter.states.includes(backend.state)) return false;
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [backend.title, backend.url, backend.model_version, projectTitle].some((v) => (v ?? '').toLowerCase().includes(text));
}

/** `Error, Disconnected · "yolo"` */
export function describeFilter(filter: BackendFilter): string {
  const states = filter.states.map((s) => lookOfState(s).label).join(l10n.t(', '));
  const text = filter.text.trim();
  if (states && text) return l10n.t('{0} · "{1}"', states, text);
  if (text) return l10n.t('"{0}"', text);
  return states;
}
