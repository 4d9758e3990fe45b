/**
 * The getting-started walkthrough. VS Code has no API to read a walkthrough step's completion, so
 * these tests check what each completion event listens to: the command runs (`onCommand:`), the
 * setting changes (`onSettingChanged:`), the context key is set (`onContext:`), the view exists
 * (`onView:`); and that the walkthrough opens.
 */
import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import { EXTENSION_ID, runWithAnswers, setServers, waitFor, withSampleSuite } from './helpers';

interface Step {
  id: string;
  description: string;
  when?: string;
  completionEvents: string[];
  media: { markdown?: string };
}

const manifest = () =>
  vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
    contributes: { walkthroughs: Array<{ id: string; steps: Step[] }>; views: Record<string, Array<{ id: string }>> };
  };

describe('getting-started walkthrough', function () {
  this.timeout(60_000);
  const suite = withSampleSuite();
  const steps = () => manifest().contributes.walkthroughs[0].steps;

  it('every step has a page, a button, and completion events that name real commands, settings, views and keys', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const views = Object.values(manifest().contributes.views)
      .flat()
      .map((v) => v.id);
    assert.deepEqual(
      steps().map((s) => s.id),
      ['addServer', 'setToken', 'readTree', 'diagnose', 'showPredictions'],
    );
    for (const step of steps()) {
      assert.ok(step.media.markdown, `${step.id} has a page`);
      const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(buttons.length > 0, `${step.id} has a button`);
      const gated = step.when === 'labelStudio.predictionsAvailable';
      for (const command of buttons) assert.ok(gated || commands.has(command), `${step.id}: button command ${command} exists`);
      for (const event of step.completionEvents) {
        const [kind, name] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(gated || commands.has(name), `${event}: the command exists`);
        else if (kind === 'onSettingChanged')
          assert.ok(vscode.workspace.getConfiguration().inspect(name)?.defaultValue !== undefined, `${event}: the setting exists`);
        else if (kind === 'onView') assert.ok(views.includes(name), `${event}: the view exists`);
        else if (kind === 'onContext') assert.ok(suite.api.walkthrough.values.has(name), `${event}: the extension sets the key`);
        else assert.fail(`unexpected completion event ${event}`);
      }
    }
  });

  it('"Add Server" completes its step: labelStudio.servers changes', async () => {
    let changed = false;
    const sub = vscode.workspace.onDidChangeConfiguration((e) => (changed ||= e.affectsConfiguration('labelStudio.servers')));
    try {
      await runWithAnswers(suite.api, 'labelStudio.addServer', [suite.fakes.ls.url, undefined]);
      await waitFor('the servers setting to change', () => changed);
    } finally {
      sub.dispose();
    }
  });

  it('"Set the API token" completes when a server has a token (labelStudio.hasToken), and undoes when none has', async () => {
    assert.equal(suite.api.walkthrough.values.get('labelStudio.hasToken'), false);
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.controller.reload();
    assert.equal(suite.api.walkthrough.values.get('labelStudio.hasToken'), false, 'a server without a token is not enough');
    await runWithAnswers(suite.api, 'labelStudio.setToken', [suite.fakes.sample.legacyToken]);
    await waitFor('labelStudio.hasToken', () => suite.api.walkthrough.values.get('labelStudio.hasToken') === true);
    await runWithAnswers(suite.api, 'labelStudio.clearToken', []);
    await waitFor('labelStudio.hasToken to be false again', () => suite.api.walkthrough.values.get('labelStudio.hasToken') === false);
  });

  it('"Look at a backend\'s predictions" shows once a project lists an ML backend, and completes on Show Predictions', async () => {
    const key = () => suite.api.walkthrough.values.get('labelStudio.predictionsAvailable');
    assert.equal(key(), false, 'no server: nothing to look at');
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.tokens.set(suite.fakes.ls.url, suite.fakes.sample.legacyToken);
    await suite.api.controller.reload();
    await suite.api.controller.refreshAll();
    await waitFor('labelStudio.predictionsAvailable once the backends are in', () => key() === true);
    // The step's completion event is onCommand:labelStudio.showPredictions: its button runs the command,
    // which asks for a backend (cancelled here).
    const prompts = await runWithAnswers(suite.api, 'labelStudio.showPredictions', [undefined]);
    assert.equal(prompts.asked[0]?.kind, 'quickPick', JSON.stringify(prompts.asked));
    await setServers([]);
    await suite.api.controller.reload();
    await waitFor('labelStudio.predictionsAvailable to be false again', () => key() === false);
  });

  it('"Read the tree" completes on opening the view: its button reveals labelStudio.mlBackends', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('labelStudio.mlBackends.focus');
    await waitFor('the view to be visible', () => suite.api.view.visible);
  });

  it('Label Studio: Get Started opens the walkthrough', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('labelStudio.openWalkthrough');
    const tab = await waitFor('the walkthrough tab', () => vscode.window.tabGroups.activeTabGroup.activeTab);
    // The walkthrough opens in VS Code's Welcome editor (its tab input is not exposed to extensions).
    assert.equal(tab.label, 'Welcome');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
