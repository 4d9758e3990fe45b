/** Collects findings for one checked answer, with paths from its root. */
import { pathText } from './findingText';
import type { Finding, Severity } from './types';

export class FindingList {
  readonly items: Finding[] = [];

  /** `base`: where the result list sits in the checked answer (e.g. ['result']). */
  constructor(private readonly base: readonly (string | number)[] = []) {}

  /** `rel`: path from the result list, e.g. [3, 'value', 'x']. */
  add(severity: Severity, rel: (string | number)[], message: string, fix: string): void {
    const finding: Finding = { severity, path: [...this.base, ...rel], pathText: pathText(rel), message, fix };
    if (typeof rel[0] === 'number') finding.regionIndex = rel[0];
    this.items.push(finding);
  }

  /** A finding about the answer itself (outside the result list), e.g. its `score`. */
  addOutside(severity: Severity, path: (string | number)[], message: string, fix: string): void {
    this.items.push({ severity, path, pathText: pathText(path, 'prediction'), message, fix });
  }
}
