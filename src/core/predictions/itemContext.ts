/** What the checks of one result item's `value` share: the item, its rule, control, object and image size. */
import type { IndexedControl } from './configIndex';
import type { FindingList } from './findings';
import type { ResultType } from './resultTypes';
import type { ObjectTag } from './types';
import { quote } from './findingText';
import * as l10n from '../text/l10n';

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

/** `value.<key>` missing or not a number: Label Studio drops the rest of the prediction. `fix` says what to send. */
export function reportNotANumber(c: ItemContext, key: string, v: unknown, fix: string): void {
  c.out.add(
    'dropped',
    [c.index, 'value', key],
    v === undefined
      ? l10n.t('value.{0} is missing, not a number; Label Studio cannot read it and stops loading the rest of this prediction.', key)
      : l10n.t('value.{0} is {1}, not a number; Label Studio cannot read it and stops loading the rest of this prediction.', key, quote(v)),
    fix,
    'prediction',
  );
}
