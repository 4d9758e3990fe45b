/**
 * The state of a local backend as its row shows it: Stopped, Starting, Running (with its /health
 * answer) or Failing (why). Decided from two facts: whether the extension's terminal runs it, and
 * what the last /health probe said.
 */
import * as l10n from '../text/l10n';

export type LocalStateKind = 'stopped' | 'starting' | 'running' | 'failing';

export interface LocalState {
  kind: LocalStateKind;
  modelClass?: string;
  /** Why it is failing, in words. */
  why?: string;
  /** When the terminal was started (ms), while it runs. */
  startedAt?: number;
}

export type LocalEvent =
  | { kind: 'started'; at: number }
  | { kind: 'exited'; code?: number; byUser: boolean }
  | { kind: 'probe'; healthy: boolean; modelClass?: string; status?: number; failure?: string; at: number };

/** How long a started backend may take before an unanswered /health counts as failing (Docker builds are slow). */
export const START_GRACE_MS = { python: 60_000, docker: 300_000 };

export function nextState(state: LocalState, event: LocalEvent, graceMs = START_GRACE_MS.python): LocalState {
  switch (event.kind) {
    case 'started':
      return { kind: 'starting', startedAt: event.at };
    case 'exited':
      if (event.byUser || event.code === 0 || event.code === undefined) return { kind: 'stopped' };
      return { kind: 'failing', why: l10n.t('The server exited with code {0}: see its terminal.', event.code) };
    case 'probe': {
      if (event.healthy) return { kind: 'running', modelClass: event.modelClass, startedAt: state.startedAt };
      const launched = state.startedAt !== undefined;
      if (event.status !== undefined) {
        const why =
          event.status === 401
            ? l10n.t('/health answers 401: the server requires basic auth.')
            : l10n.t('/health answers HTTP {0}.', event.status);
        if (event.status === 401) return { kind: 'running', why, startedAt: state.startedAt };
        return { kind: 'failing', why, startedAt: state.startedAt };
      }
      if (!launched) return { kind: 'stopped' };
      if (state.kind === 'starting' && event.at - (state.startedAt ?? event.at) < graceMs) return state;
      const failure = event.failure ?? l10n.t('no answer');
      return { kind: 'failing', why: l10n.t('No answer on /health: {0}.', failure), startedAt: state.startedAt };
    }
  }
}

/** The words after the row's name. */
export function describeState(state: LocalState): string {
  switch (state.kind) {
    case 'stopped':
      return l10n.t('Stopped');
    case 'starting':
      return l10n.t('Starting…');
    case 'running':
      return state.modelClass ? l10n.t('Running · {0}', state.modelClass) : l10n.t('Running');
    case 'failing':
      return l10n.t('Failing');
  }
}
