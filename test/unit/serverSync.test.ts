import * as assert from 'node:assert/strict';
import { createUndiciTransport } from '../../src/core/net/http';
import type { ServerConfig } from '../../src/core/servers/config';
import { RefreshScheduler } from '../../src/core/servers/refreshScheduler';
import { ServerRegistry } from '../../src/core/servers/serverRegistry';
import { ServerSync } from '../../src/core/servers/serverSync';
import type { ServerContextKeys } from '../../src/core/view/contextKeys';
import { NO_FILTER, type BackendFilter } from '../../src/core/view/filter';
import { FakeLabelStudio, FakeMlServer, seedManyProjects } from '../fake';
import { FakeTimers } from './fakeTimers';

const INTERVAL_MS = 300_000;

describe('ServerSync and RefreshScheduler (server list, refreshes, background policy) against the fake', () => {
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;

  before(async () => (ml = await FakeMlServer.start()));
  after(async () => ml.close());
  beforeEach(async () => {
    fake = await FakeLabelStudio.start();
    seedManyProjects(fake, { projects: 3, backendsPerProject: 1, mlUrl: ml.model('ok', {}) });
  });
  afterEach(async () => {
    await world?.dispose();
    await fake.close();
  });

  interface World {
    registry: ServerRegistry;
    scheduler: RefreshScheduler;
    sync: ServerSync;
    timers: FakeTimers;
    messages: Array<string | undefined>;
    contexts: ServerContextKeys[];
    warnings: string[];
    logged: string[];
    progress: Array<Promise<unknown>>;
    /** Waits for every refresh started so far (including the ones reload starts in the background). */
    settle(): Promise<void>;
    dispose(): Promise<void>;
  }
  let world: World | undefined;

  function setup(options: {
    configs: () => { servers: ServerConfig[]; problems: string[] };
    tokens: Map<string, string>;
    visible?: () => boolean;
    filter?: () => BackendFilter;
  }): World {
    const timers = new FakeTimers();
    const registry = new ServerRegistry({
      tokenFor: async (baseUrl) => options.tokens.get(baseUrl),
      createTransport: () => createUndiciTransport({ connections: 4, maxBodyBytes: 8 << 20 }),
      concurrency: () => 4,
    });
    const w: Omit<World, 'scheduler' | 'sync'> = {
      registry,
      timers,
      messages: [],
      contexts: [],
      warnings: [],
      logged: [],
      progress: [],
      settle: async () => {
        for (let seen = -1; seen !== w.progress.length;) {
          seen = w.progress.length;
          await Promise.allSettled(w.progress);
        }
      },
      dispose: async () => {
        sync.dispose();
        scheduler.dispose();
        await registry.disposeAll();
      },
    };
    const visible = options.visible ?? (() => true);
    const scheduler = new RefreshScheduler(registry, {
      withProgress: (work) => {
        const run = work();
        w.progress.push(run);
        return run;
      },
      intervalMs: () => INTERVAL_MS,
      visible,
      timers,
    });
    const sync = new ServerSync(registry, scheduler, {
      configs: options.configs,
      filter: options.filter ?? (() => NO_FILTER),
      env: {},
      visible,
      showMessage: (m) => w.messages.push(m),
      setContext: async (keys) => void w.contexts.push(keys),
      warn: (text) => w.warnings.push(text),
      logWarning: (text) => w.logged.push(text),
    });
    world = { ...w, scheduler, sync };
    return world;
  }

  const projectCalls = () => fake.requests.filter((r) => r.path.startsWith('/api/projects')).length;

  it('a reload builds the servers of the settings and loads them while the view is visible', async () => {
    const w = setup({
      configs: () => ({ servers: [{ baseUrl: fake.url }], problems: [] }),
      tokens: new Map([[fake.url, fake.legacyTokens[0]]]),
    });
    await w.sync.reload();
    await w.settle();
    const entry = w.registry.entry(fake.url)!;
    assert.equal(entry.model.status.kind, 'ready');
    assert.equal(entry.model.projects.length, 3);
    assert.deepEqual(w.contexts.at(-1), {
      'labelStudio.serverCount': 1,
      'labelStudio.needsToken': false,
      'labelStudio.environmentServer': false,
    });
    assert.equal(w.scheduler.policy(fake.url)?.nextDueAt, w.timers.now() + INTERVAL_MS, 'the next background refresh is planned');
    const calls = projectCalls();
    await w.sync.reload();
    await w.settle();
    assert.equal(projectCalls(), calls, 'nothing changed: nothing is reloaded');
    assert.deepEqual(w.warnings, [], 'a loopback server over http is not a risk');
  });

  it('a hidden view loads nothing; a server without a token gets no policy and asks for one', async () => {
    const w = setup({ configs: () => ({ servers: [{ baseUrl: fake.url }], problems: [] }), tokens: new Map(), visible: () => false });
    await w.sync.reload();
    await w.settle();
    assert.equal(fake.requests.length, 0);
    assert.equal(w.scheduler.policy(fake.url), undefined);
    assert.equal(w.contexts.at(-1)?.['labelStudio.needsToken'], true);
    await w.scheduler.refreshAll();
    assert.equal(fake.requests.length, 0, 'no token, no request');
  });

  it('background refreshes run only while visible, back off while the server fails and stop on a rejected token', async () => {
    let visible = false;
    const w = setup({
      configs: () => ({ servers: [{ baseUrl: fake.url }], problems: [] }),
      tokens: new Map([[fake.url, fake.legacyTokens[0]]]),
      visible: () => visible,
    });
    await w.sync.reload();
    await w.scheduler.refreshAll();
    const policy = w.scheduler.policy(fake.url)!;
    await w.timers.advance(INTERVAL_MS * 3);
    await w.settle();
    assert.equal(projectCalls(), 1, 'hidden: no background refresh');
    visible = true;
    w.scheduler.setVisible(true);
    const fault = fake.injectFault({ path: /^\/api\/projects/, fault: { kind: 'status', status: 503 } });
    await w.timers.advance(INTERVAL_MS);
    await w.settle();
    assert.equal(projectCalls(), 2, 'visible: the due refresh runs');
    assert.equal(policy.delay(), 2 * INTERVAL_MS, 'a failure doubles the wait');
    assert.match(w.messages.at(-1) ?? '', /showing data from \d\d:\d\d; the last refresh failed \(Label Studio error 503\)/);
    fault.remove();
    fake.injectFault({ path: /^\/api\/projects/, fault: { kind: 'status', status: 401 } });
    await w.timers.advance(2 * INTERVAL_MS);
    await w.settle();
    assert.equal(policy.isStopped, true, 'a rejected token stops background refreshes');
    await w.timers.advance(10 * INTERVAL_MS);
    await w.settle();
    assert.equal(projectCalls(), 3);
  });

  it('warns once about plain HTTP to another machine, and never about a server without a token', async () => {
    const remote = 'http://ls.example.com:8080';
    const tokens = new Map<string, string>();
    const w = setup({ configs: () => ({ servers: [{ baseUrl: remote }], problems: [] }), tokens, visible: () => false });
    await w.sync.reload();
    assert.deepEqual(w.warnings, [], 'no token: nothing to leak');
    tokens.set(remote, 'a'.repeat(40));
    await w.sync.reload();
    assert.equal(w.warnings.length, 1);
    assert.match(w.warnings[0], /^ls\.example\.com:8080 uses plain HTTP/);
    tokens.set(remote, 'b'.repeat(40));
    await w.sync.reload();
    assert.equal(w.warnings.length, 1, 'a new token rebuilds the server but does not warn again');
  });

  it('the message shows the settings problem and the filter, and changes only when its text does', async () => {
    let filter: BackendFilter = NO_FILTER;
    const w = setup({
      configs: () => ({ servers: [], problems: ['labelStudio.servers[0] has no "url".', 'labelStudio.servers[1] has no "url".'] }),
      tokens: new Map(),
      filter: () => filter,
    });
    await w.sync.reload();
    assert.deepEqual(w.logged, ['labelStudio.servers[0] has no "url".', 'labelStudio.servers[1] has no "url".']);
    assert.deepEqual(w.messages, ['Settings problem: labelStudio.servers[0] has no "url".']);
    w.sync.updateMessage();
    assert.equal(w.messages.length, 1, 'the same text is not sent again');
    filter = { states: ['ER'], text: '' };
    w.sync.updateMessage();
    assert.match(w.messages.at(-1) ?? '', / — Filtered: Error \(Clear Filter is in the title bar\)$/);
  });

  it('a project refresh runs under the progress indicator; a refresh of unknown servers does nothing', async () => {
    const w = setup({
      configs: () => ({ servers: [{ baseUrl: fake.url }], problems: [] }),
      tokens: new Map([[fake.url, fake.legacyTokens[0]]]),
    });
    await w.sync.reload();
    await w.settle();
    const before = w.progress.length;
    const projectId = w.registry.entry(fake.url)!.model.projects[0].id;
    await w.scheduler.refreshProject(fake.url, projectId);
    assert.equal(w.progress.length, before + 1);
    assert.ok(fake.requests.at(-1)?.path.startsWith(`/api/ml`));
    await w.scheduler.refresh(['http://nowhere.example']);
    await w.scheduler.refreshProject('http://nowhere.example', 1);
    assert.equal(w.progress.length, before + 1);
  });
});
