/** The targets, filled in by the sections that ran and printed at the end. */
export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean | undefined;
}

export const targets: Target[] = [];

export function printTargets(print: (line: string) => void): void {
  if (targets.length === 0) return;
  print('Targets (issues 6 and 14):');
  const w = Math.max(...targets.map((t) => t.what.length));
  const wt = Math.max(...targets.map((t) => t.target.length));
  for (const t of targets) {
    const verdict = t.met === undefined ? '   ' : t.met ? 'met' : 'NOT';
    print(`  ${verdict}  ${t.what.padEnd(w)}  ${t.target.padEnd(wt)}  ${t.measured}`);
  }
}
