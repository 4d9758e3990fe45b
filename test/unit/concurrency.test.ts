import * as assert from 'node:assert/strict';
import { forEachWithLimit, LimitedQueue } from '../../src/core/net/concurrency';

/** Lets the event loop turn `turns` times (work in flight moves on) without waiting on the clock. */
const tick = async (turns: number) => {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
};

describe('LimitedQueue', () => {
  it('never runs more than the limit at once and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachWithLimit([...Array(20).keys()], 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await tick(2);
      done.push(i);
      running--;
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      [...done].sort((a, b) => a - b),
      [...Array(20).keys()],
    );
  });

  it('accepts items while running and drains only after close', async () => {
    const seen: number[] = [];
    const queue = new LimitedQueue<number>(2, async (i) => {
      await tick(1);
      seen.push(i);
    });
    queue.push([1, 2]);
    await tick(5);
    queue.push([3]);
    let drained = false;
    void queue.drained.then(() => (drained = true));
    await tick(5);
    assert.equal(drained, false, 'not drained before close');
    queue.close();
    await queue.drained;
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('stop drops what has not started; a failing task does not stop the others', async () => {
    const seen: number[] = [];
    const queue = new LimitedQueue<number>(1, async (i) => {
      if (i === 1) throw new Error('boom');
      await tick(1);
      seen.push(i);
      if (i === 2) queue.stop();
    });
    queue.push([1, 2, 3, 4]);
    await queue.drained;
    assert.deepEqual(seen, [2]);
  });
});
