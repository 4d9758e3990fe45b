/** Checks of a region's label values: labels and choices against the control's names (PREDICTIONS.md §3.5). */
import { closeMatch, labelList, quote } from './findingText';
import type { ItemContext } from './itemContext';
import * as l10n from '../text/l10n';

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
