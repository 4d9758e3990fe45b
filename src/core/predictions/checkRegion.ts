/**
 * The check of one region of a result list: its type, from_name, to_name, id, score and value
 * shape, then the checks of its value by kind (labels, geometry, masks, spans, taxonomy, scalars).
 */
import { checkBitmask, checkBrush } from './checkMasks';
import { checkLabels } from './checkLabels';
import { checkPercentages, checkPolygon } from './checkGeometry';
import { checkHtmlSpan, checkScalar, checkSpan, checkTaxonomy } from './checkSpans';
import type { ConfigIndex } from './configIndex';
import { labelList, quote } from './findingText';
import type { FindingList } from './findings';
import { isFiniteNumber, type ItemContext } from './itemContext';
import * as l10n from '../text/l10n';
import { RESULT_TYPES, UNCHECKED_TYPES } from './resultTypes';
import { checkDuplicate, checkRelation, checkToName, imageSize, type SeenIds } from './checkLinks';
import type { CheckContext } from './types';

/** Checks region `i` of a result list into `out`; `ids` gives the list's region ids (for relations). */
export function checkRegion(
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
