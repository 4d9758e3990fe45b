/**
 * Checks of one result item's `value` by its kind: label values, percentages, polygon points,
 * brush RLE size, text spans, taxonomy paths and scalar types (PREDICTIONS.md §3.3–3.5).
 */
import type { IndexedControl } from './configIndex';
import { closeMatch, labelList, quote } from './findingText';
import type { FindingList } from './findings';
import { RleError, readRleHeader } from './rle';
import type { ResultType } from './resultTypes';
import type { ObjectTag } from './types';

export interface ItemContext {
  index: number;
  item: Record<string, unknown>;
  value: Record<string, unknown>;
  rule: ResultType;
  type: string;
  control?: IndexedControl;
  object?: ObjectTag;
  /** Real image size when known, else the result's original_width/height, else undefined. */
  size?: { width: number; height: number };
  text?: string;
  out: FindingList;
}

const BREAKS = 'Label Studio cannot read it and stops loading the rest of this prediction';

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function checkLabels(c: ItemContext): void {
  const key = c.rule.labelKey;
  if (!key) return;
  const labels = c.value[key];
  const at = () => [c.index, 'value', key];
  if (labels === undefined) {
    if (key !== 'choices')
      c.out.add('suspicious', at(), `The region has no "${key}" list, so it shows without a label.`, `Add "${key}": ["<label>"].`);
    else c.out.add('dropped', at(), 'A choices result without a "choices" list selects nothing.', 'Add "choices": ["<choice>"].');
    return;
  }
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    c.out.add(
      'dropped',
      at(),
      `value.${key} must be a list of strings; ${BREAKS}.`,
      `Write it as a list, e.g. "${key}": [${JSON.stringify(String(Array.isArray(labels) ? labels[0] : labels))}].`,
    );
    return;
  }
  if (labels.length === 0 && key !== 'choices') {
    c.out.add(
      'suspicious',
      at(),
      `The "${key}" list is empty, so the region shows without a label.`,
      'Put the predicted label in the list.',
    );
  }
  const control = c.control;
  if (!control || control.dynamicLabels) return;
  for (let j = 0; j < labels.length; j++) {
    const label: string = labels[j];
    if (control.labelNames.has(label)) continue;
    const near = closeMatch(label, control.labelValues);
    const list = labelList(control.labelValues);
    const name = quote(control.control.name);
    const what = key === 'choices' ? 'a choice' : 'a label';
    c.out.add(
      'dropped',
      [...at(), j],
      `${quote(label)} is not ${what} of ${name} ${list}: Label Studio shows the region without this label.`,
      near !== undefined
        ? `Use ${quote(near)}: labels are case-sensitive and must match the config exactly ${list}.`
        : `Use one of ${list}, or add <${key === 'choices' ? 'Choice' : 'Label'} value=${JSON.stringify(label.slice(0, 60))}/> to ${name}.`,
    );
  }
  if (key === 'choices' && control.single && labels.length > 1) {
    c.out.add(
      'suspicious',
      at(),
      `${quote(control.control.name)} allows one choice (choice="single"), but the result selects ${labels.length}.`,
      'Send only the most likely choice.',
    );
  }
}

export function checkPercentages(c: ItemContext): void {
  const keys = c.rule.percentKeys;
  if (!keys) return;
  let outside: [string, number][] | undefined;
  for (const key of keys) {
    const v = c.value[key];
    if (!isFiniteNumber(v)) {
      if (key === 'width' && c.rule.geometry === 'keypoint' && v === undefined) continue; // keypoint width is optional
      c.out.add(
        'dropped',
        [c.index, 'value', key],
        `value.${key} is ${v === undefined ? 'missing' : quote(v)}, not a number; ${BREAKS}.`,
        `Send value.${key} as a number, a percentage 0–100.`,
      );
      continue;
    }
    if (v < 0 || v > 100) (outside ??= []).push([key, v]);
  }
  if (outside) outOfRange(c, outside);
  if (c.rule.geometry !== 'rectangle' || c.value.rotation) return;
  const { x: nx, y: ny, width: nw, height: nh } = c.value;
  if (isFiniteNumber(nx) && isFiniteNumber(ny) && isFiniteNumber(nw) && isFiniteNumber(nh)) {
    if (nw <= 0 || nh <= 0)
      c.out.add(
        'suspicious',
        [c.index, 'value'],
        `The box is ${nw} × ${nh}: it has no area, so nothing is drawn.`,
        'Send a positive width and height (percent of the image).',
      );
    else if (nx >= 0 && ny >= 0 && nx <= 100 && ny <= 100 && (nx + nw > 100.5 || ny + nh > 100.5)) {
      c.out.add(
        'suspicious',
        [c.index, 'value'],
        `The box runs off the image (x + width = ${round(nx + nw)}, y + height = ${round(ny + nh)}; the image ends at 100).`,
        'Clip the box to the image, or check that x, y are its top-left corner.',
      );
    }
  }
}

/** One finding per region, at its first coordinate outside 0–100, naming all of them. */
function outOfRange(c: ItemContext, outside: [string, number][]): void {
  const [key, v] = outside[0];
  const ofWidth = (k: string) => k === 'x' || k === 'width' || k === 'radiusX';
  const px = ofWidth(key) ? c.size?.width : c.size?.height;
  const hint = v > 100 && px ? ` If ${v} is in pixels: ${v} / ${px} × 100 = ${round((v / px) * 100)}.` : '';
  const list = outside.map(([k, n]) => `value.${k} = ${round(n)}`).join(', ');
  c.out.add(
    'dropped',
    [c.index, 'value', key],
    `${list} ${outside.length > 1 ? 'are' : 'is'} outside 0–100: ` +
      'Label Studio reads coordinates as percent of the image, so the region lands off the image.',
    `Send percentages: ${key} / original_${ofWidth(key) ? 'width' : 'height'} × 100.${hint}`,
  );
}

export function checkPolygon(c: ItemContext): void {
  const points = c.value.points;
  const at = [c.index, 'value', 'points'];
  if (!Array.isArray(points)) {
    c.out.add(
      'dropped',
      at,
      `value.points is ${points === undefined ? 'missing' : 'not a list'}; ${BREAKS}.`,
      'Send points as [[x%, y%], …].',
    );
    return;
  }
  const bad = points.findIndex((p) => !Array.isArray(p) || p.length < 2 || !isFiniteNumber(p[0]) || !isFiniteNumber(p[1]));
  if (bad >= 0) {
    c.out.add(
      'dropped',
      [...at, bad],
      `Point ${bad} is ${quote(points[bad])}, not [x, y] numbers; ${BREAKS}.`,
      'Send every point as [x%, y%].',
    );
    return;
  }
  const outside = points.findIndex((p: number[]) => p[0] < 0 || p[0] > 100 || p[1] < 0 || p[1] > 100);
  if (outside >= 0) {
    const count = points.filter((p: number[]) => p[0] < 0 || p[0] > 100 || p[1] < 0 || p[1] > 100).length;
    c.out.add(
      'dropped',
      [...at, outside],
      `${count} of ${points.length} points are outside 0–100 (point ${outside} is ${quote(points[outside])}): ` +
        'coordinates are percent of the image.',
      'Send percentages: x / original_width × 100, y / original_height × 100.',
    );
  }
  if (points.length < 3)
    c.out.add('suspicious', at, `A polygon of ${points.length} point(s) encloses nothing.`, 'Send at least three points.');
}

export function checkBrush(c: ItemContext): void {
  const { format, rle } = c.value;
  if (format !== 'rle') {
    c.out.add(
      'dropped',
      [c.index, 'value', 'format'],
      `value.format is ${format === undefined ? 'missing' : quote(format)}; brush results need "rle".`,
      'Send "format": "rle" with the mask in "rle".',
    );
  }
  if (!Array.isArray(rle)) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      'value.rle is not a list of bytes, so no mask is drawn.',
      'Encode the mask with label_studio_converter.brush.mask2rle and send the list.',
    );
    return;
  }
  let count: number;
  try {
    count = readRleHeader(rle).count;
  } catch (e) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      e instanceof RleError ? e.message : String(e),
      'Encode the mask with label_studio_converter.brush.mask2rle.',
    );
    return;
  }
  if (!c.size) return;
  const expected = c.size.width * c.size.height * 4;
  if (count !== expected) {
    const pixels = count / 4;
    const guess =
      pixels === c.size.width * c.size.height
        ? ''
        : ` (${pixels} pixels: a mask of another size${pixels === Math.round(pixels) ? '' : ', or not RGBA'})`;
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      `The RLE decodes to ${count} values, but the ${c.size.width}×${c.size.height} image needs ${expected} ` +
        `(width × height × 4)${guess}: no mask is drawn.`,
      "Encode a mask of the image's own size (height rows × width columns, RGBA) with mask2rle.",
    );
  }
}

export function checkBitmask(c: ItemContext): void {
  const url = c.value.imageDataURL;
  if (typeof url !== 'string' || !url.startsWith('data:image/png;base64,')) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'imageDataURL'],
      'value.imageDataURL is not a PNG data URL, so no mask is drawn.',
      'Send "imageDataURL": "data:image/png;base64,…" (mask pixels opaque on transparent).',
    );
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
