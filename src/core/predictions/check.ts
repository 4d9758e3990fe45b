/**
 * The prediction check: why Label Studio would drop (or misdraw) each region of a prediction, read
 * against the labeling config (PREDICTIONS.md §3.5, §7). Pure and fast: the config is indexed once,
 * each region costs a few map lookups (500 regions in well under 5 ms).
 */
import { checkRegion } from './checkRegion';
import { isFiniteNumber } from './itemContext';
import { indexConfig, type ConfigIndex } from './configIndex';
import { quote } from './findingText';
import { FindingList } from './findings';
import * as l10n from '../text/l10n';
import type { SeenIds } from './checkLinks';
import type { CheckContext, Finding, LabelConfig } from './types';
import { locateResult } from './answerShape';

export { locateResult } from './answerShape';

/** Checks a `result` list; finding paths start at the list (`[3, 'value', 'x']`). */
export function checkResults(config: LabelConfig, results: unknown, ctx: CheckContext = {}): Finding[] {
  const out = new FindingList();
  checkInto(indexConfig(config), results, ctx, out);
  return out.items;
}

export interface PredictionCheck {
  findings: Finding[];
  /** Where the result list is in the checked answer: [] (bare list), ['result'], ['data', 'result'], … */
  resultPath: (string | number)[];
  /** The result list, when there is one. */
  result: unknown[] | undefined;
  /** How many regions Label Studio would not show (`hiddenRegions.length`). */
  droppedRegions: number;
  /** Indexes of the regions Label Studio would not show, in order. */
  hiddenRegions: number[];
  /** The first region Label Studio cannot read: it stops loading the prediction there (that region and every later one). */
  stopsAt?: number;
}

/** Which regions Label Studio would not show, given the findings of a result list of `count` regions. */
export function hiddenRegions(findings: readonly Finding[], count: number): { hidden: number[]; stopsAt?: number } {
  let stopsAt: number | undefined;
  const hidden = new Set<number>();
  for (const f of findings) {
    if (f.severity !== 'dropped' || f.regionIndex === undefined) continue;
    if (f.effect === 'prediction') stopsAt = Math.min(stopsAt ?? Infinity, f.regionIndex);
    if (f.effect === 'region' || f.effect === 'prediction') hidden.add(f.regionIndex);
  }
  if (stopsAt !== undefined) for (let i = stopsAt; i < count; i++) hidden.add(i);
  return { hidden: [...hidden].sort((a, b) => a - b), stopsAt };
}

/**
 * Checks any answer shape Label Studio or an ML server gives: a prediction object with `result`, a
 * bare result list, the interactive-annotating answer `{data: {result}}`, or an ML server's
 * `{results: [prediction]}`. Finding paths start at the answer's root.
 */
export function checkPrediction(config: LabelConfig, answer: unknown, ctx: CheckContext = {}): PredictionCheck {
  const located = locateResult(answer);
  const out = new FindingList(located.resultPath);
  if (!located.found) {
    out.addOutside(
      'dropped',
      [],
      l10n.t('The answer has no "result" list, so Label Studio shows no regions.'),
      l10n.t('Answer {"result": [ …regions… ], "score": …, "model_version": …}.'),
    );
    return { findings: out.items, resultPath: located.resultPath, result: undefined, droppedRegions: 0, hiddenRegions: [] };
  }
  const holder = located.holder;
  if (holder && holder.score !== undefined && holder.score !== null && !isFiniteNumber(holder.score)) {
    const path = [...located.resultPath.slice(0, -1), 'score'];
    out.addOutside(
      'dropped',
      path,
      l10n.t("The prediction's score is {0}, not a number: Label Studio refuses to store the prediction.", quote(holder.score)),
      l10n.t('Send score as a number (e.g. 0.87) or leave it out.'),
    );
  }
  if (holder && holder.model_version === null) {
    const path = [...located.resultPath.slice(0, -1), 'model_version'];
    out.addOutside(
      'dropped',
      path,
      l10n.t('model_version is null: Label Studio refuses to store the prediction.'),
      l10n.t('Send the model version as a string, or leave the key out.'),
    );
  }
  checkInto(indexConfig(config), located.result, ctx, out);
  const result = Array.isArray(located.result) ? located.result : undefined;
  const { hidden, stopsAt } = hiddenRegions(out.items, result?.length ?? 0);
  const check: PredictionCheck = {
    findings: out.items,
    resultPath: located.resultPath,
    result,
    droppedRegions: hidden.length,
    hiddenRegions: hidden,
  };
  if (stopsAt !== undefined) check.stopsAt = stopsAt;
  return check;
}

function checkInto(index: ConfigIndex, results: unknown, ctx: CheckContext, out: FindingList): void {
  if (!Array.isArray(results)) {
    out.add(
      'dropped',
      [],
      results === null
        ? l10n.t('"result" is null, not a list: Label Studio shows no regions.')
        : typeof results === 'object'
          ? l10n.t('"result" is an object, not a list: Label Studio shows no regions.')
          : l10n.t('"result" is {0}, not a list: Label Studio shows no regions.', typeof results),
      l10n.t('Send "result": [ … ] — a list of regions, even for one region.'),
    );
    return;
  }
  const seen: SeenIds = new Map();
  let ids: Set<string> | undefined;
  // Region ids, for relations only (built on the first relation).
  const idsOf = () =>
    (ids ??= new Set(
      results.flatMap((r) => {
        const id = typeof r === 'object' && r !== null ? (r as Record<string, unknown>).id : undefined;
        return typeof id === 'string' || typeof id === 'number' ? [String(id)] : [];
      }),
    ));
  for (let i = 0; i < results.length; i++) checkRegion(index, results[i], i, ctx, out, seen, idsOf);
}
