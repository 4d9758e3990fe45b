/** The state table: what each Label Studio backend state looks like in the tree. */
import * as l10n from '../text/l10n';

export interface StateLook {
  /** The server's code (CO, DI, …) or whatever unknown code it sent. */
  code: string;
  /** The state in words, shown as the row's description. */
  label: string;
  /** Codicon id. */
  icon: string;
  /** Theme colour id; undefined keeps the default foreground. */
  color?: string;
  /** Errors and disconnections count towards badges and summaries. */
  problem: boolean;
}

type StateStyle = Omit<StateLook, 'code' | 'label'>;

const STATES: Record<string, StateStyle> = {
  CO: { icon: 'pass-filled', color: 'testing.iconPassed', problem: false },
  DI: { icon: 'debug-disconnect', color: 'problemsWarningIcon.foreground', problem: true },
  ER: { icon: 'error', color: 'problemsErrorIcon.foreground', problem: true },
  TR: { icon: 'sync~spin', color: 'charts.blue', problem: false },
  PR: { icon: 'loading~spin', color: 'charts.purple', problem: false },
};

/** The states' English names, for the agent's tools (text for a language model stays English) and logs. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  CO: 'Connected',
  DI: 'Disconnected',
  ER: 'Error',
  TR: 'Training',
  PR: 'Predicting',
};

/** A known state's name in the user's language (looked up when asked: the translator is installed after load). */
function stateLabel(code: string): string {
  switch (code) {
    case 'CO':
      return l10n.t('Connected');
    case 'DI':
      return l10n.t('Disconnected');
    case 'ER':
      return l10n.t('Error');
    case 'TR':
      return l10n.t('Training');
    default:
      return l10n.t('Predicting');
  }
}

export const KNOWN_STATE_CODES = Object.keys(STATES);

export function lookOfState(code: string): StateLook {
  // Own keys only: a server that sends "constructor" or "__proto__" gets an unknown state, not Object's.
  if (Object.hasOwn(STATES, code)) return { code, label: stateLabel(code), ...STATES[code] };
  const flat = code.replace(/\s+/g, ' ').trim();
  const label = flat ? l10n.t('Unknown state ({0})', flat.slice(0, 16)) : l10n.t('Unknown state (none)');
  return { code, label, icon: 'circle-outline', problem: false };
}
