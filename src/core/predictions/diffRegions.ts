/**
 * "Stored" versus "the backend now": pairs the regions of a fresh answer with those of a stored
 * prediction. Pairing, in order: the same region id; else identical content; else the same control,
 * type and labels (then the region "changed"). What stays unpaired was added or removed.
 */
import type { StoredPrediction } from './types';

export type RegionStatus = 'same' | 'changed' | 'added' | 'removed';

export interface RegionPair {
  status: RegionStatus;
  /** Index in the fresh result list (absent for 'removed'). */
  fresh?: number;
  /** Index in the stored result list (absent for 'added'). */
  stored?: number;
  /** How the pair was found. */
  matchedBy?: 'id' | 'content' | 'labels';
}

export interface RegionDiff {
  pairs: RegionPair[];
  counts: Record<RegionStatus, number>;
}

type Item = Record<string, unknown>;

function asItems(list: unknown): (Item | undefined)[] {
  if (!Array.isArray(list)) return [];
  return list.map((r) => (typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Item) : undefined));
}

/** JSON with sorted keys and numbers rounded to 1e-6, so 41.25 and 41.2500000001 compare equal. */
function canonical(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : String(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Item;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** What a region is, apart from its id and score: names, type and value. */
function contentKey(r: Item): string {
  return canonical({ from_name: r.from_name, to_name: r.to_name, type: r.type, value: r.value });
}

function labelKey(r: Item): string {
  const value = (r.value ?? {}) as Item;
  const labels = typeof r.type === 'string' ? (value[r.type] ?? value.labels ?? value.choices) : undefined;
  return canonical({ from_name: r.from_name, type: r.type, labels });
}

function idOf(r: Item | undefined): string | undefined {
  const id = r?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export function diffRegions(freshResult: unknown, storedResult: unknown): RegionDiff {
  const fresh = asItems(freshResult);
  const stored = asItems(storedResult);
  const pairs: RegionPair[] = [];
  const freshLeft = new Set(fresh.keys());
  const storedLeft = new Set(stored.keys());
  const pair = (f: number, s: number, matchedBy: RegionPair['matchedBy']) => {
    const same = fresh[f] && stored[s] ? contentKey(fresh[f]!) === contentKey(stored[s]!) : fresh[f] === stored[s];
    pairs.push({ status: same ? 'same' : 'changed', fresh: f, stored: s, matchedBy });
    freshLeft.delete(f);
    storedLeft.delete(s);
  };
  // Ids are matched only where they are unique on both sides (several results of one region share an id).
  const byId = (items: (Item | undefined)[]) => {
    const m = new Map<string, number[]>();
    items.forEach((r, i) => {
      const key = idOf(r) === undefined ? undefined : `${idOf(r)}\u0000${String(r?.from_name)}`;
      if (key !== undefined) m.set(key, [...(m.get(key) ?? []), i]);
    });
    return m;
  };
  const storedIds = byId(stored);
  for (const [key, fs] of byId(fresh)) {
    const ss = storedIds.get(key);
    if (fs.length === 1 && ss?.length === 1) pair(fs[0], ss[0], 'id');
  }
  for (const [keyOf, how] of [
    [contentKey, 'content'],
    [labelKey, 'labels'],
  ] as const) {
    const waiting = new Map<string, number[]>();
    for (const s of storedLeft) if (stored[s]) waiting.set(keyOf(stored[s]!), [...(waiting.get(keyOf(stored[s]!)) ?? []), s]);
    for (const f of [...freshLeft]) {
      if (!fresh[f]) continue;
      const s = waiting.get(keyOf(fresh[f]!))?.shift();
      if (s !== undefined) pair(f, s, how);
    }
  }
  for (const f of freshLeft) pairs.push({ status: 'added', fresh: f });
  for (const s of storedLeft) pairs.push({ status: 'removed', stored: s });
  pairs.sort((a, b) => (a.fresh ?? Infinity) - (b.fresh ?? Infinity) || (a.stored ?? 0) - (b.stored ?? 0));
  const counts: Record<RegionStatus, number> = { same: 0, changed: 0, added: 0, removed: 0 };
  for (const p of pairs) counts[p.status]++;
  return { pairs, counts };
}

export interface VersionComparison {
  model_version: string;
  /** The newest stored prediction of this version (Label Studio may hold several). */
  prediction: StoredPrediction;
  /** How many stored predictions the task has for this version. */
  count: number;
  diff: RegionDiff;
}

/** The fresh answer against the newest stored prediction of each model version (newest versions first). */
export function compareWithStored(freshResult: unknown, stored: readonly StoredPrediction[]): VersionComparison[] {
  const newest = new Map<string, { prediction: StoredPrediction; count: number }>();
  for (const p of stored) {
    const seen = newest.get(p.model_version);
    if (!seen) newest.set(p.model_version, { prediction: p, count: 1 });
    else {
      seen.count++;
      if (isNewer(p, seen.prediction)) seen.prediction = p;
    }
  }
  return [...newest.entries()]
    .map(([model_version, { prediction, count }]) => ({
      model_version,
      prediction,
      count,
      diff: diffRegions(freshResult, prediction.result),
    }))
    .sort((a, b) => (isNewer(a.prediction, b.prediction) ? -1 : isNewer(b.prediction, a.prediction) ? 1 : 0));
}

function isNewer(a: StoredPrediction, b: StoredPrediction): boolean {
  const ta = a.created_at ? Date.parse(a.created_at) : NaN;
  const tb = b.created_at ? Date.parse(b.created_at) : NaN;
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta > tb;
  return a.id > b.id;
}
