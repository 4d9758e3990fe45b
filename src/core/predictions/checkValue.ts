/**
 * Checks of one result item's `value` by its kind: label values, percentages, polygon points,
 * brush RLE size, text spans, taxonomy paths and scalar types (PREDICTIONS.md §3.3–3.5).
 */
import type { IndexedControl } from './configIndex';
import { closeMatch, labelList, quote } from './findingText';
import type { FindingList } from './findings';
import * as l10n from '../text/l10n';
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
      c.out.add(
        'suspicious',
        at(),
        l10n.t('The region has no "{0}" list, so it shows without a label.', key),
        l10n.t('Add "{0}": ["<label>"].', key),
      );
    else
      c.out.add(
        'dropped',
        at(),
        l10n.t('A choices result without a "choices" list selects nothing.'),
        l10n.t('Add "choices": ["<choice>"].'),
      );
    return;
  }
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    c.out.add(
      'dropped',
      at(),
      l10n.t('value.{0} must be a list of strings; Label Studio cannot read it and stops loading the rest of this prediction.', key),
      l10n.t('Write it as a list, e.g. "{0}": [{1}].', key, JSON.stringify(String(Array.isArray(labels) ? labels[0] : labels))),
      'prediction',
    );
    return;
  }
  if (labels.length === 0 && key !== 'choices') {
    c.out.add(
      'suspicious',
      at(),
      l10n.t('The "{0}" list is empty, so the region shows without a label.', key),
      l10n.t('Put the predicted label in the list.'),
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
    const tag = `<${key === 'choices' ? 'Choice' : 'Label'} value=${JSON.stringify(label.slice(0, 60))}/>`;
    c.out.add(
      'dropped',
      [...at(), j],
      key === 'choices'
        ? l10n.t('{0} is not a choice of {1} {2}: Label Studio does not select it.', quote(label), name, list)
        : l10n.t('{0} is not a label of {1} {2}: Label Studio shows the region without this label.', quote(label), name, list),
      near !== undefined
        ? l10n.t('Use {0}: labels are case-sensitive and must match the config exactly {1}.', quote(near), list)
        : l10n.t('Use one of {0}, or add {1} to {2}.', list, tag, name),
      'label',
    );
  }
  if (key === 'choices' && control.single && labels.length > 1) {
    c.out.add(
      'suspicious',
      at(),
      l10n.t('{0} allows one choice (choice="single"), but the result selects {1}.', quote(control.control.name), labels.length),
      l10n.t('Send only the most likely choice.'),
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
        v === undefined
          ? l10n.t('value.{0} is missing, not a number; Label Studio cannot read it and stops loading the rest of this prediction.', key)
          : l10n.t(
              'value.{0} is {1}, not a number; Label Studio cannot read it and stops loading the rest of this prediction.',
              key,
              quote(v),
            ),
        l10n.t('Send value.{0} as a number, a percentage 0–100.', key),
        'prediction',
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
        l10n.t('The box is {0} × {1}: it has no area, so nothing is drawn.', nw, nh),
        l10n.t('Send a positive width and height (percent of the image).'),
      );
    else if (nx >= 0 && ny >= 0 && nx <= 100 && ny <= 100 && (nx + nw > 100.5 || ny + nh > 100.5)) {
      c.out.add(
        'suspicious',
        [c.index, 'value'],
        l10n.t('The box runs off the image (x + width = {0}, y + height = {1}; the image ends at 100).', round(nx + nw), round(ny + nh)),
        l10n.t('Clip the box to the image, or check that x, y are its top-left corner.'),
      );
    }
  }
}

/** One finding per region, at its first coordinate outside 0–100, naming all of them. */
function outOfRange(c: ItemContext, outside: [string, number][]): void {
  const [key, v] = outside[0];
  const ofWidth = (k: string) => k === 'x' || k === 'width' || k === 'radiusX';
  const px = ofWidth(key) ? c.size?.width : c.size?.height;
  const original = `original_${ofWidth(key) ? 'width' : 'height'}`;
  const list = outside.map(([k, n]) => `value.${k} = ${round(n)}`).join(', ');
  c.out.add(
    'dropped',
    [c.index, 'value', key],
    outside.length > 1
      ? l10n.t('{0} are outside 0–100: Label Studio reads coordinates as percent of the image, so the region lands off the image.', list)
      : l10n.t('{0} is outside 0–100: Label Studio reads coordinates as percent of the image, so the region lands off the image.', list),
    v > 100 && px
      ? l10n.t(
          'Send percentages: {0} / {1} × 100. If {2} is in pixels: {2} / {3} × 100 = {4}.',
          key,
          original,
          v,
          px,
          round((v / px) * 100),
        )
      : l10n.t('Send percentages: {0} / {1} × 100.', key, original),
  );
}

export function checkPolygon(c: ItemContext): void {
  const points = c.value.points;
  const at = [c.index, 'value', 'points'];
  if (!Array.isArray(points)) {
    c.out.add(
      'dropped',
      at,
      points === undefined
        ? l10n.t('value.points is missing; Label Studio cannot read it and stops loading the rest of this prediction.')
        : l10n.t('value.points is not a list; Label Studio cannot read it and stops loading the rest of this prediction.'),
      l10n.t('Send points as [[x%, y%], …].'),
      'prediction',
    );
    return;
  }
  const bad = points.findIndex((p) => !Array.isArray(p) || p.length < 2 || !isFiniteNumber(p[0]) || !isFiniteNumber(p[1]));
  if (bad >= 0) {
    c.out.add(
      'dropped',
      [...at, bad],
      l10n.t(
        'Point {0} is {1}, not [x, y] numbers; Label Studio cannot read it and stops loading the rest of this prediction.',
        bad,
        quote(points[bad]),
      ),
      l10n.t('Send every point as [x%, y%].'),
      'prediction',
    );
    return;
  }
  const outside = points.findIndex((p: number[]) => p[0] < 0 || p[0] > 100 || p[1] < 0 || p[1] > 100);
  if (outside >= 0) {
    const count = points.filter((p: number[]) => p[0] < 0 || p[0] > 100 || p[1] < 0 || p[1] > 100).length;
    c.out.add(
      'dropped',
      [...at, outside],
      l10n.t(
        '{0} of {1} points are outside 0–100 (point {2} is {3}): coordinates are percent of the image.',
        count,
        points.length,
        outside,
        quote(points[outside]),
      ),
      l10n.t('Send percentages: x / original_width × 100, y / original_height × 100.'),
    );
  }
  if (points.length < 3)
    c.out.add(
      'suspicious',
      at,
      l10n.t('A polygon of {0} point(s) encloses nothing.', points.length),
      l10n.t('Send at least three points.'),
    );
}

export function checkBrush(c: ItemContext): void {
  const { format, rle } = c.value;
  if (format !== 'rle') {
    c.out.add(
      'dropped',
      [c.index, 'value', 'format'],
      format === undefined
        ? l10n.t('value.format is missing; brush results need "rle".')
        : l10n.t('value.format is {0}; brush results need "rle".', quote(format)),
      l10n.t('Send "format": "rle" with the mask in "rle".'),
    );
  }
  if (!Array.isArray(rle)) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      l10n.t('value.rle is not a list of bytes, so no mask is drawn.'),
      l10n.t('Encode the mask with label_studio_converter.brush.mask2rle and send the list.'),
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
      l10n.t('Encode the mask with label_studio_converter.brush.mask2rle.'),
    );
    return;
  }
  if (!c.size) return;
  const expected = c.size.width * c.size.height * 4;
  if (count !== expected) {
    const pixels = count / 4;
    const { width, height } = c.size;
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      pixels === width * height
        ? l10n.t(
            'The RLE decodes to {0} values, but the {1}×{2} image needs {3} (width × height × 4): no mask is drawn.',
            count,
            width,
            height,
            expected,
          )
        : pixels === Math.round(pixels)
          ? l10n.t(
              'The RLE decodes to {0} values, but the {1}×{2} image needs {3} (width × height × 4) ({4} pixels: a mask of another size): no mask is drawn.',
              count,
              width,
              height,
              expected,
              pixels,
            )
          : l10n.t(
              'The RLE decodes to {0} values, but the {1}×{2} image needs {3} (width × height × 4) ({4} pixels: a mask of another size, or not RGBA): no mask is drawn.',
              count,
              width,
              height,
              expected,
              pixels,
            ),
      l10n.t("Encode a mask of the image's own size (height rows × width columns, RGBA) with mask2rle."),
    );
  }
}

export function checkBitmask(c: ItemContext): void {
  const url = c.value.imageDataURL;
  if (typeof url !== 'string' || !url.startsWith('data:image/png;base64,')) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'imageDataURL'],
      l10n.t('value.imageDataURL is not a PNG data URL, so no mask is drawn.'),
      l10n.t('Send "imageDataURL": "data:image/png;base64,…" (mask pixels opaque on transparent).'),
    );
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
