/**
 * Property tests: random but plausible server answers, hostile strings included, through the
 * readers, the presentation layer and the client. Nothing throws (except the client's typed
 * errors), and what reaches the tree is always a valid row with a safe hover.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LabelStudioClient } from '../../src/core/api/client';
import { LabelStudioError, UnexpectedResponseError } from '../../src/core/api/errors';
import { matchesFilter } from '../../src/core/view/filter';
import { createUndiciTransport, type HttpTransport } from '../../src/core/net/http';
import { escapeMarkdownText, fencedCodeBlock, firstLines } from '../../src/core/text/markdown';
import { readBackendList, readProjectPage, type MlBackend } from '../../src/core/api/models';
import { backendRow, displayTitle, escapeIcons, MAX_LABEL_CHARS, projectSummary, projectTitle } from '../../src/core/view/presentation';
import { FakeLabelStudio } from '../fake';
import { backendListBody, hostileString, jsonish, projectPageBody } from '../faults/hostileData';
import { hoverProblems, readFence, unescaped } from '../faults/markdownChecks';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

/** fc.assert with a readable failure: counterexamples can hold megabytes of text. */
function check<T extends unknown[]>(property: fc.IProperty<T>, params: fc.Parameters<T> = RUNS): void {
  try {
    fc.assert(property, params);
  } catch (e) {
    throw shortened(e);
  }
}

async function checkAsync<T extends unknown[]>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<void> {
  try {
    await fc.assert(property, params);
  } catch (e) {
    throw shortened(e);
  }
}

function shortened(e: unknown): Error {
  const message = String((e as Error).message);
  return new Error(message.length > 4000 ? `${message.slice(0, 2000)}\n…\n${message.slice(-2000)}` : message);
}

/** The readers either give typed rows or a readable UnexpectedResponseError, never anything else. */
function readBackends(body: unknown): MlBackend[] | undefined {
  try {
    return readBackendList(body, 'ls.example:8080');
  } catch (e) {
    assert.ok(e instanceof UnexpectedResponseError && e.message.includes('ls.example:8080'), String(e));
    return undefined;
  }
}

function assertBackendShape(b: MlBackend): void {
  assert.ok(Number.isInteger(b.id));
  assert.ok(Number.isInteger(b.project));
  for (const key of ['state', 'url', 'auth_method'] as const) assert.equal(typeof b[key], 'string', key);
  for (const key of [
    'title',
    'description',
    'error_message',
    'model_version',
    'readable_state',
    'basic_auth_user',
    'created_at',
    'updated_at',
  ] as const) {
    assert.ok(b[key] === null || typeof b[key] === 'string', key);
  }
  assert.equal(typeof b.is_interactive, 'boolean');
}

describe('property: backend lists from any server', () => {
  it('read into typed rows with unique ids, or a readable error', () => {
    check(
      fc.property(backendListBody, (body) => {
        const list = readBackends(body);
        if (!list) return;
        list.forEach(assertBackendShape);
        assert.equal(new Set(list.map((b) => b.id)).size, list.length, 'no id twice');
      }),
    );
  });

  it('every row renders: a one-line label, a state, a context value menus can trust, a safe hover', () => {
    check(
      fc.property(backendListBody, (body) => {
        for (const b of readBackends(body) ?? []) {
          const row = backendRow(b, ['http://ls.example:8080', b.id]);
          assert.ok(
            row.label.trim().length > 0 && row.label.length <= MAX_LABEL_CHARS && !/[\r\n\u2028\u2029]/.test(row.label),
            `label ${JSON.stringify(row.label)}`,
          );
          assert.equal(row.label, displayTitle(b));
          assert.ok(row.description.trim().length > 0 && !/\n/.test(row.description), `description ${JSON.stringify(row.description)}`);
          assert.match(row.contextValue, /^mlBackend state:\w+( hasError)?( interactive)?$/);
          assert.ok(row.accessibilityLabel.includes(row.description));
          const error = b.error_message?.trim();
          const expected = error ? firstLines(error, 8, 1500).text.replace(/\r\n?/g, '\n') : undefined;
          assert.deepEqual(hoverProblems(row.tooltipMarkdown, expected), [], row.tooltipMarkdown.slice(0, 500));
          assert.ok(row.tooltipMarkdown.length < 20_000, 'the hover stays small');
        }
      }),
    );
  });

  it('project summaries and the filter take any rows', () => {
    check(
      fc.property(backendListBody, hostileString, fc.array(fc.string({ maxLength: 3 })), hostileString, (body, title, states, text) => {
        const list = readBackends(body) ?? [];
        const summary = projectSummary(list);
        assert.ok(list.length === 0 ? summary === 'no backends' : summary.startsWith(`${list.length} backend`));
        assert.ok(!/undefined|NaN/.test(summary), summary);
        for (const b of list) {
          assert.equal(typeof matchesFilter(b, title, { states, text }), 'boolean');
          assert.equal(matchesFilter(b, title, { states: [], text: '' }), true);
        }
      }),
    );
  });
});

describe('property: project pages from any server', () => {
  it('read into typed projects, or a readable error; every project gets a label', () => {
    check(
      fc.property(projectPageBody, (body) => {
        let page;
        try {
          page = readProjectPage(body, 'ls.example:8080');
        } catch (e) {
          assert.ok(e instanceof UnexpectedResponseError && e.message.includes('ls.example:8080'), String(e));
          return;
        }
        assert.ok(page.count === null || Number.isInteger(page.count));
        assert.equal(typeof page.hasNext, 'boolean');
        for (const p of page.results) {
          assert.ok(Number.isInteger(p.id) && typeof p.title === 'string');
          const label = projectTitle(p.title, p.id);
          assert.ok(label.trim() && label.length <= MAX_LABEL_CHARS && !/[\r\n]/.test(label));
        }
      }),
    );
  });
});

describe('property: Markdown from untrusted text', () => {
  it('escaped text has no active character left, reads back as the text on one line', () => {
    check(
      fc.property(hostileString, (text) => {
        const escaped = escapeMarkdownText(text);
        assert.doesNotMatch(unescaped(escaped), /[\\`*_{}[\]()#+\-.!|<>~"'&:$%=?@^,;/]/);
        assert.doesNotMatch(escaped, /[\r\n\u2028\u2029]/);
        assert.equal(escaped.replace(/\\([\s\S])/g, '$1'), text.replace(/\s+/g, ' '));
      }),
    );
  });

  it('a fenced block holds exactly its text: no line inside can close it', () => {
    check(
      fc.property(hostileString, (text) => {
        const lines = fencedCodeBlock(text).split('\n');
        const fence = readFence(lines, 0);
        assert.ok(fence);
        assert.equal(fence.end, lines.length - 1, 'closed by the last line, not before');
        assert.equal(fence.content.join('\n'), text.replace(/\r\n?/g, '\n'));
      }),
    );
  });

  it('quick-pick labels show no icon from a server string', () => {
    check(
      fc.property(hostileString, (text) => {
        // VS Code reads `$(` as an icon unless a backslash stands right before it.
        assert.doesNotMatch(escapeIcons(text), /(?<!\\)\$\(/);
      }),
    );
  });
});

describe('property: the client reads whatever the server sends', function () {
  this.timeout(60_000);
  let fake: FakeLabelStudio;
  let transport: HttpTransport;
  let client: LabelStudioClient;
  before(async () => {
    fake = await FakeLabelStudio.start();
    fake.addProject({ title: 'p' });
    transport = createUndiciTransport({ connections: 4, maxBodyBytes: 8 << 20 });
    client = new LabelStudioClient({ baseUrl: fake.url, token: fake.legacyTokens[0], transport, sleep: async () => undefined });
  });
  after(async () => {
    await transport.close();
    await fake.close();
  });

  const status = fc.constantFrom(200, 200, 200, 400, 404, 429, 500, 502);
  const body = (shape: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 4, arbitrary: shape }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: jsonish });

  async function served<T>(path: RegExp, code: number, payload: unknown, call: () => Promise<T>): Promise<T | undefined> {
    fake.clearFaults();
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload ?? null);
    fake.injectFault({ path, fault: { kind: 'status', status: code, body: text, headers: { 'Content-Type': 'application/json' } } });
    try {
      return await call();
    } catch (e) {
      assert.ok(e instanceof LabelStudioError, `a typed error, not ${String(e)}`);
      assert.ok(e.message.trim().length > 0);
      return undefined;
    }
  }

  it('project lists: typed projects, or a typed error', async () => {
    await checkAsync(
      fc.asyncProperty(status, body(projectPageBody), async (code, payload) => {
        const projects = await served(/^\/api\/projects\//, code, payload, () => client.listProjects());
        for (const p of projects ?? []) assert.ok(Number.isInteger(p.id) && typeof p.title === 'string');
      }),
      { numRuns: 60 },
    );
  });

  it('backend lists: typed rows, or a typed error', async () => {
    await checkAsync(
      fc.asyncProperty(status, body(backendListBody), async (code, payload) => {
        const list = await served(/^\/api\/ml\//, code, payload, () => client.listBackends(1));
        (list ?? []).forEach(assertBackendShape);
      }),
      { numRuns: 60 },
    );
  });
});
