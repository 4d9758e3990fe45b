import * as assert from 'node:assert/strict';
import { escapeMarkdownText, fencedCodeBlock, firstLines } from '../../src/core/text/markdown';

describe('markdown from untrusted text', () => {
  it('escapes every markdown and HTML character so links, images and tags render as text', () => {
    const hostile = '[click](command:workbench.action.terminal.new) ![x](https://evil/p.png) <img src=x> **b** `c` https://evil';
    const escaped = escapeMarkdownText(hostile);
    const bare = escaped.replace(/\\[\s\S]/g, ''); // what is left once every escaped pair is removed
    assert.doesNotMatch(bare, /[[\]()!<>*`:]/);
    assert.equal(escaped.replace(/\\([\s\S])/g, '$1'), hostile, 'unescaping gives the original text back');
    assert.equal(escapeMarkdownText('a\nb\tc'), 'a b c');
  });

  it('a code fence cannot be closed from inside the text', () => {
    const text = 'line\n```\n[link](command:x)\n````';
    const block = fencedCodeBlock(text);
    const fence = block.split('\n')[0].replace('text', '');
    assert.equal(fence, '`````');
    assert.ok(block.endsWith(`\n${fence}`));
    assert.ok(!text.split('\n').some((l) => l.trim() === fence), 'no line of the text equals the fence');
  });

  it('firstLines cuts long errors by lines and characters and says so', () => {
    const long = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const cut = firstLines(long, 5, 1000);
    assert.equal(cut.cut, true);
    assert.equal(cut.text, 'line 0\nline 1\nline 2\nline 3\nline 4\n…\nline 29', "the last line (a traceback's exception) is kept");
    assert.deepEqual(firstLines('short', 5, 1000), { text: 'short', cut: false });
    assert.equal(firstLines('x'.repeat(50), 5, 10).text, `${'x'.repeat(10)}\n…`);
  });
});
