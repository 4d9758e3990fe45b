/** The state table: what each Label Studio backend state looks like in the tree. */

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

const STATES: Record<string, Omit<StateLook, 'code'>> = {
  CO: { label: 'Connected', icon: 'pass-filled', color: 'testing.iconPassed', problem: false },
  DI: { label: 'Disconnected', icon: 'debug-disconnect', color: 'problemsWarningIcon.foreground', problem: true },
  ER: { label: 'Error', icon: 'error', color: 'problemsErrorIcon.foreground', problem: true },
  TR: { label: 'Training', icon: 'sync~spin', color: 'charts.blue', problem: false },
  PR: { label: 'Predicting', icon: 'loading~spin', color: 'charts.purple', problem: false },
};

export const KNOWN_STATE_CODES = Object.keys(STATES);

export function lookOfState(code: string): StateLook {
  // Own keys only: a server that sends "constructor" or "__proto__" gets an unknown state, not Object's.
  if (Object.hasOwn(STATES, code)) return { code, ...STATES[code] };
  const flat = code.replace(/\s+/g, ' ').trim();
  const shown = flat ? flat.slice(0, 16) : 'none';
  return { code, label: `Unknown state (${shown})`, icon: 'circle-outline', problem: false };
}
