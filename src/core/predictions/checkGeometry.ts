/**
 * Checks of a region's geometry in percent of the image: rectangle, ellipse and keypoint coordinates
 * and polygon points (PREDICTIONS.md §3.3, §3.5).
 */
import { quote } from './findingText';
import { isFiniteNumber, reportNotANumber, type ItemContext } from './itemContext';
import * as l10n from '../text/l10n';

export function checkPercentages(c: ItemContext): void {
  const keys = c.rule.percentKeys;
  if (!keys) return;
  let outside: [string, number][] | undefined;
  for (const key of keys) {
    const v = c.value[key];
    if (!isFiniteNumber(v)) {
      if (key === 'width' && c.rule.geometry === 'keypoint' && v === undefined) continue; // keypoint width is optional
      reportNotANumber(c, key, v, l10n.t('Send value.{0} as a number, a percentage 0–100.', key));
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

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
