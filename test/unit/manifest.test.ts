import * as assert from 'node:assert/strict';
import { COMMAND_IDS, LOCAL_VIEW_ID, VIEW_ID } from '../../src/vscode/commands/contributions';
import { resolvedManifest } from './resolvedManifest';

/** The manifest as VS Code shows it in English (its %keys% resolved through package.nls.json). */
const manifest = resolvedManifest();
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

describe('package.json: commands, menus and the view match what the extension registers', () => {
  const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
  const menus = manifest.contributes.menus as Record<string, Array<{ command: string }>>;

  it('every contributed command is registered, and every registered command is contributed', () => {
    assert.deepEqual([...contributed].sort(), [...COMMAND_IDS].sort());
    assert.equal(new Set(contributed).size, contributed.length, 'no command contributed twice');
  });

  it('every menu entry names a contributed command', () => {
    const unknown = Object.entries(menus).flatMap(([menu, entries]) =>
      entries.filter((e) => !contributed.includes(e.command)).map((e) => `${menu}: ${e.command}`),
    );
    assert.deepEqual(unknown, []);
  });

  it('every command link in the welcome texts names a registered command', () => {
    const links = manifest.contributes.viewsWelcome.flatMap((w: { contents: string }) =>
      [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]),
    );
    assert.ok(links.length > 0);
    assert.deepEqual(
      links.filter((id: string) => !(COMMAND_IDS as readonly string[]).includes(id)),
      [],
    );
  });

  it('the views the extension creates are the ones contributed', () => {
    const views = Object.values(manifest.contributes.views as Record<string, Array<{ id: string }>>)
      .flat()
      .map((v) => v.id);
    assert.deepEqual(views, [VIEW_ID, LOCAL_VIEW_ID]);
  });
});
