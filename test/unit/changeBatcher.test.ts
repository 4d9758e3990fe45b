import * as assert from 'node:assert/strict';
import { ChangeBatcher, type Batch, type BatchTimers } from '../../src/core/scheduling/changeBatcher';

/** A clock the test moves by hand; timers fire in order of their due time. */
function fakeClock(): BatchTimers & { advance(ms: number): void } {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
}

function setup() {
  const clock = fakeClock();
  const fired: Array<Batch<number> & { at: number }> = [];
  const batcher = new ChangeBatcher<number>((b) => fired.push({ ...b, at: clock.now() }), clock, 16, 100);
  return { clock, fired, batcher };
}

describe('ChangeBatcher', () => {
  it('after a quiet moment, rows go out after 16 ms, together', () => {
    const { clock, fired, batcher } = setup();
    batcher.add(1);
    clock.advance(5);
    batcher.add(2);
    batcher.add(1);
    clock.advance(20);
    assert.deepEqual(fired, [{ all: false, items: [1, 2], at: 16 }]);
  });

  it('while rows keep changing (a refresh), they go out at most every 100 ms', () => {
    const { clock, fired, batcher } = setup();
    // One row answer every 5 ms for a second: 200 changes.
    for (let t = 0; t < 1000; t += 5) {
      batcher.add(t);
      clock.advance(5);
    }
    clock.advance(200);
    assert.equal(
      fired.reduce((n, b) => n + b.items.length, 0),
      200,
      'every change is drawn',
    );
    assert.ok(fired.length <= 11, `${fired.length} redraws for 200 changes in 1 s`);
    for (let i = 1; i < fired.length; i++) assert.ok(fired[i].at - fired[i - 1].at >= 100, 'at most one redraw per 100 ms');
  });

  it('new rows (the whole list) are never held back by the 100 ms pace; they cover the rows gathered', () => {
    const { clock, fired, batcher } = setup();
    batcher.add(1);
    clock.advance(16); // fired: rows [1]
    batcher.add(2); // due at 116
    clock.advance(10);
    batcher.all(); // a page of projects arrived: due at 26 + 16
    clock.advance(16);
    assert.deepEqual(
      fired.map((b) => [b.all, b.items, b.at]),
      [
        [false, [1], 16],
        [true, [], 42],
      ],
    );
    clock.advance(200);
    assert.equal(fired.length, 2, 'row 2 was covered by the whole-list redraw');
  });

  it('a row whose children changed goes out within 16 ms too', () => {
    const { clock, fired, batcher } = setup();
    batcher.add(1);
    clock.advance(16);
    batcher.add(7, true);
    clock.advance(16);
    assert.deepEqual(
      fired.map((b) => b.at),
      [16, 32],
    );
  });

  it("a whole-list change without new rows (a row shown or hidden) keeps the rows' pace", () => {
    const { clock, fired, batcher } = setup();
    batcher.add(1);
    clock.advance(16);
    batcher.all(false);
    clock.advance(50);
    assert.equal(fired.length, 1, 'not yet: the last redraw was 50 ms ago');
    clock.advance(100);
    assert.deepEqual(
      fired.map((b) => [b.all, b.at]),
      [
        [false, 16],
        [true, 116],
      ],
    );
  });

  it('dispose cancels what is pending', () => {
    const { clock, fired, batcher } = setup();
    batcher.add(1);
    batcher.dispose();
    clock.advance(1000);
    assert.equal(fired.length, 0);
  });
});
