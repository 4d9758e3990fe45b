/**
 * The fault matrix (test/faults/cases.ts) through the real core refresh: ServerRefresher +
 * ServerModel + LabelStudioClient + the undici transport, against the fake Label Studio.
 */
import * as assert from 'node:assert/strict';
import { LabelStudioClient, type RequestLogEntry } from '../../src/core/api/client';
import { DEFAULT_MAX_BODY_BYTES, createUndiciTransport } from '../../src/core/net/http';
import { backendRow, failureLabel, projectSummary } from '../../src/core/view/presentation';
import { ServerRefresher } from '../../src/core/servers/refresh';
import { connectionsFor } from '../../src/core/scheduling/requestLane';
import { ServerModel } from '../../src/core/servers/serverModel';
import { hostOf } from '../../src/core/net/serverUrl';
import { FakeMlServer } from '../fake';
import { CONCURRENCY, FAULT_CASES, SHORT_TIMEOUT_MS, type FaultCase } from '../faults/cases';
import { SkipCase, createWorld, type World } from '../faults/world';

/** A request log entry as one line, the way the extension's log channel writes it. */
export function logLine(e: RequestLogEntry): string {
  return e.error ? `${e.method} ${e.path} failed after ${e.ms} ms: ${e.error}` : `${e.method} ${e.path} → ${e.status} in ${e.ms} ms`;
}

describe('fault matrix: the core refresh survives every case', function () {
  this.timeout(20_000);
  let ml: FakeMlServer;
  before(async () => (ml = await FakeMlServer.start()));
  after(async () => ml.close());

  it(`has at least 40 cases, each named once`, () => {
    assert.ok(FAULT_CASES.length >= 40, `${FAULT_CASES.length} cases`);
    assert.equal(new Set(FAULT_CASES.map((c) => c.name)).size, FAULT_CASES.length);
  });

  for (const c of FAULT_CASES) {
    it(c.name, async function () {
      const world = await createWorld(ml, c.seed, c.token);
      try {
        try {
          await c.setup?.(world);
        } catch (e) {
          if (e instanceof SkipCase) this.skip();
          throw e;
        }
        await runCase(c, world);
      } finally {
        await world.close();
      }
    });
  }
});

async function runCase(c: FaultCase, w: World): Promise<void> {
  const log: RequestLogEntry[] = [];
  const waits: number[] = [];
  // Wired as the extension wires it (ServerRegistry, extension.ts): /api/ml slots in the client, one more connection.
  const transport = createUndiciTransport({ connections: connectionsFor(CONCURRENCY), maxBodyBytes: DEFAULT_MAX_BODY_BYTES });
  const start = Date.now();
  const now =
    c.clientClock === 'frozen'
      ? () => start
      : c.clientClock
        ? () => Date.now() + (c.clientClock as { offsetMs: number }).offsetMs
        : undefined;
  const client = new LabelStudioClient({
    baseUrl: w.baseUrl,
    token: w.token,
    transport,
    onRequest: (e) => log.push(e),
    timeouts: c.shortTimeouts ? { default: SHORT_TIMEOUT_MS, backendList: SHORT_TIMEOUT_MS } : undefined,
    now,
    sleep: async (ms) => void waits.push(ms),
    backendListConcurrency: CONCURRENCY,
  });
  const model = new ServerModel();
  const refresher = new ServerRefresher(client, model, { concurrency: CONCURRENCY });
  try {
    const runs = Array.from({ length: c.triggers ?? 1 }, () => refresher.refresh());
    assert.equal(new Set(runs).size, 1, 'refreshes asked for at once join the first');
    await assert.doesNotReject(Promise.all(runs), 'a refresh never rejects');
  } finally {
    await transport.close();
  }
  const lines = log.map(logLine);
  const context = `\nmodel: ${summarise(model)}\nlog:\n  ${lines.join('\n  ')}`;
  const { expect } = c;

  const max = typeof expect.maxRequests === 'function' ? expect.maxRequests(w) : expect.maxRequests;
  assert.ok(w.requestCount() <= max, `at most ${max} requests, saw ${w.requestCount()}${context}`);
  for (const b of w.bystanders) assert.equal(b.requests(), 0, `${b.name} received nothing`);
  assert.ok(
    model.projects.every((p) => !p.loading),
    `no project keeps spinning${context}`,
  );

  if (expect.level === 'server') {
    assert.equal(model.status.kind, 'failed', `the server failed${context}`);
    const error = (model.status as { error: Error & { kind?: string } }).error;
    assert.equal(error.kind, expect.kind, `${error.message}${context}`);
    assert.match(error.message, expect.message);
    const host = hostOf(w.baseUrl);
    assert.ok(error.message.includes(host), `"${error.message}" names the server ${host}`);
    assert.notEqual(failureLabel(error), 'Error', 'the failure has a label a user understands');
    assert.ok(
      log.some((e) => e.error),
      `the log says why${context}`,
    );
  } else if (expect.level === 'project') {
    assert.equal(model.status.kind, 'ready', `the server itself is fine${context}`);
    const target = model.project(w.target);
    const error = target?.error as (Error & { kind?: string }) | undefined;
    assert.ok(error, `project ${w.target} has an error${context}`);
    assert.equal(error.kind, expect.kind, error.message);
    assert.match(error.message, expect.message);
    for (const p of model.projects.filter((p) => p.id !== w.target)) assert.ok(p.backends && !p.error, `project ${p.id} loaded${context}`);
    assert.ok(
      log.some((e) => e.error && e.path.includes(`project=${w.target}`)),
      `the log names the failed call${context}`,
    );
  } else {
    assert.equal(model.status.kind, 'ready', `everything loaded${context}`);
    assert.ok(model.projects.length > 0 && model.projects.every((p) => p.backends && !p.error), `every project loaded${context}`);
  }
  if (expect.log)
    assert.ok(
      lines.some((l) => expect.log!.test(l)),
      `a log line matches ${expect.log}${context}`,
    );
  expect.check?.(w);

  // Whatever happened, the presentation layer can show it and nothing shows a secret.
  const shown: string[] = [...lines];
  if (model.status.kind === 'failed') shown.push(model.status.error.message, String((model.status.error as { detail?: string }).detail));
  for (const p of model.projects) {
    const ids = (p.backends ?? []).map((b) => b.id);
    assert.equal(new Set(ids).size, ids.length, `project ${p.id} lists each backend once (tree ids must be unique)`);
    shown.push(p.title, projectSummary(p.backends), p.error?.message ?? '');
    for (const b of p.backends ?? []) {
      const row = backendRow(b, ['http://ls', b.id]);
      assert.ok(row.label.trim() && !/\n/.test(row.label), `a one-line label for backend ${b.id}`);
      assert.ok(row.description.trim(), `a description for backend ${b.id}`);
      assert.ok(row.tooltipMarkdown.length < 10_000, 'the hover stays small');
      shown.push(row.label, row.description, row.tooltipMarkdown, row.contextValue);
    }
  }
  const text = shown.join('\n');
  for (const secret of w.secrets()) assert.ok(!text.includes(secret), 'no token in messages, rows or the log');
}

function summarise(model: ServerModel): string {
  const status = model.status.kind === 'failed' ? `failed: ${model.status.error.message}` : model.status.kind;
  const projects = model.projects.map((p) => `${p.id}:${p.error ? `error(${p.error.message})` : `${p.backends?.length ?? '?'} backends`}`);
  return `${status}; ${projects.join(', ')}`;
}
