/** Checks of text spans, HyperText spans, taxonomy paths and single-value results (textarea, number, …). */
import { isFiniteNumber, type ItemContext } from './checkValue';
import { closeMatch, labelList, quote } from './findingText';

const BREAKS = 'Label Studio cannot read it and stops loading the rest of this prediction';

export function checkSpan(c: ItemContext): void {
  const { start, end, text } = c.value;
  // Labels on Audio or Paragraphs also use `labels` with other units: offsets are checked on text objects only.
  const onText = c.text !== undefined || c.object?.tag === 'Text';
  if (!isFiniteNumber(start) || !isFiniteNumber(end)) {
    const [key, v] = isFiniteNumber(start) ? ['end', end] : ['start', start];
    c.out.add(
      'dropped',
      [c.index, 'value', key],
      `value.${key} is ${v === undefined ? 'missing' : quote(v)}, not a number; ${BREAKS}.`,
      `Send value.${key} as a character offset (a number).`,
    );
    return;
  }
  const [s, e] = [start as number, end as number];
  if (!onText) return;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e <= s) {
    c.out.add(
      'dropped',
      [c.index, 'value'],
      `The span ${s}–${e} is not a range of characters (need whole numbers, 0 ≤ start < end).`,
      'Send character offsets: start of the first character, end after the last.',
    );
    return;
  }
  if (c.text === undefined) return;
  if (e > c.text.length) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'end'],
      `The span ends at ${e}, past the end of the text (${c.text.length} characters): it cannot be drawn.`,
      'Count offsets in characters of the task text as sent (JavaScript string indices).',
    );
    return;
  }
  const actual = c.text.slice(s, e);
  if (typeof text === 'string' && text !== actual) {
    const near = c.text.indexOf(text);
    const hint = near >= 0 ? ` ${quote(text)} is at ${near}–${near + text.length}.` : '';
    c.out.add(
      'suspicious',
      [c.index, 'value', 'text'],
      `value.text is ${quote(text)}, but characters ${s}–${e} of the text are ${quote(actual)}: ` +
        'the highlight and the stored text disagree.',
      `Fix the offsets or the text.${hint}`,
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
        'A HyperText span needs start and end (XPaths) with numeric startOffset and endOffset.',
        'Send start, end, startOffset and endOffset, or numeric start/end character offsets.',
      );
    }
    return;
  }
  if (!isFiniteNumber(start) || !isFiniteNumber(end)) {
    c.out.add(
      'dropped',
      [c.index, 'value'],
      `A HyperText span needs start and end; ${BREAKS}.`,
      'Send start/end XPaths with startOffset/endOffset, or numeric start/end offsets.',
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
      `value.taxonomy must be a list of paths (lists of strings); ${BREAKS}.`,
      'Send e.g. "taxonomy": [["Vehicle", "Car"]] (each selection is its path from the root).',
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
      `${quote(p.join(' / '))} is not a path of ${quote(control.control.name)}: Label Studio selects nothing for it.`,
      fullPath
        ? `Use ${quote(fullPath.join(' / '))}: each selection is its full path from the root, and names are case-sensitive.`
        : `Each selection is its full path from the root, e.g. ${labelList(control.labelValues, 6)}.`,
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
  const want = scalar.kind === 'number' ? 'a number' : scalar.kind === 'string' ? 'a string' : 'a list of strings';
  c.out.add(
    'dropped',
    [c.index, 'value', scalar.key],
    `value.${scalar.key} is ${v === undefined ? 'missing' : quote(v)}, not ${want}; ${BREAKS}.`,
    `Send value.${scalar.key} as ${want}${scalar.kind === 'string[]' ? ', e.g. ["text"]' : ''}.`,
  );
}
