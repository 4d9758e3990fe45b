/**
 * The outside security review of 0.1.0: one test per medium or low finding (issue 9), each written
 * before its fix and seen failing.
 */
import * as assert from 'node:assert/strict';
import { LabelStudioClient, type RequestLogEntry } from '../../src/core/api/client';
import { readServerConfigs } from '../../src/core/servers/config';
import { diagnose, diagnosisReport } from '../../src/core/backends/diagnosis';
import { probeHealth } from '../../src/core/backends/healthProbe';
import { probeRoute } from '../../src/core/backends/probeRoute';
import { CancelledError, HttpStatusError, logText, TokenRejectedError } from '../../src/core/api/errors';
import { createUndiciTransport, type HttpTransport } from '../../src/core/net/http';
import type { MlBackend } from '../../src/core/api/models';
import { readBackendListReport } from '../../src/core/api/models';
import { displayTitle, projectTitle } from '../../src/core/view/presentation';
import { proxyFor } from '../../src/core/net/proxy';
import { ServerRefresher } from '../../src/core/servers/refresh';
import { errorFromResponse } from '../../src/core/api/responses';
import { ServerModel } from '../../src/core/servers/serverModel';
import { ServerRegistry, type RegistryChange } from '../../src/core/servers/serverRegistry';
import { isLoopback, normaliseServerUrl } from '../../src/core/net/serverUrl';
import { safeLog } from '../../src/core/text/safeLog';
import { cleanPastedToken, classifyToken, tokenInputProblem } from '../../src/core/api/token';
import { FakeLabelStudio, FakeMlServer, FakeProxy, seedManyProjects } from '../fake';
import { readFence, splitFences } from '../faults/markdownChecks';
import { invisibleProblems } from '../faults/linkChecks';

/** Every piece of `secret` at least `n` characters long that appears in `text`. */
function leakedPieces(text: string, secret: string, n = 8): string[] {
  const found: string[] = [];
  for (let i = 0; i + n <= secret.length; i++) if (text.includes(secret.slice(i, i + n))) found.push(secret.slice(i, i + n));
  return found;
}

function backend(over: Partial<MlBackend> = {}): MlBackend {
  return {
    id: 7,
    project: 3,
    state: 'ER',
    readable_state: 'Error',
    url: 'http://ml.example:9090',
    title: 'model',
    description: null,
    error_message: null,
    model_version: null,
    is_interactive: false,
    auth_method: 'NONE',
    basic_auth_user: null,
    basic_auth_pass_is_set: false,
    extra_params: null,
    timeout: null,
    auto_update: true,
    created_at: null,
    updated_at: null,
    ...over,
  };
}

describe('security review findings (issue 9)', function () {
  this.timeout(20_000);
  let fake: FakeLabelStudio;
  const transports: HttpTransport[] = [];
  const closers: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    fake = await FakeLabelStudio.start();
  });
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await Promise.all(closers.splice(0).map((c) => c.close()));
    await fake.close();
  });

  function client(token: string, log: RequestLogEntry[] = [], timeouts = {}): LabelStudioClient {
    const transport = createUndiciTransport({ connections: 8, maxBodyBytes: 1 << 20 });
    transports.push(transport);
    return new LabelStudioClient({ baseUrl: fake.url, token, transport, onRequest: (e) => log.push(e), timeouts });
  }

  it('a proxy is not used for loopback servers (localhost, *.localhost, 127.0.0.0/8, ::1) unless NO_PROXY says nothing else', () => {
    const settings = { proxy: 'http://corp-proxy:3128' };
    for (const url of [
      'http://localhost:8080',
      'http://ls.localhost:8080',
      'http://127.0.0.1:8080',
      'http://127.9.9.9',
      'http://[::1]:8080',
    ]) {
      assert.equal(proxyFor(url, settings, {}), undefined, url);
      assert.equal(proxyFor(url, {}, { HTTP_PROXY: 'http://corp-proxy:3128', HTTPS_PROXY: 'http://corp-proxy:3128' }), undefined, url);
    }
    assert.ok(proxyFor('http://127.evil.example', settings, {}), 'a name that only starts with 127 is not loopback');
    assert.ok(proxyFor('http://ls.example.com', settings, {}));
  });

  it('loopback means localhost, *.localhost, 127.0.0.0/8 and ::1 literals only', () => {
    for (const url of ['http://localhost', 'http://a.localhost:1', 'http://127.0.0.1', 'http://127.1.2.3:8080', 'http://[::1]:8080'])
      assert.equal(isLoopback(url), true, url);
    for (const url of [
      'http://127.evil.example',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'http://10.0.0.1',
      'http://[::2]',
    ])
      assert.equal(isLoopback(url), false, url);
  });

  it('a token echoed in a 200 answer that is not JSON is masked before the text is cut (log and error)', async () => {
    const token = fake.legacyTokens[0];
    fake.injectFault({
      path: '/api/current-user/whoami',
      fault: { kind: 'status', status: 200, body: `${'x'.repeat(100)}${token} trailing text` },
    });
    const log: RequestLogEntry[] = [];
    const error = await client(token, log)
      .whoami()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    assert.ok(error, 'the answer is refused');
    const shown = JSON.stringify([error.message, (error as { detail?: string }).detail, log]);
    assert.deepEqual(leakedPieces(shown, token), [], shown);
  });

  it('a pasted token is cleaned of quotes, whitespace and invisible characters; a JWT is never sent as "Token …"', async () => {
    const pat = fake.issuePersonalAccessToken();
    for (const pasted of [
      `"${pat}"`,
      `'${pat}'`,
      ` ${pat}\u200B`,
      `\uFEFF${pat}\n`,
      `“${pat}”`,
      `Bearer ${pat}`,
      `Token ${pat}`,
      `\`${pat}\``,
    ]) {
      assert.equal(cleanPastedToken(pasted), pat, JSON.stringify(pasted));
      assert.equal(tokenInputProblem(pasted), undefined, JSON.stringify(pasted));
      assert.equal(classifyToken(pasted).kind, 'personal-access', JSON.stringify(pasted));
    }
    assert.equal((await client(`"${pat}"\u200B`).whoami()).username.length > 0, true);
    assert.ok(
      fake.requests.every((r) => r.authKind !== 'token'),
      'never sent as a legacy token',
    );
    fake.resetRequests();
    const damaged = `${pat.slice(0, 30)}%${pat.slice(31)}`;
    await assert.rejects(
      client(damaged).whoami(),
      (e: unknown) => e instanceof TokenRejectedError && /personal access token/.test((e as Error).message),
    );
    assert.equal(fake.requests.length, 0, 'a damaged JWT is not sent at all');
  });

  it('server text cannot forge log lines: every line break and control character is flattened', () => {
    const forged = 'boom\n[info] Stored a personal access token for https://attacker.example\u0085[info] more\u001b[2K';
    assert.deepEqual(invisibleProblems(logText(new HttpStatusError(500, forged, {}, `trace\u2028${forged}`))), []);
    const lines: string[] = [];
    const sink = {
      trace: (m: string) => lines.push(m),
      debug: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string | Error) => lines.push(String(m)),
      show: () => undefined,
    };
    const log = safeLog(sink);
    log.info(`Predict all tasks: ${forged}`);
    log.warn(forged);
    log.error(new Error(forged));
    assert.equal(lines.length, 3);
    for (const line of lines) assert.deepEqual(invisibleProblems(line), [], JSON.stringify(line));
  });

  it('a field named __proto__ in a 400 answer is read like any other field', () => {
    for (const body of ['{"validation_errors": {"__proto__": ["the URL is bad"]}}', '{"__proto__": ["the URL is bad"]}']) {
      const error = errorFromResponse({ status: 400, headers: { 'content-type': 'application/json' }, body }, 'ls') as HttpStatusError;
      assert.match(error.message, /the URL is bad/);
      assert.deepEqual(Object.keys(error.fieldErrors), ['__proto__']);
      assert.equal(Object.getPrototypeOf(error.fieldErrors), null, 'a prototype-free map');
    }
  });

  it('cancelling one caller does not cancel the token exchange another caller waits on', async () => {
    const pat = fake.issuePersonalAccessToken();
    fake.injectFault({ path: '/api/token/refresh/', times: 1, fault: { kind: 'delay', ms: 400 } });
    const c = client(pat);
    const impatient = new AbortController();
    const first = c.whoami(impatient.signal);
    const second = c.whoami();
    setTimeout(() => impatient.abort(), 100);
    await assert.rejects(first, CancelledError);
    assert.ok((await second).username, 'the second caller got its answer');
    assert.equal(c.tokenExchangeCount, 1);
  });

  it('the Diagnose report: the error fence outlasts every backtick run, and no server text forms a live link', () => {
    const hostile = backend({
      title: '[t](command:workbench.action.terminal.new) https://evil.example',
      url: 'http://ml.example:9090/?x=[y](command:evil)',
      basic_auth_user: '![p](https://evil.example/u.png)',
      auth_method: 'BASIC_AUTH',
      error_message:
        'Traceback\n````\n```\n[x](command:workbench.action.terminal.new)\n![pixel](https://evil.example/p.png)\n<img src=x>\nwww.evil.example',
    });
    const probe = {
      url: 'http://ml.example:9090/health',
      ms: 3,
      healthy: false,
      failure: { reason: 'refused' as const, message: 'Could not connect to [z](command:x)' },
    };
    const report = diagnosisReport(hostile, 'http://localhost:8080', probe, diagnose(hostile, 'http://localhost:8080', probe));
    const { outside, blocks } = splitFences(report);
    assert.equal(blocks.length, 1, 'the error stays in one block');
    assert.equal(blocks[0], hostile.error_message);
    const lines = report.split('\n');
    const open = lines.findIndex((l) => /^`{3,}/.test(l));
    assert.ok((readFence(lines, open)?.content.length ?? 0) > 3);
    // Outside the block, server text only appears inside code spans, which no Markdown renders as a link.
    const withoutSpans = outside.replace(/(`+)(?!`)[^]*?[^`]\1(?!`)/g, '');
    assert.doesNotMatch(withoutSpans, /\]\(|:\/\/|command:|www\.|<img|!\[/, withoutSpans);
  });

  it('the Diagnose probe goes to origin + path + /health (no query, fragment or user info), under the same proxy rules', async () => {
    assert.equal(probeRoute('http://u:p@ml.example:9090/models/x/?next=/admin#frag', {}, {}).url, 'http://ml.example:9090/models/x/health');
    assert.equal(probeRoute('http://ml.example:9090?x=', {}, {}).url, 'http://ml.example:9090/health');
    assert.deepEqual(probeRoute('http://ml.example:9090', { proxy: 'http://corp:3128' }, {}).proxy?.url, 'http://corp:3128');
    assert.equal(probeRoute('http://localhost:9090', { proxy: 'http://corp:3128' }, {}).proxy, undefined);
    const ml = await FakeMlServer.start();
    closers.push(ml);
    const proxy = await FakeProxy.start({ hosts: { 'ml.behind-proxy.test': '127.0.0.1' } });
    closers.push(proxy);
    const hidden = ml.url.replace('127.0.0.1', 'ml.behind-proxy.test');
    const route = probeRoute(`${hidden}/?x=`, { proxy: proxy.url }, {});
    const transport = createUndiciTransport({ connections: 1, maxBodyBytes: 1 << 20, proxy: route.proxy && { url: route.proxy.url } });
    transports.push(transport);
    const probe = await probeHealth(`${hidden}/?x=`, transport);
    assert.equal(probe.url, route.url);
    assert.equal(probe.status, 200, JSON.stringify(probe));
    assert.deepEqual(proxy.connects, [new URL(hidden).host]);
    assert.equal(ml.requests.at(-1)?.path, '/health');
  });

  it('a malformed server URL is never quoted with its password', () => {
    const { problems } = readServerConfigs([{ url: 'http://alice:s3cret-pw@ls exa mple' }, 'https://bob:hunter2@[bad']);
    assert.equal(problems.length, 2);
    for (const p of problems) assert.doesNotMatch(p, /s3cret-pw|hunter2/, p);
    assert.throws(
      () => normaliseServerUrl('http://alice:s3cret-pw@ls exa mple'),
      (e: Error) => !e.message.includes('s3cret-pw'),
    );
  });

  it('bidi overrides and zero-width characters in titles show visibly in labels and pickers', () => {
    const label = displayTitle({ title: 'report\u202Efdp.exe\u200B', url: '', id: 1 });
    assert.deepEqual(invisibleProblems(label), []);
    assert.match(label, /U\+202E/);
    assert.deepEqual(invisibleProblems(projectTitle('a\u2066b\u2069', 1)), []);
  });

  it('a server that hangs every /api/ml call: the refresh stops after a few timeouts in a row and says it is not answering', async () => {
    const { projectIds } = seedManyProjects(fake, { projects: 30, backendsPerProject: 0, mlUrl: 'http://127.0.0.1:9' });
    fake.injectFault({ path: /^\/api\/ml\/\?/, fault: { kind: 'hang' } });
    const model = new ServerModel();
    const refresher = new ServerRefresher(client(fake.legacyTokens[0], [], { backendList: 150 }), model, { concurrency: 2 });
    await refresher.refresh();
    assert.equal(model.status.kind, 'failed');
    assert.match(model.status.kind === 'failed' ? model.status.error.message : '', /not answering/);
    const mlCalls = fake.requests.filter((r) => r.path.startsWith('/api/ml/')).length;
    assert.ok(mlCalls <= 5 && mlCalls < projectIds.length, `${mlCalls} /api/ml calls`);
    assert.ok(
      model.projects.every((p) => !p.loading),
      'no project keeps spinning',
    );
  });

  it('removing a server announces the change (two servers → one, one → none)', async () => {
    const registry = new ServerRegistry({
      tokenFor: async () => undefined,
      createTransport: () => createUndiciTransport({ connections: 1, maxBodyBytes: 1024 }),
      concurrency: () => 1,
    });
    const changes: RegistryChange[] = [];
    registry.onDidChange((c) => changes.push(c));
    await registry.sync([{ baseUrl: 'http://a.example' }, { baseUrl: 'http://b.example' }]);
    changes.length = 0;
    await registry.sync([{ baseUrl: 'http://a.example' }]);
    assert.deepEqual(changes, [{ kind: 'servers' }], 'two → one');
    changes.length = 0;
    await registry.sync([]);
    assert.deepEqual(changes, [{ kind: 'servers' }], 'one → none');
    assert.equal(registry.entries.length, 0);
  });

  it('a backend item without an id is reported as a problem of its project, saying what was wrong', async () => {
    const report = readBackendListReport(
      [{ title: 'no id here', url: 'http://x' }, 'junk', { id: 4, title: 'ok' }, { id: 4, title: 'again' }],
      'ls',
    );
    assert.deepEqual(
      report.backends.map((b) => b.id),
      [4],
    );
    assert.equal(report.problems.length, 3);
    assert.match(report.problems[0], /item 1 .*no id here.* has no "id"/);
    assert.match(report.problems[1], /item 2 is not an object/);
    assert.match(report.problems[2], /item 4 repeats id 4/);
    const project = fake.addProject({ title: 'with a broken item' });
    fake.injectFault({ path: `/api/ml/?project=${project.id}`, fault: { kind: 'status', status: 200, body: [{ title: 'nameless' }] } });
    const model = new ServerModel();
    await new ServerRefresher(client(fake.legacyTokens[0]), model, { concurrency: 2 }).refresh();
    const state = model.project(project.id);
    assert.deepEqual(state?.backends, []);
    assert.match(state?.malformed?.join(' ') ?? '', /nameless.*has no "id"/);
  });
});
