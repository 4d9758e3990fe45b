/**
 * How backends and projects look in the tree, as plain data: label, description, icon, context
 * value, accessibility label and the hover's Markdown source. The VS Code adapter only copies it.
 */
import { lookOfState, type StateLook } from '../backends/backendState';
import { escapeMarkdownText, fencedCodeBlock, firstLines } from '../text/markdown';
import type { MlBackend } from '../api/models';
import { shownForBackend } from '../predictions/modelVersions';
import { forLabel } from '../text/safeText';

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
    accessibilityLabel: `${label}, ML backend, ${state.label}${hasError ? ', has an error message' : ''}`,
    tooltipMarkdown: backendTooltip(backend, state, fullErrorArgs, projectModelVersion),
  };
}

/** The title, or the URL when the title is empty; one line, at most MAX_LABEL_CHARS. */
export function displayTitle(backend: Pick<MlBackend, 'title' | 'url' | 'id'>): string {
  return oneLine(backend.title ?? '') || oneLine(backend.url) || `Backend ${backend.id}`;
}

/** A project's label: its title on one line, or "Project N" when it has none. */
export function projectTitle(title: string | null | undefined, id: number): string {
  return oneLine(title ?? '') || `Project ${id}`;
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
      `[${cut ? 'Show full error' : 'Open error in editor'}](command:${SHOW_FULL_ERROR_COMMAND}?${args})`,
    );
  }
  lines.push('');
  const facts: Array<[string, string | null | undefined]> = [
    ['URL', b.url],
    ['Model version', `${b.model_version || '—'}${b.auto_update ? '' : ' (frozen: Label Studio does not update it)'}`],
    ['Project', shownForBackend(b, projectModelVersion)],
    ['Authentication', authText(b)],
    ['Interactive pre-annotations', b.is_interactive ? 'on' : 'off'],
    ['Updated', formatTimestamp(b.updated_at)],
    ['ID', `${b.id} (project ${b.project})`],
  ];
  for (const [name, value] of facts) {
    if (value?.trim()) lines.push(`${name}: ${escapeMarkdownText(oneLine(value, HOVER_FACT_CHARS))}  `);
  }
  if (b.description?.trim()) lines.push('', escapeMarkdownText(oneLine(b.description, HOVER_DESCRIPTION_CHARS)));
  return lines.join('\n');
}

function authText(b: MlBackend): string {
  if (b.auth_method === 'BASIC_AUTH') {
    return `basic auth${b.basic_auth_user ? ` as ${b.basic_auth_user}` : ''}${b.basic_auth_pass_is_set ? ' (password stored)' : ''}`;
  }
  return b.auth_method === 'NONE' ? 'none' : b.auth_method;
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
  if (backends.length === 0) return 'no backends';
  const parts = [`${backends.length} backend${backends.length === 1 ? '' : 's'}`];
  const counts = new Map<string, number>();
  for (const b of backends) {
    const label = lookOfState(b.state).label;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  for (const [label, word] of [
    ['Error', 'error'],
    ['Disconnected', 'disconnected'],
    ['Training', 'training'],
    ['Predicting', 'predicting'],
  ]) {
    const n = counts.get(label);
    if (n) parts.push(`${n} ${word}${label === 'Error' && n > 1 ? 's' : ''}`);
  }
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
      return 'API token rejected';
    case 'cancelled':
      return 'Cancelled';
    case 'unexpected-response':
      return 'Unexpected answer';
    case 'http':
      return e.status ? `Label Studio error ${e.status}` : 'Label Studio error';
    case 'network':
      switch (e.reason) {
        case 'refused':
          return 'Cannot connect';
        case 'dns':
          return 'Unknown host';
        case 'timeout':
          return 'No answer (timeout)';
        case 'tls':
          return 'Certificate not trusted';
        case 'reset':
          return 'Connection dropped';
        case 'too-large':
          return 'Answer too large';
        default:
          return 'Network error';
      }
    default:
      return 'Error';
  }
}

/** The view's note about a server whose last refresh failed while older data is still shown. */
export function staleNote(label: string, loadedAt: number | undefined, failed: Error | undefined): string | undefined {
  if (!failed || loadedAt === undefined) return undefined;
  const time = new Date(loadedAt).toTimeString().slice(0, 5);
  return `${label}: showing data from ${time}; the last refresh failed (${failureLabel(failed)})`;
}

/** Quick-pick labels render `$(name)` as an icon: server strings get it escaped so they show as typed. */
export function escapeIcons(text: string): string {
  return text.replace(/(\\)?\$\(/g, (match, escaped) => (escaped ? match : '\\$('));
}
