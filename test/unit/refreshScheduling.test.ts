// How a refresh keeps the server busy, counted (never timed): requests in flight at the transport
// seam and at the fake, the order in which the fake saw them, and how many there were.
import * as assert from 'node:assert/strict';
import { LabelStudioClient } from '../../src/core/api/client';
import { createUndiciTransport, type HttpTransport } from '../../src/core/net/http';
import { ServerRefresher } from '../../src/core/servers/refresh';
import { connectionsFor } from '../../src/core/scheduling/requestLane';
import { ServerModel } from '../../src/core/servers/serverModel';
import { FakeLabelStudio, FakeMlServer, seedManyProjects, type RecordedRequest } from '../fake';

const isMl = (path: string) => path.startsWith('/api/ml/?project=');
const isPage = (path: string) => path.startsWith('/api/projects/');

/** Most /api/ml calls the fake was handling at the same moment. */
function peakAtFake(requests: RecordedRequest[]): number {
  const calls = requests.filter((r) => isMl(r.path)).map((r) => [r.startedAt, r.startedAt + Math.max(0, r.durationMs)] as const);
  let peak = 0;
  for (const [start] of calls) peak = Math.max(peak, calls.filter(([s, e]) => s <= start && start < e).length);
  return peak;
}

describe('refresh scheduling (issue 14)', function () {
  this.timeout(60_000); // counts, not timings: a loaded machine may only make these slow

  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let undici: HttpTransport;

  before(async () => (ml = await FakeMlServer.start()));
  after(async () => ml.close());
  // 5 ms per request: calls in flight together overlap in the fake's millisecond clock.
  beforeEach(async () => (fake = await FakeLabelStudio.start({ latencyMs: 5 })));
  afterEach(async () => {
    await undici?.close();
    await fake.close();
  });

  /** The refresh as the registry builds it (C slots for /api/ml, C + 1 connections), with a transport that counts. */
  function setup(concurrency: number) {
    undici = createUndiciTransport({ connections: connectionsFor(concurrency), maxBodyBytes: 8 << 20 });
    const counts = { mlStarted: 0, mlOpen: 0 };
    const transport: HttpTransport = {
      send: (request) => {
        const ml = isMl(new URL(request.url).pathname + new URL(request.url).search);
        if (ml) {
          counts.mlStarted++;
          counts.mlOpen++;
        }
        return undici.send(request).finally(() => ml && counts.mlOpen--);
      },
      close: () => undici.close(),
    };
    const client = new LabelStudioClient({
      baseUrl: fake.url,
      token: fake.issuePersonalAccessToken(),
      transport,
      backendListConcurrency: concurrency,
    });
    const model = new ServerModel();
    return { counts, model, client, refresher: new ServerRefresher(client, model, { concurrency }) };
  }

  it('the next /api/ml call has left before an answer reaches the model; never more than C at once; exactly the minimum requests', async () => {
    const P = 60;
    const C = 4;
    seedManyProjects(fake, { projects: P, backendsPerProject: 0, mlUrl: ml.model('ok', {}) });
    const { counts, model, refresher } = setup(C);
    const openWhenApplied: number[] = [];
    model.onChange((c) => {
      // An answer applied while calls are still to be sent: the slot it freed is already taken again.
      if (c.kind === 'project' && model.project(c.projectId)?.backends && counts.mlStarted < P) openWhenApplied.push(counts.mlOpen);
    });
    await refresher.refresh();
    assert.equal(model.status.kind, 'ready');
    assert.ok(openWhenApplied.length >= P - 2 * C, `${openWhenApplied.length} answers applied while calls remained`);
    assert.deepEqual([...new Set(openWhenApplied)], [C], 'C calls in flight whenever an answer was applied');
    assert.equal(peakAtFake(fake.requests), C, 'the fake never handled more than C /api/ml calls at once');
    const paths = fake.requests.map((r) => r.path);
    assert.equal(paths.filter(isMl).length, P);
    assert.equal(paths.filter(isPage).length, 1);
    assert.equal(fake.tokenExchanges, 1);
    assert.equal(paths.length, 1 + P + 1, 'one page, one call per project, one token exchange');
  });

  it('a project page never waits behind /api/ml calls: every page is served while all C slots are held', async () => {
    fake.latencyMs = 0; // the held calls overlap anyway; the rest need not wait
    const P = 201; // 3 pages
    const C = 3;
    seedManyProjects(fake, { projects: P, backendsPerProject: 0, mlUrl: ml.model('ok', {}) });
    const pagesSeen = () => fake.requests.filter((r) => isPage(r.path)).length;
    // The fake holds every /api/ml answer until it has served all 3 pages (or 20 s went by).
    let openedBy: 'pages' | 'timeout' | undefined;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let heldSince: number | undefined;
    const poll = setInterval(() => {
      // Open once the pages are served and C calls are held (a third call may reach the fake after the last page).
      const held = fake.requests.filter((r) => /^\/api\/ml\/\?project=/.test(r.path)).length;
      if (pagesSeen() === 3 && held >= C && fake.requests.filter((r) => isPage(r.path)).every((r) => r.durationMs >= 0)) {
        // ...and not in the millisecond the last of them arrived: the fake records whole milliseconds, and
        // a call answered in the millisecond it arrived would not overlap the others in its record.
        heldSince ??= Date.now();
        if (Date.now() > heldSince) {
          openedBy ??= 'pages';
          open();
        }
      }
    }, 2);
    const timeout = setTimeout(() => {
      openedBy ??= 'timeout';
      open();
    }, 20_000);
    fake.injectFault({ path: /^\/api\/ml\/\?project=/, fault: { kind: 'before', run: () => gate } });
    const { model, refresher } = setup(C);
    try {
      await refresher.refresh();
    } finally {
      clearInterval(poll);
      clearTimeout(timeout);
    }
    assert.equal(openedBy, 'pages', 'all pages were served while the /api/ml answers were held');
    assert.equal(model.status.kind, 'ready');
    assert.equal(model.projects.length, P);
    assert.equal(peakAtFake(fake.requests), C);
    assert.equal(fake.requests.length, 3 + P + 1);
  });

  it('the first rows reach the model with the first page, before any /api/ml call', async () => {
    seedManyProjects(fake, { projects: 250, backendsPerProject: 0, mlUrl: ml.model('ok', {}) });
    const { model, refresher } = setup(8);
    let seenAtFirstRows: string[] | undefined;
    model.onChange((c) => {
      if (c.kind === 'server' && model.projects.length > 0) seenAtFirstRows ??= fake.requests.map((r) => r.path.replace(/\?.*/, ''));
    });
    await refresher.refresh();
    assert.deepEqual(seenAtFirstRows, ['/api/token/refresh/', '/api/projects/'], 'token exchange, page 1: two round trips');
  });
});
