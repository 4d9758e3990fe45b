/**
 * A labeling config indexed for the checker: controls and objects by name, each control's label
 * values and aliases in a set. Built once per config (cached), so checking a region costs O(1) lookups.
 */
import type { ControlTag, LabelConfig, ObjectTag } from './types';

export interface IndexedControl {
  control: ControlTag;
  /** Lower-cased tag: the `type` its results carry. */
  type: string;
  /** Values and aliases (Label Studio matches either, case-sensitively). */
  labelNames: Set<string>;
  /** The labels as a person reads them (values), for fixes. */
  labelValues: string[];
  /** Alias → value, for taxonomy paths written with aliases. */
  aliasToValue: Map<string, string>;
  /** Taxonomy paths joined by '\u0000' (values only). */
  taxonomyKeys?: Set<string>;
  /** Labels come from the task data (`value="$…"` on the control): not checkable here. */
  dynamicLabels: boolean;
  /** `choice="single"` or `"single-radio"`. */
  single: boolean;
}

export interface ConfigIndex {
  controls: Map<string, IndexedControl>;
  objects: Map<string, ObjectTag>;
  controlNames: string[];
}

const cache = new WeakMap<LabelConfig, ConfigIndex>();

export function indexConfig(config: LabelConfig): ConfigIndex {
  const cached = cache.get(config);
  if (cached) return cached;
  const controls = new Map<string, IndexedControl>();
  for (const control of config.controls) {
    const labelNames = new Set<string>();
    const aliasToValue = new Map<string, string>();
    for (const l of control.labels) {
      labelNames.add(l.value);
      if (l.alias !== undefined) {
        labelNames.add(l.alias);
        aliasToValue.set(l.alias, l.value);
      }
    }
    controls.set(control.name, {
      control,
      type: control.tag.toLowerCase(),
      labelNames,
      labelValues: control.labels.map((l) => l.value),
      aliasToValue,
      taxonomyKeys: control.taxonomyPaths ? new Set(control.taxonomyPaths.map((p) => p.join('\u0000'))) : undefined,
      dynamicLabels: (control.attrs.value ?? '').startsWith('$'),
      single: control.choice === 'single' || control.choice === 'single-radio',
    });
  }
  const objects = new Map(config.objects.map((o) => [o.name, o]));
  const index = { controls, objects, controlNames: config.controls.map((c) => c.name) };
  cache.set(config, index);
  return index;
}
