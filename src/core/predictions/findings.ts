/** Collects findings for one checked answer, with paths from its root. */
import { pathText } from './findingText';
import type { DropEffect, Finding, Severity } from './types';

export class FindingList {
  readonly items: Finding[] = [];

  /** `base`: where the result list sits in the checked answer (e.g. ['result']). */
  constructor(private readonly base: readonly (string | number)[] = []) {}

  /**
   * `rel`: path from the result list, e.g. [3, 'value', 'x']. `effect` of a dropped region: 'prediction' when
   * Label Studio cannot read it and stops loading the rest of the prediction, else 'region' (the default).
   */
  add(severity: Severity, rel: (string | number)[], message: string, fix: string, effect?: DropEffect): void {
    const finding: Finding = { severity, path: [...this.base, ...rel], pathText: pathText(rel), message, fix };
    if (typeof rel[0] === 'number') finding.regionIndex = rel[0];
    if (severity === 'dropped') finding.effect = effect ?? 'region';
    this.items.push(finding);
  }

  /** A finding about the answer itself (outside the result list), e.g. its `score`. */
  addOutside(severity: Severity, path: (string | number)[], message: string, fix: string): void {
    this.items.push({ severity, path, pathText: pathText(path, 'prediction'), message, fix });
  }
}
