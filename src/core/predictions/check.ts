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
import { RESULT_TYPES, UNCHECKED_TYPES } from './resultTypes';
import { checkDuplicate, checkRelation, checkToName, imageSize, type SeenIds } from './checkLinks';
import type { CheckContext, Finding, LabelConfig } from './types';
import { locateResult } from './answerShape';

export { locateResult } from './answerShape';

const BREAKS = 'Label Studio cannot read it and stops loading the rest of this prediction';

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
  /** How many regions Label Studio would drop (result items with a 'dropped' finding). */
  droppedRegions: number;
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
      'The answer has no "result" list, so Label Studio shows no regions.',
      'Answer {"result": [ …regions… ], "score": …, "model_version": …}.',
    );
    return { findings: out.items, resultPath: located.resultPath, result: undefined, droppedRegions: 0 };
  }
  const holder = located.holder;
  if (holder && holder.score !== undefined && holder.score !== null && !isFiniteNumber(holder.score)) {
    const path = [...located.resultPath.slice(0, -1), 'score'];
    out.addOutside(
      'dropped',
      path,
      `The prediction's score is ${quote(holder.score)}, not a number: Label Studio refuses to store the prediction.`,
      'Send score as a number (e.g. 0.87) or leave it out.',
    );
  }
  if (holder && holder.model_version === null) {
    const path = [...located.resultPath.slice(0, -1), 'model_version'];
    out.addOutside(
      'dropped',
      path,
      'model_version is null: Label Studio refuses to store the prediction.',
      'Send the model version as a string, or leave the key out.',
    );
  }
  checkInto(indexConfig(config), located.result, ctx, out);
  const result = Array.isArray(located.result) ? located.result : undefined;
  const dropped = new Set(out.items.filter((f) => f.severity === 'dropped' && f.regionIndex !== undefined).map((f) => f.regionIndex));
  return { findings: out.items, resultPath: located.resultPath, result, droppedRegions: dropped.size };
}

function checkInto(index: ConfigIndex, results: unknown, ctx: CheckContext, out: FindingList): void {
  if (!Array.isArray(results)) {
    const what = results === null ? 'null' : typeof results === 'object' ? 'an object' : typeof results;
    out.add(
      'dropped',
      [],
      `"result" is ${what}, not a list: Label Studio shows no regions.`,
      'Send "result": [ … ] — a list of regions, even for one region.',
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
    const fix = 'Each region is {"from_name", "to_name", "type", "value", …}.';
    out.add('dropped', [i], `Region ${i} is ${quote(raw)}, not an object.`, fix);
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
      `Region ${i} has ${type === undefined ? 'no type' : `type ${quote(type)}`}; ${BREAKS}.`,
      typeFix(index, fromName),
    );
  } else if (!rule && !UNCHECKED_TYPES.has(type)) {
    out.add('dropped', [i, 'type'], `Label Studio has no result type ${quote(type)}; ${BREAKS}.`, typeFix(index, fromName));
  }
  const control = typeof fromName === 'string' ? index.controls.get(fromName) : undefined;
  if (!control) {
    const swapped = typeof fromName === 'string' && index.objects.has(fromName) && typeof toName === 'string' && index.controls.has(toName);
    out.add(
      'dropped',
      [i, 'from_name'],
      `from_name ${quote(fromName)} is not a control of the labeling config: Label Studio drops the region silently.`,
      swapped
        ? 'from_name and to_name look swapped: from_name is the control, to_name the object it labels.'
        : `Use the name of a control: ${labelList(index.controlNames)}.`,
    );
  }
  const misfit = Boolean(control && typeof type === 'string' && (rule || UNCHECKED_TYPES.has(type)) && control.type !== type);
  if (misfit && control) {
    out.add(
      'dropped',
      [i, 'type'],
      `type ${quote(type)} does not fit ${quote(control.control.name)}, a <${control.control.tag}>.`,
      `Use "type": "${control.type}" (the control's tag in lower case).`,
    );
  }
  const object = checkToName(index, control, toName, i, out);
  const id = item.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
    out.add('suspicious', [i, 'id'], `The region id is ${quote(id)}; ids are strings.`, 'Send a short unique string id, e.g. "r1".');
  }
  if (item.score !== undefined && item.score !== null && !isFiniteNumber(item.score)) {
    out.add(
      'suspicious',
      [i, 'score'],
      `score is ${quote(item.score)}, not a number: Label Studio cannot show or sort by it.`,
      'Send the region score as a number, e.g. 0.93.',
    );
  }
  const value = item.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.add(
      'dropped',
      [i, 'value'],
      `Region ${i} has ${value === undefined ? 'no value' : 'a value that is not an object'}; ${BREAKS}.`,
      'Send "value": { … } with the keys of its type.',
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

function typeFix(index: ConfigIndex, fromName: unknown): string {
  const control = typeof fromName === 'string' ? index.controls.get(fromName) : undefined;
  return control
    ? `Use "type": "${control.type}" (the lower-cased tag of ${quote(control.control.name)}).`
    : 'Use the lower-cased tag of the control, e.g. "rectanglelabels".';
}
