import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import {
  forDocument,
  forInputBox,
  forLabel,
  forLog,
  forNotification,
  forProgressTitle,
  forQuickPick,
  forStatusBar,
  forViewMessage,
  revealInvisible,
} from '../../src/core/text/safeText';
import { HOSTILE_SAMPLES, hostileString } from '../faults/hostileData';
import { iconProblems, invisibleProblems, linkProblems, linksVsCodeWouldRender } from '../faults/linkChecks';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

describe('safe text: one neutralising function per surface', () => {
  it('the link oracle finds what VS Code links (so that the checks below can fail)', () => {
    assert.equal(linksVsCodeWouldRender('[x](command:workbench.action.terminal.new)').length, 1);
    assert.equal(linksVsCodeWouldRender('see [doc](HTTPS://a.example "t") and [f](file:///x)').length, 2);
    assert.equal(linksVsCodeWouldRender('[a]\n(command:x)').length, 0, 'the line break becomes a space: no link');
    assert.equal(linksVsCodeWouldRender('[a](\ncommand:x)').length, 0);
    assert.equal(linksVsCodeWouldRender('[x](javascript:alert(1))').length, 0, 'only http(s), command and file');
  });

  const linkSurfaces = { forNotification, forProgressTitle, forQuickPick, forInputBox, forViewMessage };

  for (const [name, fn] of Object.entries(linkSurfaces)) {
    it(`${name}: no hostile sample forms a link, a scheme, a line break or an invisible character`, () => {
      for (const sample of HOSTILE_SAMPLES) {
        const out = fn(sample);
        assert.deepEqual([...linkProblems(out), ...invisibleProblems(out)], [], `${JSON.stringify(sample)} → ${JSON.stringify(out)}`);
      }
    });

    it(`${name}: random hostile strings, alone and inside our own sentences, never form a link`, () => {
      fc.assert(
        fc.property(hostileString, hostileString, (a, b) => {
          const sentence = `Training of "${fn(a)}" ended in Error: ${fn(b)} (${fn(a)})`;
          return linksVsCodeWouldRender(sentence).length === 0 && linkProblems(fn(a)).length === 0 && invisibleProblems(fn(b)).length === 0;
        }),
        RUNS,
      );
    });
  }

  it('the text stays readable: words, brackets and the target are kept, the link is broken visibly', () => {
    assert.equal(forNotification('[x](command:workbench.action.terminal.new)'), '[x] (command(:)workbench.action.terminal.new)');
    assert.equal(forNotification('see https://evil.example/x and HTTP://y'), 'see https(:)//evil.example/x and HTTP(:)//y');
    assert.equal(forNotification("KeyError: ['label']  at line 3\nValueError: bad"), "KeyError: ['label'] at line 3 ValueError: bad");
    assert.equal(forNotification('Error: model not found'), 'Error: model not found', 'a word and a colon are not a scheme');
  });

  it('icons: quick picks, input boxes and the status bar show $(name) as typed', () => {
    for (const fn of [forQuickPick, forInputBox, forStatusBar]) {
      assert.deepEqual(iconProblems(fn('$(alert) x $(sync~spin)')), []);
      fc.assert(
        fc.property(hostileString, (s) => iconProblems(fn(s)).length === 0),
        RUNS,
      );
    }
    assert.equal(forQuickPick('$(zap) fast'), '\\$(zap) fast');
  });

  it('bidi overrides and zero-width characters are shown, not obeyed', () => {
    const spoof = 'invoice\u202Eexe.txt';
    assert.equal(revealInvisible(spoof), 'invoice‹U+202E›exe.txt');
    for (const fn of [forLabel, forQuickPick, forNotification, forStatusBar, forLog, forDocument]) {
      assert.deepEqual(invisibleProblems(fn('a\u2066b\u2069c\u200Bd\uFEFFe\u200Df').replace(/\n/g, '')), [], fn.name);
    }
  });

  it('forLog: one line whatever the server sent, with the breaks still visible', () => {
    const forged = 'boom\n[info] Stored a personal access token for https://attacker.example\r\u2028\u2029\u0085\u001b[31m';
    const line = forLog(forged);
    assert.deepEqual(invisibleProblems(line), []);
    assert.match(line, /^boom ⏎ \[info\] Stored/);
    assert.match(line, /␛\[31m$/, 'ESC shows as a control picture');
    fc.assert(
      fc.property(hostileString, (s) => invisibleProblems(forLog(s)).length === 0),
      RUNS,
    );
  });

  it('forDocument keeps lines and shows every other control character', () => {
    assert.equal(forDocument('a\r\nb\rc\u2028d\u0007e\tf'), 'a\nb\nc\nd␇e\tf');
  });

  it('one-line surfaces are capped', () => {
    assert.ok(forNotification('x'.repeat(100_000)).length <= 500);
    assert.ok(forQuickPick('x'.repeat(100_000)).length <= 200);
    assert.ok(forStatusBar('x'.repeat(1000)).length <= 80);
  });
});
