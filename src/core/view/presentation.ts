/**
 * How backends and projects look in the tree, as plain data: label, description, icon, context
 * value, accessibility label and the hover's Markdown source. The VS Code adapter only copies it.
 */
import { lookOfState, type StateLook } from '../backends/backendState';
import { escapeMarkdownText, fencedCodeBlock, firstLines } from '../text/markdown';
import type { MlBackend } from '../api/models';
import { shownForBackend } from '../predictions/modelVersions';
import { forLabel } from '../text/safeText';
import * as l10n from '../text/l10n';

export const SHOW_FULL_ERROR_COMMAND = 'labelStudio.showFullError';
const HOVER_ERROR_LINES = 8;
const HOVER_ERROR_CHARS = 1500;
/** Longest label a server string becomes (a title of a megabyte must not become a row of a megabyte). */
export const MAX_LABEL_CHARS = 200;
/** Longest value of one hover fact (URL, model version, user) and of the description. */
const HOVER_FACT_CHARS = 500;
const HOVER_DESCRIPTION_CHARS = 2000;

export interface BackendRow {
  label: string;
  description: string;
  state: StateLook;
  contextValue: string;
  accessibilityLabel: string;
  /** Markdown source in which every server string is escaped. */
  tooltipMarkdown: string;
}

/**
 * What a row shows for a backend; `fullErrorArgs` are the arguments of the hover's "Show full error" link;
 * `projectModelVersion` (when known) is the project's chosen version, shown when it points at this backend.
 */
export function backendRow(backend: MlBackend, fullErrorArgs: unknown[] = [backend.id], projectModelVersion?: string | null): BackendRow {
  const state = lookOfState(backend.state);
  const label = displayTitle(backend);
  const hasError = !!backend.error_message?.trim();
  // The code is the server's: only word characters reach the context value that menus match on.
  const tags = ['mlBackend', `state:${state.code.replace(/\W/g, '').slice(0, 16) || 'none'}`];
  if (hasError) tags.push('hasError');
  if (backend.is_interactive) tags.push('interactive');
  return {
    label,
    description: state.label,
    state,
    contextValue: tags.join(' '),
    accessibilityLabel: hasError
      ? l10n.t('{0}, ML backend, {1}, has an error message', label, state.label)
      : l10n.t('{0}, ML backend, {1}', label, state.label),
    tooltipMarkdown: backendTooltip(backend, state, fullErrorArgs, projectModelVersion),
  };
}

/** The title, or the URL when the title is empty; one line, at most MAX_LABEL_CHARS. */
export function displayTitle(backend: Pick<MlBackend, 'title' | 'url' | 'id'>): string {
  return oneLine(backend.title ?? '') || oneLine(backend.url) || l10n.t('Backend {0}', backend.id);
}

/** A project's label: its title on one line, or "Project N" when it has none. */
export function projectTitle(title: string | null | undefined, id: number): string {
  return oneLine(title ?? '') || l10n.t('Project {0}', id);
}

/** A server string on one line (safeText's forLabel: invisible characters shown), clipped to MAX_LABEL_CHARS. */
export function oneLine(text: string, max = MAX_LABEL_CHARS): string {
  return forLabel(text, max);
}

function backendTooltip(b: MlBackend, state: StateLook, fullErrorArgs: unknown[], projectModelVersion?: string | null): string {
  const lines: string[] = [`**${escapeMarkdownText(displayTitle(b))}** — ${escapeMarkdownText(state.label)}`];
  // The error comes first: it is why people hover an Error row.
  const error = b.error_message?.trim();
  if (error) {
    const { text, cut } = firstLines(error, HOVER_ERROR_LINES, HOVER_ERROR_CHARS);
    const args = encodeURIComponent(JSON.stringify(fullErrorArgs));
    lines.push(
      '',
      fencedCodeBlock(text),
      '',
      `[${cut ? l10n.t('Show full error') : l10n.t('Open error in editor')}](command:${SHOW_FULL_ERROR_COMMAND}?${args})`,
    );
  }
  lines.push('');
  const version = b.model_version || '—';
  // Each fact is one message with its (escaped, one-line) value as the argument.
  const facts: Array<[(value: string) => string, string | null | undefined]> = [
    [(v) => l10n.t('URL: {0}', v), b.url],
    [(v) => l10n.t('Model version: {0}', v), b.auto_update ? version : l10n.t('{0} (frozen: Label Studio does not update it)', version)],
    [(v) => l10n.t('Project: {0}', v), shownForBackend(b, projectModelVersion)],
    [(v) => l10n.t('Authentication: {0}', v), authText(b)],
    [(v) => l10n.t('Interactive pre-annotations: {0}', v), b.is_interactive ? l10n.t('on') : l10n.t('off')],
    [(v) => l10n.t('Updated: {0}', v), formatTimestamp(b.updated_at)],
    [(v) => l10n.t('ID: {0}', v), l10n.t('{0} (project {1})', b.id, b.project)],
  ];
  for (const [fact, value] of facts) {
    if (value?.trim()) lines.push(`${fact(escapeMarkdownText(oneLine(value, HOVER_FACT_CHARS)))}  `);
  }
  if (b.description?.trim()) lines.push('', escapeMarkdownText(oneLine(b.description, HOVER_DESCRIPTION_CHARS)));
  return lines.join('\n');
}

function authText(b: MlBackend): string {
  if (b.auth_method === 'BASIC_AUTH') {
    const user = b.basic_auth_user;
    if (b.basic_auth_pass_is_set)
      return user ? l10n.t('basic auth as {0} (password stored)', user) : l10n.t('basic auth (password stored)');
    return user ? l10n.t('basic auth as {0}', user) : l10n.t('basic auth');
  }
  return b.auth_method === 'NONE' ? l10n.t('none') : b.auth_method;
}

/** `2026-01-14 16:02 UTC` (a fixed form: hovers are compared in tests and read across time zones). */
export function formatTimestamp(iso: string | null): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A project's description: `2 backends · 1 error`, `no backends`, `loading…`. */
export function projectSummary(backends: MlBackend[] | undefined): string {
  if (!backends) return '';
  if (backends.length === 0) return l10n.t('no backends');
  const n = backends.length;
  const parts = [n === 1 ? l10n.t('1 backend') : l10n.t('{0} backends', n)];
  const counts = new Map<string, number>();
  for (const b of backends) counts.set(b.state, (counts.get(b.state) ?? 0) + 1);
  // Counted by code (labels are translated); each count is one whole message, singular and plural apart.
  const errors = counts.get('ER');
  if (errors) parts.push(errors === 1 ? l10n.t('1 error') : l10n.t('{0} errors', errors));
  const disconnected = counts.get('DI');
  if (disconnected) parts.push(l10n.t('{0} disconnected', disconnected));
  const training = counts.get('TR');
  if (training) parts.push(l10n.t('{0} training', training));
  const predicting = counts.get('PR');
  if (predicting) parts.push(l10n.t('{0} predicting', predicting));
  return parts.join(' · ');
}

/** Number of backends that need attention (Error or Disconnected). */
export function problemCount(backends: MlBackend[] | undefined): number {
  return backends?.filter((b) => lookOfState(b.state).problem).length ?? 0;
}

/** A short label for a failure row; the error's message goes in the row's description and hover. */
export function failureLabel(error: Error): string {
  const e = error as Error & { kind?: string; reason?: string; status?: number };
  switch (e.kind) {
    case 'token-rejected':
      return l10n.t('API token rejected');
    case 'cancelled':
      return l10n.t('Cancelled');
    case 'unexpected-response':
      return l10n.t('Unexpected answer');
    case 'http':
      return e.status ? l10n.t('Label Studio error {0}', e.status) : l10n.t('Label Studio error');
    case 'network':
      switch (e.reason) {
        case 'refused':
          return l10n.t('Cannot connect');
        case 'dns':
          return l10n.t('Unknown host');
        case 'timeout':
          return l10n.t('No answer (timeout)');
        case 'tls':
          return l10n.t('Certificate not trusted');
        case 'reset':
          return l10n.t('Connection dropped');
        case 'too-large':
          return l10n.t('Answer too large');
        default:
          return l10n.t('Network error');
      }
    default:
      return l10n.t('Error');
  }
}

/** The view's note about a server whose last refresh failed while older data is still shown. */
export function staleNote(label: string, loadedAt: number | undefined, failed: Error | undefined): string | undefined {
  if (!failed || loadedAt === undefined) return undefined;
  const time = new Date(loadedAt).toTimeString().slice(0, 5);
  return l10n.t('{0}: showing data from {1}; the last refresh failed ({2})', label, time, failureLabel(failed));
}

/** Quick-pick labels render `$(name)` as an icon: server strings get it escaped so they show as typed. */
export function escapeIcons(text: string): string {
  return text.replace(/(\\)?\$\(/g, (match, escaped) => (escaped ? match : '\\$('));
}
