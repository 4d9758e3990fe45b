/** Cuts a text into segments at every span boundary; each segment lists the regions covering it. */

export interface TextSegment {
  start: number;
  end: number;
  regionKeys: string[];
}

interface SpanRegion {
  key: string;
  shape: { kind: string; start?: number; end?: number };
}

export function spanSegments(text: string, regions: SpanRegion[]): TextSegment[] {
  const spans = regions
    .filter((r) => r.shape.kind === 'span')
    .map((r) => ({ key: r.key, start: clamp(r.shape.start ?? 0, text.length), end: clamp(r.shape.end ?? 0, text.length) }))
    .filter((s) => s.end > s.start);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    segments.push({ start, end, regionKeys: spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.key) });
  }
  return segments;
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(Math.round(n), max));
}
