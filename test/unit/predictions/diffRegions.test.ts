import * as assert from 'node:assert/strict';
import { compareWithStored, diffRegions } from '../../../src/core/predictions/diffRegions';
import type { StoredPrediction } from '../../../src/core/predictions/types';

const box = (id: string | undefined, label: string, x: number) => ({
  ...(id === undefined ? {} : { id }),
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  value: { x, y: 10, width: 5, height: 5, rectanglelabels: [label] },
});

describe('diffRegions', () => {
  it('pairs by id: same content is same, moved is changed; scores do not count', () => {
    const d = diffRegions(
      [{ ...box('a', 'Car', 10), score: 0.2 }, box('b', 'Car', 30)],
      [{ ...box('a', 'Car', 10), score: 0.9 }, box('b', 'Car', 31)],
    );
    assert.deepEqual(d.pairs, [
      { status: 'same', fresh: 0, stored: 0, matchedBy: 'id' },
      { status: 'changed', fresh: 1, stored: 1, matchedBy: 'id' },
    ]);
    assert.deepEqual(d.counts, { same: 1, changed: 1, added: 0, removed: 0 });
  });

  it('without ids: identical content first, then the same control, type and labels', () => {
    const d = diffRegions(
      [box(undefined, 'Person', 50), box(undefined, 'Car', 10.0000000001)],
      [box(undefined, 'Car', 10), box(undefined, 'Person', 40)],
    );
    assert.deepEqual(d.pairs, [
      { status: 'changed', fresh: 0, stored: 1, matchedBy: 'labels' },
      { status: 'same', fresh: 1, stored: 0, matchedBy: 'content' },
    ]);
  });

  it('fresh ids that differ from stored ones (every run makes new ids) still pair by content', () => {
    const d = diffRegions([box('new1', 'Car', 10)], [box('old1', 'Car', 10)]);
    assert.deepEqual(d.pairs, [{ status: 'same', fresh: 0, stored: 0, matchedBy: 'content' }]);
  });

  it('reports added and removed regions', () => {
    const d = diffRegions([box('a', 'Car', 10), box('c', 'Truck', 70)], [box('a', 'Car', 10), box('b', 'Person', 20)]);
    assert.deepEqual(d.counts, { same: 1, changed: 0, added: 1, removed: 1 });
    assert.deepEqual(d.pairs.slice(1), [
      { status: 'added', fresh: 1 },
      { status: 'removed', stored: 1 },
    ]);
  });

  it('a box and its per-region TextArea share an id: each pairs with its own kind', () => {
    const text = (id: string, t: string) => ({ id, from_name: 'plate', to_name: 'image', type: 'textarea', value: { text: [t] } });
    const d = diffRegions([box('r', 'Car', 10), text('r', 'AB-1')], [text('r', 'AB-2'), box('r', 'Car', 10)]);
    assert.deepEqual(d.pairs, [
      { status: 'same', fresh: 0, stored: 1, matchedBy: 'id' },
      { status: 'changed', fresh: 1, stored: 0, matchedBy: 'id' },
    ]);
  });

  it('tolerates results that are not lists or hold junk', () => {
    assert.deepEqual(diffRegions('nope', null).pairs, []);
    assert.deepEqual(diffRegions([null, box('a', 'Car', 1)], []).counts, { same: 0, changed: 0, added: 2, removed: 0 });
  });
});

describe('compareWithStored', () => {
  const stored = (id: number, version: string, created: string, result: unknown[]): StoredPrediction => ({
    id,
    model_version: version,
    score: null,
    result,
    created_at: created,
    task: 1,
  });

  it('compares with the newest stored prediction of each version, newest version first', () => {
    const list = [
      stored(1, 'v1', '2025-01-01T00:00:00Z', [box('a', 'Car', 10)]),
      stored(2, 'v2', '2025-03-01T00:00:00Z', [box('a', 'Car', 12)]),
      stored(3, 'v1', '2025-02-01T00:00:00Z', [box('a', 'Car', 11)]),
    ];
    const out = compareWithStored([box('a', 'Car', 11)], list);
    assert.deepEqual(
      out.map((c) => [c.model_version, c.prediction.id, c.count, c.diff.counts.same, c.diff.counts.changed]),
      [
        ['v2', 2, 1, 0, 1],
        ['v1', 3, 2, 1, 0],
      ],
    );
  });
});
