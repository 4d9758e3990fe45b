import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/core/api/errors';
import { connectionsFor, RequestLane, type LaneSlot } from '../../src/core/scheduling/requestLane';

/** An exchange the test answers by hand. */
function manual() {
  const open: Array<{ id: number; answer(value?: string): void; fail(e: Error): void }> = [];
  const started: number[] = [];
  const exchange = (id: number) => () => {
    started.push(id);
    return new Promise<string>((resolve, reject) => open.push({ id, answer: (v) => resolve(v ?? `answer ${id}`), fail: reject }));
  };
  return { open, started, exchange };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('RequestLane', () => {
  it('starts at most `limit` exchanges, the others in order as slots free', async () => {
    const lane = new RequestLane(2);
    const m = manual();
    const results = [1, 2, 3, 4, 5].map((id) => lane.run(m.exchange(id)));
    assert.deepEqual(m.started, [1, 2]);
    assert.equal(lane.inFlight, 2);
    assert.equal(lane.queued, 3);
    m.open.find((x) => x.id === 2)?.answer();
    await flush();
    assert.deepEqual(m.started, [1, 2, 3]);
    assert.equal(lane.inFlight, 2);
    for (let i = 0; i < 10 && m.open.length < 5; i++) {
      for (const x of m.open) x.answer();
      await flush();
    }
    for (const x of m.open) x.answer();
    assert.deepEqual(
      await Promise.all(results),
      [1, 2, 3, 4, 5].map((id) => `answer ${id}`),
    );
    assert.equal(lane.inFlight, 0);
    assert.equal(lane.queued, 0);
  });

  it('the next exchange leaves before the caller of the one that ended sees its answer', async () => {
    const lane = new RequestLane(1);
    const m = manual();
    let startedWhenAnswered = -1;
    const first = lane.run(m.exchange(1)).then(() => (startedWhenAnswered = m.started.length));
    void lane.run(m.exchange(2));
    m.open[0].answer();
    await first;
    assert.equal(startedWhenAnswered, 2, 'exchange 2 had started when the caller of exchange 1 resumed');
    m.open[1].answer();
  });

  it('a failed exchange frees its slot; a waiting one whose signal aborted never starts', async () => {
    const lane = new RequestLane(1);
    const m = manual();
    const abort = new AbortController();
    const a = lane.run(m.exchange(1));
    const b = lane.run(m.exchange(2), { signals: [abort.signal] });
    const c = lane.run(m.exchange(3));
    abort.abort();
    m.open[0].fail(new Error('boom'));
    await assert.rejects(a, /boom/);
    await assert.rejects(b, CancelledError);
    assert.deepEqual(m.started, [1, 3], 'exchange 2 was skipped, exchange 3 took the slot');
    m.open[1].answer();
    assert.equal(await c, 'answer 3');
    assert.equal(lane.inFlight, 0);
  });

  it('an exchange that throws synchronously frees its slot too', async () => {
    const lane = new RequestLane(1);
    await assert.rejects(
      lane.run(() => {
        throw new Error('sync');
      }),
      /sync/,
    );
    assert.equal(await lane.run(async () => 'next'), 'next');
    assert.equal(lane.inFlight, 0);
  });

  it('a kept answer keeps its slot for the retry; the slot passes on only when released', async () => {
    const lane = new RequestLane(1);
    const m = manual();
    const slot: LaneSlot = {};
    const keep = (answer: string) => answer === '429';
    const first = lane.run(m.exchange(1), { slot, keep });
    void lane.run(m.exchange(2));
    m.open[0].answer('429');
    assert.equal(await first, '429');
    assert.deepEqual(m.started, [1], 'exchange 2 still waits: the slot was kept');
    const retry = lane.run(m.exchange(11), { slot, keep });
    assert.deepEqual(m.started, [1, 11], 'the retry ran at once in the kept slot');
    m.open[1].answer('429');
    await retry;
    assert.equal(lane.inFlight, 1);
    slot.release?.();
    assert.deepEqual(m.started, [1, 11, 2], 'released: exchange 2 got the slot');
    m.open[2].answer();
  });

  it('gives the project pages a connection beside the /api/ml slots', () => {
    assert.equal(connectionsFor(8), 9);
  });
});
