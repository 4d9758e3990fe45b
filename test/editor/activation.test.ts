import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import { EXTENSION_ID, extensionApi } from './helpers';

describe('activation and contributions', () => {
  it('activates and registers every command of the contract', async () => {
    await extensionApi();
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'labelStudio.refresh',
      'labelStudio.addServer',
      'labelStudio.setToken',
      'labelStudio.clearToken',
      'labelStudio.removeServer',
      'labelStudio.showFullError',
    ]) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('contributes the Label Studio container, the ML Backends view and application-scoped server settings', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;
    assert.deepEqual(
      pkg.contributes.viewsContainers.activitybar.map((c: { id: string; title: string }) => [c.id, c.title]),
      [['labelStudio', 'Label Studio']],
    );
    assert.deepEqual(
      pkg.contributes.views.labelStudio.map((v: { id: string; name: string }) => [v.id, v.name]),
      [
        ['labelStudio.mlBackends', 'ML Backends'],
        ['labelStudio.localBackends', 'Local ML Backends'],
      ],
    );
    assert.equal(
      pkg.contributes.views.labelStudio[1].when,
      'labelStudio.hasLocalBackends',
      'the local view shows only when the workspace holds a backend',
    );
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['labelStudio.local.startCommand'].scope, 'application', 'a workspace must not choose what program runs');
    assert.equal(props['labelStudio.servers'].scope, 'application');
    assert.equal(props['labelStudio.requestConcurrency'].scope, 'application');
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Label Studio', `${c.command} is in the Label Studio category`);
  });
});
