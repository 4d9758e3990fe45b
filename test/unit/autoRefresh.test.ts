import * as assert from 'node:assert/strict';
import { AutoRefresh, MAX_BACKOFF_MS, type RefreshOutcome } from '../../src/core/servers/autoRefresh';
import { FakeTimers } from './fakeTimers';

describe('AutoRefresh (background refresh policy)', () => {
  const MIN = 60_000;
  let timers: FakeTimers;
  let runs: number;
  let outcomes: RefreshOutcome[];
  const make = (interval = MIN) => {
    runs = 0;
    return new AutoRefresh(
      async () => {
        runs++;
        return outcomes.shift() ?? 'ok';
      },
      interval,
      timers,
    );
  };
  beforeEach(() => {
    timers = new FakeTimers();
    outcomes = [];
  });

  it('refreshes every interval while the view is visible', async () => {
    const auto = make();
    auto.setVisible(true);
    auto.refreshed('ok');
    await timers.advance(MIN - 1);
    assert.equal(runs, 0);
    await timers.advance(1);
    assert.equal(runs, 1);
    await timers.advance(3 * MIN);
    assert.equal(runs, 4);
  });

  it('makes no request while the view is hidden, and catches up when it is shown again', async () => {
    const auto = make();
    auto.refreshed('ok');
    await timers.advance(10 * MIN);
    assert.equal(runs, 0, 'never visible: nothing runs');
    auto.setVisible(true);
    await timers.advance(0);
    assert.equal(runs, 1, 'the overdue refresh runs as soon as the view shows');
    auto.setVisible(false);
    await timers.advance(10 * MIN);
    assert.equal(runs, 1);
    assert.equal(timers.pending, 0, 'no timer is left while hidden');
  });

  it('shown before it is due: waits for the rest of the interval', async () => {
    const auto = make();
    auto.setVisible(true);
    auto.refreshed('ok');
    await timers.advance(MIN / 2);
    auto.setVisible(false);
    auto.setVisible(true);
    await timers.advance(MIN / 2 - 1);
    assert.equal(runs, 0);
    await timers.advance(1);
    assert.equal(runs, 1);
  });

  it('backs off exponentially while the server fails, and recovers', async () => {
    const auto = make();
    auto.setVisible(true);
    outcomes = ['failed', 'failed', 'failed', 'ok'];
    auto.refreshed('failed');
    assert.equal(auto.delay(), 2 * MIN);
    await timers.advance(2 * MIN);
    assert.equal(runs, 1);
    assert.equal(auto.delay(), 4 * MIN);
    await timers.advance(4 * MIN);
    assert.equal(runs, 2);
    await timers.advance(8 * MIN);
    assert.equal(runs, 3);
    await timers.advance(16 * MIN);
    assert.equal(runs, 4);
    assert.equal(auto.delay(), MIN, 'back to the interval after a success');
  });

  it('the backoff is capped', () => {
    const auto = make();
    for (let i = 0; i < 20; i++) auto.refreshed('failed');
    assert.equal(auto.delay(), MAX_BACKOFF_MS);
  });

  it('stops on a rejected token until the user acts', async () => {
    const auto = make();
    auto.setVisible(true);
    auto.refreshed('auth-failed');
    await timers.advance(100 * MIN);
    assert.equal(runs, 0);
    assert.equal(auto.isStopped, true);
    auto.refreshed('ok'); // a manual refresh succeeded (e.g. the server re-enabled the token)
    await timers.advance(MIN);
    assert.equal(runs, 1);
  });

  it('interval 0 is off; the interval is never shorter than 30 s', async () => {
    const off = make(0);
    off.setVisible(true);
    off.refreshed('ok');
    await timers.advance(100 * MIN);
    assert.equal(runs, 0);
    const fast = make(1000);
    fast.setInterval(1000);
    assert.equal(fast.delay(), 30_000);
  });

  it('a disposed policy never runs again', async () => {
    const auto = make();
    auto.setVisible(true);
    auto.refreshed('ok');
    auto.dispose();
    await timers.advance(10 * MIN);
    assert.equal(runs, 0);
  });
});
