// TEMP stub of the core half's checker (branch `inspector`); replaced by theirs on merge.
import type { Finding, LabelConfig } from './types';
export interface CheckContext {
  imageSizes?: Record<string, { width: number; height: number }>;
  texts?: Record<string, string>;
}
export function checkResults(config: LabelConfig, results: unknown, _ctx?: CheckContext): Finding[] {
  if (!Array.isArray(results)) return [{ severity: 'dropped', path: ['result'], pathText: 'result', message: 'result is not a list', fix: 'Send a list.' }];
  const out: Finding[] = [];
  results.forEach((r, i) => {
    const from = (r as { from_name?: unknown }).from_name;
    if (!config.controls.some((c) => c.name === from)) {
      out.push({ severity: 'dropped', path: ['result', i, 'from_name'], pathText: `result[${i}].from_name`, message: `'${String(from)}' is not a control of the labeling config`, fix: 'Use a control name.', regionIndex: i });
    }
  });
  return out;
}
