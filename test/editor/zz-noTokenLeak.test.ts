/**
 * Runs last (files load in name order): greps everything the whole in-editor suite produced — every
 * log line, every question and message a test answered, the settings — for every token any test
 * used (helpers.ts remembers them: stored tokens, password answers, the fakes' keys and minted
 * access tokens).
 */
import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import type { TestApi } from '../../src/extension';
import { EXTENSION_ID, extensionApi, usedSecrets } from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

describe('zz: no token leaked anywhere during the whole in-editor suite', () => {
  let api: TestApi;
  let secrets: string[];
  before(async () => {
    api = await extensionApi();
    secrets = [...new Set([...usedSecrets(), ...ScriptedPrompts.passwords])];
  });

  /** Which secrets a text contains, shown by their first characters only. */
  function leaks(text: string): string[] {
    return secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 6)}…`);
  }

  it('the suite used tokens and produced output, so the checks below mean something', function () {
    if (process.env.EDITOR_TEST_GREP) this.skip(); // a partial run may have used none
    assert.ok(secrets.length >= 10, `${secrets.length} secrets`);
    assert.ok(api.logLines.length >= 100, `${api.logLines.length} log lines`);
    assert.ok(ScriptedPrompts.history.length >= 20, `${ScriptedPrompts.history.length} prompts`);
  });

  it('no log line contains a token', () => {
    const bad = api.logLines.map((line, i) => ({ i, found: leaks(line) })).filter((l) => l.found.length > 0);
    assert.deepEqual(bad, []);
  });

  it('no question, message or prefilled value shown to the user contains a token', () => {
    const bad = ScriptedPrompts.history
      .map((a) => ({ kind: a.kind, found: leaks([a.text, ...a.options, a.validation ?? '', a.value ?? ''].join('\n')) }))
      .filter((a) => a.found.length > 0);
    assert.deepEqual(bad, []);
  });

  it('no setting contains a token', () => {
    const properties = Object.keys(vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties);
    const config = vscode.workspace.getConfiguration();
    assert.deepEqual(leaks(JSON.stringify(properties.map((key) => config.inspect(key)))), []);
  });
});
