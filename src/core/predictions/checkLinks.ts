/**
 * The checks of a region's links and identity: to_name against the control's objects, the image
 * size it was predicted on, duplicate region ids, and relations' ends.
 */
import type { ConfigIndex } from './configIndex';
import { isFiniteNumber } from './itemContext';
import { quote } from './findingText';
import type { FindingList } from './findings';
import * as l10n from '../text/l10n';
import { isImageGeometry } from './resultTypes';
import type { CheckContext } from './types';

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
      ? l10n.t('Use "to_name": "{0}" (a string; the object {1} labels).', control.control.toName[0] ?? '', quote(control.control.name))
      : l10n.t('Use the name of the object tag (Image, Text, …) as a string.');
    out.add(
      'dropped',
      [i, 'to_name'],
      Array.isArray(toName)
        ? l10n.t(
            'to_name is a list; it must be one object name (a string). Label Studio cannot read it and stops loading the rest of this prediction.',
          )
        : toName === undefined
          ? l10n.t(
              'to_name is missing; it must be one object name (a string). Label Studio cannot read it and stops loading the rest of this prediction.',
            )
          : l10n.t(
              'to_name is {0}; it must be one object name (a string). Label Studio cannot read it and stops loading the rest of this prediction.',
              quote(toName),
            ),
      fix,
      'prediction',
    );
    return undefined;
  }
  const object = index.objects.get(toName);
  if (!control) {
    if (!object)
      out.add(
        'dropped',
        [i, 'to_name'],
        l10n.t('to_name {0} names no object tag of the labeling config.', quote(toName)),
        l10n.t('Use the name of the object tag (Image, Text, …) the control labels.'),
      );
    return object;
  }
  if (!control.control.toName.includes(toName)) {
    out.add(
      'dropped',
      [i, 'to_name'],
      l10n.t(
        'to_name {0} is not the object {1} points at (toName={2}): Label Studio drops the region silently.',
        quote(toName),
        quote(control.control.name),
        quote(control.control.toName.join(',')),
      ),
      l10n.t('Use "to_name": "{0}".', control.control.toName[0] ?? ''),
    );
    return object;
  }
  if (!object) {
    out.add(
      'dropped',
      [i, 'to_name'],
      l10n.t('to_name {0} names no object tag of the labeling config.', quote(toName)),
      l10n.t("Add the object tag to the config, or fix the control's toName."),
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
      sizeMissingMessage(key, bad, geometry === 'brush'),
      real
        ? l10n.t('Send "original_width": {0}, "original_height": {1}.', real.width, real.height)
        : l10n.t('Send original_width and original_height: the pixel size of the image the model read.'),
    );
  } else if (real && (real.width !== given.width || real.height !== given.height)) {
    out.add(
      'suspicious',
      [i, 'original_width'],
      l10n.t(
        "original_width × original_height is {0}×{1}, but the task's image is {2}×{3}: the model probably read a resized image.",
        given.width,
        given.height,
        real.width,
        real.height,
      ),
      l10n.t("Send the size of the task's image ({0}×{1}); percentages stay right, pixel maths and masks do not.", real.width, real.height),
    );
  }
  return real ?? given;
}

/** "<key> is missing/…: Label Studio needs the image's size …", one whole message per case. */
function sizeMissingMessage(key: string, bad: unknown, brush: boolean): string {
  if (bad === undefined)
    return brush
      ? l10n.t("{0} is missing: Label Studio needs the image's size in pixels to place the mask.", key)
      : l10n.t("{0} is missing: Label Studio needs the image's size in pixels until the image loads.", key);
  return brush
    ? l10n.t("{0} is {1}: Label Studio needs the image's size in pixels to place the mask.", key, quote(bad))
    : l10n.t("{0} is {1}: Label Studio needs the image's size in pixels until the image loads.", key, quote(bad));
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
      l10n.t('Region id {0} is also used by region {1}: Label Studio merges them into one region.', quote(id), first.index),
      l10n.t('Give every region its own id (results of one region share it only across different controls).'),
    );
  }
}

export function checkRelation(item: Record<string, unknown>, i: number, ids: Set<string>, out: FindingList): void {
  for (const key of ['from_id', 'to_id'] as const) {
    const v = item[key];
    if (typeof v !== 'string' && typeof v !== 'number')
      out.add('dropped', [i, key], l10n.t('The relation has no {0}.', key), l10n.t('Send {0}: the id of a region of this result.', key));
    else if (!ids.has(String(v)))
      out.add(
        'dropped',
        [i, key],
        l10n.t("The relation's {0} {1} is not the id of a region in this result.", key, quote(v)),
        l10n.t('Point relations at ids of regions in the same result.'),
      );
  }
}
