import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KNOWN_STATE_CODES, lookOfState } from '../../src/core/backends/backendState';
import { readBackendList, type MlBackend } from '../../src/core/api/models';
import { backendRow, displayTitle, failureLabel, formatTimestamp, problemCount, projectSummary } from '../../src/core/view/presentation';
import { NetworkError, TokenRejectedError, HttpStatusError, UnexpectedResponseError } from '../../src/core/api/errors';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/label-studio');
const rows: MlBackend[] = readBackendList(JSON.parse(fs.readFileSync(path.join(fixtures, 'ml-backends-list.json'), 'utf8')));
const byState = (code: string) => rows.find((b) => b.state === code) as MlBackend;

// Label Studio's own state enum (OpenAPI `StateEnum`, copied verbatim with its origin in
// test/fixtures/openapi/ORIGIN.md): codes, and the word for each in its description (`CO` - Connected).
// The extension's contract names the same words as the backend row's description.
const stateEnum = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/openapi/StateEnum.json'), 'utf8')) as {
  enum: string[];
  description: string;
};
const stateWords = new Map([...stateEnum.description.matchAll(/`(\w+)` - (\w+)/g)].map((m) => [m[1], m[2]]));

describe('state table', () => {
  it('knows exactly the state codes of Label Studio', () => {
    assert.deepEqual([...KNOWN_STATE_CODES].sort(), [...stateEnum.enum].sort());
    assert.equal(stateWords.size, stateEnum.enum.length, 'every code has its word in the schema');
  });

  for (const code of stateEnum.enum) {
    it(`${code} reads as Label Studio's word for it, with a codicon coloured by state`, () => {
      const look = lookOfState(code);
      assert.equal(look.label, stateWords.get(code));
      assert.match(look.icon, /^[a-z-]+(~spin)?$/);
      assert.ok(look.color, 'a theme colour');
    });
  }

  it('no two states look alike (icon or colour)', () => {
    const looks = stateEnum.enum.map((code) => lookOfState(code));
    assert.equal(new Set(looks.map((l) => l.icon)).size, looks.length);
    assert.equal(new Set(looks.map((l) => l.color)).size, looks.length);
  });

  it('an unknown code gets a neutral icon and shows the raw code', () => {
    const look = lookOfState('XY');
    assert.equal(look.icon, 'circle-outline');
    assert.equal(look.color, undefined);
    assert.equal(look.label, 'Unknown state (XY)');
    assert.equal(lookOfState('').label, 'Unknown state (none)');
  });

  it('only Error and Disconnected count as problems', () => {
    assert.deepEqual(
      ['CO', 'DI', 'ER', 'TR', 'PR', '??'].filter((c) => lookOfState(c).problem),
      ['DI', 'ER'],
    );
  });
});

describe('backend rows', () => {
  it('label is the title, description the state in words, contextValue carries the state', () => {
    const row = backendRow(byState('CO'));
    assert.equal(row.label, 'yolo-detector');
    assert.equal(row.description, 'Connected');
    assert.equal(row.contextValue, 'mlBackend state:CO');
    assert.equal(row.accessibilityLabel, 'yolo-detector, ML backend, Connected');
  });

  it('an empty title shows the URL', () => {
    assert.equal(displayTitle({ id: 9, title: '  ', url: 'http://ml:9090' }), 'http://ml:9090');
    assert.equal(displayTitle({ id: 9, title: null, url: '' }), 'Backend 9');
  });

  it('the Error hover has the state, URL, version, auth, update time and the error in a fenced block, cut with a link', () => {
    const er = byState('ER');
    const row = backendRow(er, ['http://ls', er.id]);
    const md = row.tooltipMarkdown;
    assert.match(md, /— Error/);
    assert.match(md, /URL: https\\:\\\/\\\/ml\\\.example\\\.com/);
    assert.match(md, /Updated: 2026\\-/);
    assert.match(md, /Authentication: /);
    assert.match(md, /```text\nTraceback \(most recent call last\):/);
    assert.match(row.contextValue, /\bhasError\b/);
    const link = md.match(/\]\(command:labelStudio\.showFullError\?([^)]+)\)/);
    assert.ok(link, 'has the Show full error link');
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), ['http://ls', er.id]);
    const fenced = md.match(/```text\n([\s\S]*?)\n```/)?.[1] ?? '';
    assert.ok(er.error_message!.split('\n').length > 10, 'the fixture error is long');
    assert.equal(fenced.split('\n').length, 10, 'the hover shows the first 8 lines, an ellipsis and the last line');
    const lastLine = er.error_message!.trim().split('\n').pop() ?? '';
    assert.ok(fenced.endsWith(`\n…\n${lastLine.trim()}`), 'the exception at the end of the traceback is shown');
  });

  it('hostile titles and error messages cannot create links, images, HTML or commands', () => {
    const hostile: MlBackend = {
      ...byState('ER'),
      title: '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>',
      error_message: 'boom\n```\n[pwn](command:workbench.action.terminal.new)\n```\n![t](https://evil/t.png)',
      description: '**bold** <script>',
    };
    const md = backendRow(hostile, ['http://ls', 1]).tooltipMarkdown;
    const outsideFence = md.replace(/(`{4,})text\n[\s\S]*?\n\1/, '');
    const links = [...outsideFence.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\((?<target>[^)]*)\)/g)].map((m) => m.groups?.target);
    assert.equal(links.length, 1, `only our own link: ${JSON.stringify(links)}`);
    assert.match(links[0] ?? '', /^command:labelStudio\.showFullError\?/);
    assert.doesNotMatch(outsideFence, /(?<!\\)<(img|script)/);
    assert.match(md, /(`{4,})text\nboom\n```\n/, 'the fence is longer than any backtick run in the error');
  });
});

describe('summaries', () => {
  it('project description counts backends and problems', () => {
    assert.equal(projectSummary(undefined), '');
    assert.equal(projectSummary([]), 'no backends');
    assert.equal(projectSummary([byState('CO')]), '1 backend');
    assert.equal(projectSummary([byState('CO'), byState('ER')]), '2 backends · 1 error');
    assert.equal(
      projectSummary([byState('ER'), byState('ER'), byState('DI'), byState('TR')]),
      '4 backends · 2 errors · 1 disconnected · 1 training',
    );
    assert.equal(problemCount(rows), rows.filter((r) => r.state === 'ER' || r.state === 'DI').length);
  });

  it('timestamps have one fixed form', () => {
    assert.equal(formatTimestamp('2026-01-14T16:02:11.904112Z'), '2026-01-14 16:02 UTC');
    assert.equal(formatTimestamp(null), undefined);
    assert.equal(formatTimestamp('not a date'), 'not a date');
  });

  it('failure rows are named by what went wrong', () => {
    assert.equal(failureLabel(new TokenRejectedError('h', 'Invalid token.', 'legacy API token')), 'API token rejected');
    assert.equal(failureLabel(new NetworkError('refused', 'x')), 'Cannot connect');
    assert.equal(failureLabel(new NetworkError('dns', 'x')), 'Unknown host');
    assert.equal(failureLabel(new NetworkError('timeout', 'x')), 'No answer (timeout)');
    assert.equal(failureLabel(new NetworkError('tls', 'x')), 'Certificate not trusted');
    assert.equal(failureLabel(new HttpStatusError(404, 'x')), 'Label Studio error 404');
    assert.equal(failureLabel(new UnexpectedResponseError('x')), 'Unexpected answer');
  });
});

describe('icons in quick-pick labels', () => {
  it('server strings cannot show icons: $( is escaped, an escaped one stays', async () => {
    const { escapeIcons } = await import('../../src/core/view/presentation');
    assert.equal(escapeIcons('$(alert) run $(sync~spin)'), '\\$(alert) run \\$(sync~spin)');
    assert.equal(escapeIcons('already \\$(x)'), 'already \\$(x)');
    assert.equal(escapeIcons('no icons'), 'no icons');
  });
});
