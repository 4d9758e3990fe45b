/**
 * What each result `type` carries (PREDICTIONS.md §3.3): the control tag that produces it, the key
 * holding its label values, its geometry, and which keys are percentages of the image.
 */

export type Geometry = 'rectangle' | 'polygon' | 'keypoint' | 'ellipse' | 'brush' | 'bitmask' | 'span' | 'htmlspan' | 'none';

export interface ResultType {
  geometry: Geometry;
  /** The `value` key with the label values (`rectanglelabels`, `choices`, …), if any. */
  labelKey?: string;
  /** Keys of `value` that must be numbers in 0–100 (% of the image). */
  percentKeys?: string[];
  /** The `value` key that must hold a scalar of this kind (textarea, number, …). */
  scalar?: { key: string; kind: 'number' | 'string' | 'string[]' };
}

const RECT = ['x', 'y', 'width', 'height'];
const KEYPOINT = ['x', 'y'];
const ELLIPSE = ['x', 'y', 'radiusX', 'radiusY'];

function labelled(base: string, geometry: Geometry, percentKeys?: string[]): Record<string, ResultType> {
  return { [base]: { geometry, percentKeys }, [`${base}labels`]: { geometry, percentKeys, labelKey: `${base}labels` } };
}

export const RESULT_TYPES: Readonly<Record<string, ResultType>> = {
  ...labelled('rectangle', 'rectangle', RECT),
  ...labelled('polygon', 'polygon'),
  ...labelled('keypoint', 'keypoint', KEYPOINT),
  ...labelled('ellipse', 'ellipse', ELLIPSE),
  ...labelled('brush', 'brush'),
  ...labelled('bitmask', 'bitmask'),
  labels: { geometry: 'span', labelKey: 'labels' },
  hypertextlabels: { geometry: 'htmlspan', labelKey: 'hypertextlabels' },
  choices: { geometry: 'none', labelKey: 'choices' },
  taxonomy: { geometry: 'none' },
  textarea: { geometry: 'none', scalar: { key: 'text', kind: 'string[]' } },
  number: { geometry: 'none', scalar: { key: 'number', kind: 'number' } },
  rating: { geometry: 'none', scalar: { key: 'rating', kind: 'number' } },
  datetime: { geometry: 'none', scalar: { key: 'datetime', kind: 'string' } },
};

/** Types Label Studio knows that this checker does not inspect beyond the names (video, time series, …). */
export const UNCHECKED_TYPES: ReadonlySet<string> = new Set([
  'paragraphlabels',
  'timeserieslabels',
  'videorectangle',
  'pairwise',
  'ranker',
  'relation',
  'magicwand',
  'list',
]);

/** Image geometries: their results carry `original_width`/`original_height`. */
export function isImageGeometry(g: Geometry): boolean {
  return g === 'rectangle' || g === 'polygon' || g === 'keypoint' || g === 'ellipse' || g === 'brush' || g === 'bitmask';
}
