// TEMP stub of the core half's checker (branch `inspector`); replaced by theirs on merge.
import type { CheckContext, Finding, LabelConfig } from './types';
export function checkResults(config: LabelConfig, results: unknown, _ctx?: CheckContext): Finding[] {
  if (!Array.isArray(results)) return [{ severity: 'dropped', path: [], pathText: 'result', message: 'result is not a list', fix: 'Send a list.' }];
  const out: Finding[] = [];
  results.forEach((r, i) => {
    const from = (r as { from_name?: unknown }).from_name;
    if (!config.controls.some((c) => c.name === from)) {
      out.push({ severity: 'dropped', path: [i, 'from_name'], pathText: `result[${i}].from_name`, message: `'${String(from)}' is not a control of the labeling config`, fix: 'Use a control name.', regionIndex: i });
    }
  });
  return out;
}
import { locateResult } from './answerShape';
export interface PredictionCheck {
  findings: Finding[];
  resultPath: (string | number)[];
  result: unknown[] | undefined;
  droppedRegions: number;
}
export function checkPrediction(config: LabelConfig, answer: unknown, ctx: CheckContext = {}): PredictionCheck {
  const located = locateResult(answer);
  const findings = checkResults(config, located.result, ctx).map((f) => ({ ...f, path: [...located.resultPath, ...f.path] }));
  const result = Array.isArray(located.result) ? located.result : undefined;
  return { findings, resultPath: located.resultPath, result, droppedRegions: new Set(findings.map((f) => f.regionIndex)).size };
}
