/**
 * The prediction check: why Label Studio would drop (or misdraw) each region of a prediction, read
 * against the labeling config (PREDICTIONS.md §3.5, §7). Pure and fast: the config is indexed once,
 * each region costs a few map lookups (500 regions in well under 5 ms).
 */
import { checkBitmask, checkBrush, checkLabels, checkPercentages, checkPolygon, isFiniteNumber, type ItemContext } from './checkValue';
import { checkHtmlSpan, checkScalar, checkSpan, checkTaxonomy } from './checkSpans';
import { indexConfig, type ConfigIndex } from './configIndex';
import { labelList, quote } from './findingText';
import { FindingList } from './findings';
import * as l10n from '../text/l10n';
import { RESULT_TYPES, UNCHECKED_TYPES } from './resultTypes';
import { checkDuplicate, checkRelation, checkToName, imageSize, type SeenIds } from './checkLinks';
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
  for (let i = 0; i < results.length; i++) checkItem(index, results[i], i, ctx, out, seen, idsOf);
}

function checkItem(
  index: ConfigIndex,
  raw: unknown,
  i: number,
  ctx: CheckContext,
  out: FindingList,
  seen: SeenIds,
  ids: () => Set<string>,
): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const fix = l10n.t('Each region is {"from_name", "to_name", "type", "value", …}.');
    out.add('dropped', [i], l10n.t('Region {0} is {1}, not an object.', i, quote(raw)), fix);
    return;
  }
  const item = raw as Record<string, unknown>;
  const { type, from_name: fromName, to_name: toName } = item;
  if (type === 'relation') return checkRelation(item, i, ids(), out);
  const rule = typeof type === 'string' ? RESULT_TYPES[type] : undefined;
  if (typeof type !== 'string') {
    out.add(
      'dropped',
      [i, 'type'],
      type === undefined
        ? l10n.t('Region {0} has no type; Label Studio cannot read it and stops loading the rest of this prediction.', i)
        : l10n.t('Region {0} has type {1}; Label Studio cannot read it and stops loading the rest of this prediction.', i, quote(type)),
      typeFix(index, fromName),
      'prediction',
    );
  } else if (!rule && !UNCHECKED_TYPES.has(type)) {
    out.add(
      'dropped',
      [i, 'type'],
      l10n.t(
        'Label Studio has no result type {0}; Label Studio cannot read it and stops loading the rest of this prediction.',
        quote(type),
      ),
      typeFix(index, fromName),
      'prediction',
    );
  }
  const control = typeof fromName === 'string' ? index.controls.get(fromName) : undefined;
  if (!control) {
    const swapped = typeof fromName === 'string' && index.objects.has(fromName) && typeof toName === 'string' && index.controls.has(toName);
    const tool = retargetTool(index, type, toName);
    out.add(
      'dropped',
      [i, 'from_name'],
      tool
        ? l10n.t(
            'from_name {0} is not a control of the labeling config: Label Studio moves the region to {1} and shows it without a label.',
            quote(fromName),
            quote(tool.control.name),
          )
        : l10n.t('from_name {0} is not a control of the labeling config: Label Studio drops the region silently.', quote(fromName)),
      swapped
        ? l10n.t('from_name and to_name look swapped: from_name is the control, to_name the object it labels.')
        : l10n.t('Use the name of a control: {0}.', labelList(index.controlNames)),
      tool ? 'label' : 'region',
    );
  }
  const misfit = Boolean(control && typeof type === 'string' && (rule || UNCHECKED_TYPES.has(type)) && control.type !== type);
  if (misfit && control) {
    out.add(
      'dropped',
      [i, 'type'],
      l10n.t('type {0} does not fit {1}, a <{2}>.', quote(type), quote(control.control.name), control.control.tag),
      l10n.t('Use "type": "{0}" (the control\'s tag in lower case).', control.type),
    );
  }
  const object = checkToName(index, control, toName, i, out);
  const id = item.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
    out.add(
      'suspicious',
      [i, 'id'],
      l10n.t('The region id is {0}; ids are strings.', quote(id)),
      l10n.t('Send a short unique string id, e.g. "r1".'),
    );
  }
  if (item.score !== undefined && item.score !== null && !isFiniteNumber(item.score)) {
    out.add(
      'suspicious',
      [i, 'score'],
      l10n.t('score is {0}, not a number: Label Studio cannot show or sort by it.', quote(item.score)),
      l10n.t('Send the region score as a number, e.g. 0.93.'),
    );
  }
  const value = item.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.add(
      'dropped',
      [i, 'value'],
      value === undefined
        ? l10n.t('Region {0} has no value; Label Studio cannot read it and stops loading the rest of this prediction.', i)
        : l10n.t(
            'Region {0} has a value that is not an object; Label Studio cannot read it and stops loading the rest of this prediction.',
            i,
          ),
      l10n.t('Send "value": { … } with the keys of its type.'),
      'prediction',
    );
    return;
  }
  if (!rule || typeof type !== 'string' || misfit) return; // the value's keys follow the type: nothing sound to check
  if ((typeof id === 'string' || typeof id === 'number') && rule.geometry !== 'none')
    checkDuplicate(String(id), fromName, rule.geometry, i, seen, out);
  const size = imageSize(item, object?.name, object?.tag, ctx, rule.geometry, i, out);
  const c: ItemContext = {
    index: i,
    item,
    value: value as Record<string, unknown>,
    rule,
    type,
    control,
    object,
    size,
    text: object ? ctx.texts?.[object.name] : undefined,
    out,
  };
  checkLabels(c);
  checkPercentages(c);
  if (rule.geometry === 'polygon') checkPolygon(c);
  else if (rule.geometry === 'brush') checkBrush(c);
  else if (rule.geometry === 'bitmask') checkBitmask(c);
  else if (rule.geometry === 'span') checkSpan(c);
  else if (rule.geometry === 'htmlspan') checkHtmlSpan(c);
  if (type === 'taxonomy') checkTaxonomy(c);
  checkScalar(c);
}

/** A `*labels` region with an unknown from_name goes to a tool on its object: the same type, the plain tool, or Labels. */
function retargetTool(index: ConfigIndex, type: unknown, toName: unknown) {
  if (typeof type !== 'string' || typeof toName !== 'string' || !type.endsWith('labels')) return undefined;
  const find = (t: string) => index.tools.get(`${toName}\u0000${t}`);
  return find(type) ?? find(type.slice(0, -'labels'.length)) ?? find('labels');
}

function typeFix(index: ConfigIndex, fromName: unknown): string {
  const control = typeof fromName === 'string' ? index.controls.get(fromName) : undefined;
  return control
    ? l10n.t('Use "type": "{0}" (the lower-cased tag of {1}).', control.type, quote(control.control.name))
    : l10n.t('Use the lower-cased tag of the control, e.g. "rectanglelabels".');
}
