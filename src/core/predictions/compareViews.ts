/**
 * "Stored" versus "the backend now" in the views: marks the regions and listed answers whose result
 * items `diffRegions` did not pair as the same (changed, added or removed).
 */
import type { RegionDiff } from './diffRegions';
import type { PredictionView } from './inspectorModel';

/** Marks `view` (the `side` of the diff) against the version titled `comparedWith`. */
export function markDifferences(view: PredictionView, diff: RegionDiff, side: 'fresh' | 'stored', comparedWith: string): PredictionView {
  const differing = new Set(diff.pairs.filter((p) => p.status !== 'same').map((p) => p[side]).filter((i): i is number => i !== undefined));
  let count = 0;
  const mark = <T extends { index: number }>(item: T): T & { differs: boolean } => {
    const differs = differing.has(item.index);
    if (differs) count++;
    return { ...item, differs };
  };
  const objects = view.objects.map((o) => ({ ...o, regions: o.regions.map(mark), answers: o.answers.map(mark) }));
  return { ...view, objects, differing: count, comparedWith };
}
