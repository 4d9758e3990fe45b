import * as assert from 'node:assert/strict';
import { diagnose, diagnosisReport } from '../../src/core/backends/diagnosis';
import type { HealthProbe } from '../../src/core/backends/healthProbe';
import { inertProse, inlineCode } from '../../src/core/text/markdown';
import { readBackend } from '../../src/core/api/models';
import { fullErrorReport } from '../../src/core/reports/fullErrorReport';
import { HOSTILE_ERROR, HOSTILE_TITLE } from '../fake';

// markdown-it is the renderer of VS Code's Markdown preview (here the copy @vscode/vsce brings),
// configured as the preview configures it: raw HTML allowed, URLs linkified (not fuzzy ones).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it');
const preview = new MarkdownIt({ html: true, linkify: true });
preview.linkify.set({ fuzzyLink: false });

const HOSTILE_URL = 'http://localhost:9090/[x](command:workbench.action.terminal.new)<img src=https://evil.example/p.png>';

/** What the preview would make of the report: no element that fetches, runs or links. */
function assertInert(markdown: string): string {
  const html: string = preview.render(markdown);
  assert.doesNotMatch(html, /<(img|script|iframe|object|embed|style|svg|b)\b/i, html);
  assert.doesNotMatch(html, /<a\b/i, `no link at all: ${html}`);
  return html;
}

describe('reports for the Markdown preview: server text renders inert', () => {
  it('inlineCode cannot be closed from inside; inertProse leaves no link, image or tag', () => {
    assert.equal(inlineCode('a`b``c'), '```a`b``c```');
    assert.equal(inlineCode('`x`'), '`` `x` ``');
    assert.equal(inlineCode(''), '` `');
    assertInert(`- ${inlineCode(HOSTILE_TITLE)} and ${inertProse(HOSTILE_TITLE)} and ${inertProse(HOSTILE_URL)}`);
    assert.match(preview.render(inertProse('run `docker compose up`')), /<code>docker compose up<\/code>/, 'our own code spans stay');
  });

  it('Show Full Error: hostile title and error render as text; the fence outlasts any backtick run', () => {
    const b = readBackend({
      id: 7,
      project: 2,
      state: 'ER',
      url: HOSTILE_URL,
      title: HOSTILE_TITLE,
      error_message: `${HOSTILE_ERROR}\n\`\`\`\`\`\nescaped?`,
    });
    const md = fullErrorReport(b);
    const html = assertInert(md);
    assert.match(html, /<pre><code class="language-text">Setup failed: &lt;script&gt;/);
    assert.match(html, /`````\nescaped\?/, 'a run of five backticks stays inside the block');
    assert.match(html, /<h1>Error of ML backend <code>\*\*bold\*\* &lt;img/);
  });

  it('Diagnose Backend: values, verdict, cause and fixes that quote a hostile URL render inert', () => {
    const b = readBackend({
      id: 1,
      project: 2,
      state: 'DI',
      url: HOSTILE_URL,
      title: HOSTILE_TITLE,
      auth_method: 'BASIC_AUTH',
      basic_auth_user: '<b>admin</b>',
      error_message: HOSTILE_ERROR,
    });
    const probe: HealthProbe = {
      url: `${HOSTILE_URL}/health`,
      ms: 5,
      healthy: false,
      failure: { reason: 'refused', message: 'refused [x](command:y)' },
    };
    for (const p of [probe, { url: `${HOSTILE_URL}/health`, status: 200, ms: 3, healthy: true, modelClass: '<script>x</script>' }]) {
      assertInert(diagnosisReport(b, 'http://localhost:8080', p, diagnose(b, 'http://localhost:8080', p)));
    }
  });
});
