/**
 * Small text helpers for findings: JSON paths, quoted server strings, close matches. Server strings
 * (label values, names) are quoted short and without control characters, so a finding can go to a
 * diagnostic or a list as plain text.
 */
import { forLabel } from '../text/safeText';
import * as l10n from '../text/l10n';

export function pathText(path: readonly (string | number)[], root = 'result'): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** 'value' in quotes, on one line (untrusted text as safeText shows it in a label), at most `max` characters. */
export function quote(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `'${forLabel(text, max)}'`;
}

/** The list of labels for a fix, e.g. "(car, truck, bus)"; long lists end with "…". */
export function labelList(values: readonly string[], max = 12): string {
  const shown = values
    .slice(0, max)
    .map((v) => quote(v, 30).slice(1, -1))
    .join(', ');
  return values.length > max ? l10n.t('({0}, … {1} more)', shown, values.length - max) : `(${shown})`;
}

/** The candidate closest to `value`: same letters in other case first, else an edit distance of at most 2. */
export function closeMatch(value: string, candidates: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (Math.abs(c.length - value.length) >= bestDistance) continue;
    const d = editDistance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once every path is at least `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length];
}
