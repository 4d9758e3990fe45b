import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
const settings: Record<string, { scope?: string }> = manifest.contributes.configuration.properties;

describe('package.json: what a workspace can and cannot change', () => {
  it('settings that decide where requests and tokens go are application-scoped (user settings only)', () => {
    for (const key of ['labelStudio.servers', 'labelStudio.requestConcurrency', 'labelStudio.autoRefreshSeconds']) {
      assert.equal(settings[key]?.scope, 'application', key);
    }
  });

  it('the only settings a workspace may set are harmless presentation choices', () => {
    const workspaceSettable = Object.keys(settings).filter((k) => settings[k].scope !== 'application');
    assert.deepEqual(workspaceSettable, ['labelStudio.hideProjectsWithoutBackends', 'labelStudio.reports.openAs']);
  });

  it('untrusted workspaces are supported, and the declaration says why that is safe', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, true);
    assert.equal(untrusted.restrictedConfigurations, undefined, 'nothing to restrict: no setting a workspace can set reaches the network');
    assert.match(untrusted.description, /user settings and SecretStorage only/);
  });

  it('no setting stores a token', () => {
    assert.doesNotMatch(JSON.stringify(settings), /"(token|apiKey|api_key|password)"\s*:/i);
  });
});
