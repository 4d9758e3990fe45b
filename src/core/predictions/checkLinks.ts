/**
 * The checks of a region's links and identity: to_name against the control's objects, the image
 * size it was predicted on, duplicate region ids, and relations' ends.
 */
import type { ConfigIndex } from './configIndex';
import { isFiniteNumber } from './checkValue';
import { quote } from './findingText';
import type { FindingList } from './findings';
import { isImageGeometry } from './resultTypes';
import type { CheckContext } from './types';

const BREAKS = 'Label Studio cannot read it and stops loading the rest of this prediction';

/** Regions seen so far, by id: the first region's index, control and geometry. */
export type SeenIds = Map<string, { index: number; fromName: unknown; geometry: string }>;

export function checkToName(
  index: ConfigIndex,
  control: ReturnType<ConfigIndex['controls']['get']>,
  toName: unknown,
  i: number,
  out: FindingList,
) {
  if (typeof toName !== 'string') {
    const fix = control
      ? `Use "to_name": "${control.control.toName[0] ?? ''}" (a string; the object ${quote(control.control.name)} labels).`
      : 'Use the name of the object tag (Image, Text, …) as a string.';
    out.add(
      'dropped',
      [i, 'to_name'],
      `to_name is ${Array.isArray(toName) ? 'a list' : toName === undefined ? 'missing' : quote(toName)}; ` +
        `it must be one object name (a string). ${BREAKS}.`,
      fix,
    );
    return undefined;
  }
  const object = index.objects.get(toName);
  if (!control) {
    if (!object)
      out.add(
        'dropped',
        [i, 'to_name'],
        `to_name ${quote(toName)} names no object tag of the labeling config.`,
        'Use the name of the object tag (Image, Text, …) the control labels.',
      );
    return object;
  }
  if (!control.control.toName.includes(toName)) {
    out.add(
      'dropped',
      [i, 'to_name'],
      `to_name ${quote(toName)} is not the object ${quote(control.control.name)} points at ` +
        `(toName=${quote(control.control.toName.join(','))}): Label Studio drops the region silently.`,
      `Use "to_name": "${control.control.toName[0] ?? ''}".`,
    );
    return object;
  }
  if (!object) {
    out.add(
      'dropped',
      [i, 'to_name'],
      `to_name ${quote(toName)} names no object tag of the labeling config.`,
      "Add the object tag to the config, or fix the control's toName.",
    );
  }
  return object;
}

export function imageSize(
  item: Record<string, unknown>,
  objectName: string | undefined,
  tag: string | undefined,
  ctx: CheckContext,
  geometry: string,
  i: number,
  out: FindingList,
) {
  if (!isImageGeometry(geometry as never) || (tag !== undefined && tag !== 'Image')) return undefined;
  const real = objectName ? ctx.imageSizes?.[objectName] : undefined;
  const { original_width: w, original_height: h } = item;
  const given = isFiniteNumber(w) && isFiniteNumber(h) && w > 0 && h > 0 ? { width: w, height: h } : undefined;
  if (!given) {
    const key = isFiniteNumber(w) && w > 0 ? 'original_height' : 'original_width';
    const bad = item[key];
    out.add(
      'suspicious',
      [i, key],
      `${key} is ${bad === undefined ? 'missing' : quote(bad)}: Label Studio needs the image's size in pixels` +
        `${geometry === 'brush' ? ' to place the mask' : ' until the image loads'}.`,
      real
        ? `Send "original_width": ${real.width}, "original_height": ${real.height}.`
        : 'Send original_width and original_height: the pixel size of the image the model read.',
    );
  } else if (real && (real.width !== given.width || real.height !== given.height)) {
    out.add(
      'suspicious',
      [i, 'original_width'],
      `original_width × original_height is ${given.width}×${given.height}, but the task's image is ${real.width}×${real.height}: ` +
        'the model probably read a resized image.',
      `Send the size of the task's image (${real.width}×${real.height}); percentages stay right, pixel maths and masks do not.`,
    );
  }
  return real ?? given;
}

export function checkDuplicate(id: string, fromName: unknown, geometry: string, i: number, seen: SeenIds, out: FindingList): void {
  const first = seen.get(id);
  if (!first) {
    seen.set(id, { index: i, fromName, geometry });
    return;
  }
  // Results sharing an id form one region (a box plus its per-region TextArea): fine unless they clash.
  if (first.fromName === fromName || first.geometry !== geometry) {
    out.add(
      'suspicious',
      [i, 'id'],
      `Region id ${quote(id)} is also used by region ${first.index}: Label Studio merges them into one region.`,
      'Give every region its own id (results of one region share it only across different controls).',
    );
  }
}

export function checkRelation(item: Record<string, unknown>, i: number, ids: Set<string>, out: FindingList): void {
  for (const key of ['from_id', 'to_id'] as const) {
    const v = item[key];
    if (typeof v !== 'string' && typeof v !== 'number')
      out.add('dropped', [i, key], `The relation has no ${key}.`, `Send ${key}: the id of a region of this result.`);
    else if (!ids.has(String(v)))
      out.add(
        'dropped',
        [i, key],
        `The relation's ${key} ${quote(v)} is not the id of a region in this result.`,
        'Point relations at ids of regions in the same result.',
      );
  }
}
