/** Checks of text spans, HyperText spans, taxonomy paths and single-value results (textarea, number, …). */
import { isFiniteNumber, reportNotANumber, type ItemContext } from './itemContext';
import { closeMatch, labelList, quote } from './findingText';
import * as l10n from '../text/l10n';

export function checkSpan(c: ItemContext): void {
  const { start, end, text } = c.value;
  // Labels on Audio or Paragraphs also use `labels` with other units: offsets are checked on text objects only.
  const onText = c.text !== undefined || c.object?.tag === 'Text';
  if (!isFiniteNumber(start) || !isFiniteNumber(end)) {
    const [key, v] = isFiniteNumber(start) ? ['end', end] : ['start', start];
    reportNotANumber(c, key, v, l10n.t('Send value.{0} as a character offset (a number).', key));
    return;
  }
  const [s, e] = [start as number, end as number];
  if (!onText) return;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e <= s) {
    c.out.add(
      'dropped',
      [c.index, 'value'],
      l10n.t('The span {0}–{1} is not a range of characters (need whole numbers, 0 ≤ start < end).', s, e),
      l10n.t('Send character offsets: start of the first character, end after the last.'),
    );
    return;
  }
  if (c.text === undefined) return;
  if (e > c.text.length) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'end'],
      l10n.t('The span ends at {0}, past the end of the text ({1} characters): it cannot be drawn.', e, c.text.length),
      l10n.t('Count offsets in characters of the task text as sent (JavaScript string indices).'),
    );
    return;
  }
  const actual = c.text.slice(s, e);
  if (typeof text === 'string' && text !== actual) {
    const near = c.text.indexOf(text);
    c.out.add(
      'suspicious',
      [c.index, 'value', 'text'],
      l10n.t(
        'value.text is {0}, but characters {1}–{2} of the text are {3}: the highlight and the stored text disagree.',
        quote(text),
        s,
        e,
        quote(actual),
      ),
      near >= 0
        ? l10n.t('Fix the offsets or the text. {0} is at {1}–{2}.', quote(text), near, near + text.length)
        : l10n.t('Fix the offsets or the text.'),
    );
  }
}

export function checkHtmlSpan(c: ItemContext): void {
  const { start, end, startOffset, endOffset } = c.value;
  if (typeof start === 'string' || typeof end === 'string') {
    if (typeof start !== 'string' || typeof end !== 'string' || !isFiniteNumber(startOffset) || !isFiniteNumber(endOffset)) {
      c.out.add(
        'dropped',
        [c.index, 'value'],
        l10n.t('A HyperText span needs start and end (XPaths) with numeric startOffset and endOffset.'),
        l10n.t('Send start, end, startOffset and endOffset, or numeric start/end character offsets.'),
      );
    }
    return;
  }
  if (!isFiniteNumber(start) || !isFiniteNumber(end)) {
    c.out.add(
      'dropped',
      [c.index, 'value'],
      l10n.t('A HyperText span needs start and end; Label Studio cannot read it and stops loading the rest of this prediction.'),
      l10n.t('Send start/end XPaths with startOffset/endOffset, or numeric start/end offsets.'),
      'prediction',
    );
  }
}

export function checkTaxonomy(c: ItemContext): void {
  const paths = c.value.taxonomy;
  const at = [c.index, 'value', 'taxonomy'];
  if (!Array.isArray(paths) || paths.some((p) => !Array.isArray(p) || p.some((s: unknown) => typeof s !== 'string'))) {
    c.out.add(
      'dropped',
      at,
      l10n.t(
        'value.taxonomy must be a list of paths (lists of strings); Label Studio cannot read it and stops loading the rest of this prediction.',
      ),
      l10n.t('Send e.g. "taxonomy": [["Vehicle", "Car"]] (each selection is its path from the root).'),
      'prediction',
    );
    return;
  }
  const control = c.control;
  if (!control?.taxonomyKeys || control.dynamicLabels) return;
  paths.forEach((p: string[], j) => {
    const key = p.map((s) => control.aliasToValue.get(s) ?? s).join('\u0000');
    if (control.taxonomyKeys!.has(key)) return;
    const last = p[p.length - 1] ?? '';
    const near = closeMatch(last, control.labelValues);
    const fullPath = near !== undefined ? control.control.taxonomyPaths?.find((q) => q[q.length - 1] === near) : undefined;
    c.out.add(
      'dropped',
      [...at, j],
      l10n.t('{0} is not a path of {1}: Label Studio selects nothing for it.', quote(p.join(' / ')), quote(control.control.name)),
      fullPath
        ? l10n.t('Use {0}: each selection is its full path from the root, and names are case-sensitive.', quote(fullPath.join(' / ')))
        : l10n.t('Each selection is its full path from the root, e.g. {0}.', labelList(control.labelValues, 6)),
    );
  });
}

export function checkScalar(c: ItemContext): void {
  const scalar = c.rule.scalar;
  if (!scalar) return;
  const v = c.value[scalar.key];
  const ok =
    scalar.kind === 'number'
      ? isFiniteNumber(v)
      : scalar.kind === 'string'
        ? typeof v === 'string'
        : Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (ok) return;
  c.out.add(
    'dropped',
    [c.index, 'value', scalar.key],
    scalarMessage(scalar.kind, scalar.key, v),
    scalarFix(scalar.kind, scalar.key),
    'prediction',
  );
}

/** "value.<key> is …, not <kind>; …" as one message per kind, and with the value missing or quoted. */
function scalarMessage(kind: string, key: string, v: unknown): string {
  if (v === undefined) {
    if (kind === 'number')
      return l10n.t('value.{0} is missing, not a number; Label Studio cannot read it and stops loading the rest of this prediction.', key);
    if (kind === 'string')
      return l10n.t('value.{0} is missing, not a string; Label Studio cannot read it and stops loading the rest of this prediction.', key);
    return l10n.t(
      'value.{0} is missing, not a list of strings; Label Studio cannot read it and stops loading the rest of this prediction.',
      key,
    );
  }
  if (kind === 'number')
    return l10n.t(
      'value.{0} is {1}, not a number; Label Studio cannot read it and stops loading the rest of this prediction.',
      key,
      quote(v),
    );
  if (kind === 'string')
    return l10n.t(
      'value.{0} is {1}, not a string; Label Studio cannot read it and stops loading the rest of this prediction.',
      key,
      quote(v),
    );
  return l10n.t(
    'value.{0} is {1}, not a list of strings; Label Studio cannot read it and stops loading the rest of this prediction.',
    key,
    quote(v),
  );
}

function scalarFix(kind: string, key: string): string {
  if (kind === 'number') return l10n.t('Send value.{0} as a number.', key);
  if (kind === 'string') return l10n.t('Send value.{0} as a string.', key);
  return l10n.t('Send value.{0} as a list of strings, e.g. ["text"].', key);
}
