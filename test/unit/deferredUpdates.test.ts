import * as assert from 'node:assert/strict';
import { DeferredUpdates } from '../../src/core/scheduling/deferredUpdates';

describe('DeferredUpdates', () => {
  it('applies the updates of one turn together, in order, in a single flush', async () => {
    const flushes: Array<() => void> = [];
    const updates = new DeferredUpdates((flush) => flushes.push(flush));
    const applied: number[] = [];
    const done = [1, 2, 3].map((i) => updates.apply(() => applied.push(i)));
    assert.equal(flushes.length, 1, 'one flush scheduled for three updates');
    assert.equal(applied.length, 0, 'nothing applied before the flush');
    flushes[0]();
    assert.deepEqual(applied, [1, 2, 3]);
    await Promise.all(done);
    void updates.apply(() => applied.push(4));
    assert.equal(flushes.length, 2, 'a later update schedules its own flush');
    flushes[1]();
    assert.deepEqual(applied, [1, 2, 3, 4]);
  });

  it('an update that throws does not keep the others from being applied; each call resolves', async () => {
    const updates = new DeferredUpdates();
    const applied: string[] = [];
    await Promise.all([
      updates.apply(() => applied.push('a')),
      updates.apply(() => {
        throw new Error('listener failed');
      }),
      updates.apply(() => applied.push('c')),
    ]);
    assert.deepEqual(applied, ['a', 'c']);
  });
});
