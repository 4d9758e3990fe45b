/**
 * "Stored" versus "the backend now": marks the regions and listed answers of one prediction view
 * that have no equal in another (same control, type, labels and geometry to 0.01 px; same text).
 */
import type { PredictionView, RegionView } from './inspectorModel';

export function markDifferences(view: PredictionView, other: PredictionView): PredictionView {
  const theirs = new Set(other.objects.flatMap((o) => [...o.regions.map(regionSignature), ...o.answers.map((a) => `${a.fromName}|${a.type}|${a.text}`)]));
  let differing = 0;
  const objects = view.objects.map((o) => ({
    ...o,
    regions: o.regions.map((r) => {
      const differs = !theirs.has(regionSignature(r));
      if (differs) differing++;
      return { ...r, differs };
    }),
    answers: o.answers.map((a) => {
      const differs = !theirs.has(`${a.fromName}|${a.type}|${a.text}`);
      if (differs) differing++;
      return { ...a, differs };
    }),
  }));
  return { ...view, objects, differing, comparedWith: other.title };
}

function regionSignature(r: RegionView): string {
  const round = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);
  return `${r.toName}|${r.fromName}|${r.type}|${r.labels.join(',')}|${JSON.stringify(r.shape, round)}`;
}
