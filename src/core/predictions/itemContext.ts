/** What the checks of one result item's `value` share: the item, its rule, control, object and image size. */
import type { IndexedControl } from './configIndex';
import type { FindingList } from './findings';
import type { ResultType } from './resultTypes';
import type { ObjectTag } from './types';

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
