/**
 * The extension's security promises, each a test in the real editor: where the token lives and
 * where it goes, what a workspace can change, how server strings render, the clear-text warning,
 * and that a failed edit loses nothing.
 */
import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import { SHOW_FULL_ERROR_COMMAND } from '../../src/core/view/presentation';
import { firstLines } from '../../src/core/text/markdown';
import { tokenSecretKey } from '../../src/core/net/serverUrl';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/core/view/treeNodes';
import { FakeLabelStudio, HOSTILE_ERROR, HOSTILE_TITLE, closedPortUrl, seedManyProjects } from '../fake';
import { hoverProblems } from '../faults/markdownChecks';
import { iconProblems, invisibleProblems, linkProblems } from '../faults/linkChecks';
import {
  EXTENSION_ID,
  extensionApi,
  labelOf,
  rememberSecret,
  resetExtension,
  runWithAnswers,
  setServers,
  startFakes,
  stopFakes,
  trackFake,
  treeItems,
  waitFor,
  type Fakes,
} from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

describe('security: the token, the origin, the workspace, server strings', function () {
  this.timeout(60_000);
  let api: TestApi;
  let fakes: Fakes;
  const started: FakeLabelStudio[] = [];

  /** A fake that the suite's leak check knows about, closed after this file. */
  async function anotherFake(): Promise<FakeLabelStudio> {
    const fake = trackFake(await FakeLabelStudio.start());
    started.push(fake);
    return fake;
  }

  async function connect(url: string, token: string): Promise<void> {
    await setServers([{ url }]);
    await api.tokens.set(url, token);
    await api.controller.reload();
    await api.controller.refreshAll();
  }

  /** Every row with its item, children of collapsed rows included. */
  async function wholeTree(node?: TreeNode): Promise<vscode.TreeItem[]> {
    const items: vscode.TreeItem[] = [];
    for (const { node: child, item } of await treeItems(api, node)) {
      items.push(item);
      if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) items.push(...(await wholeTree(child)));
    }
    return items;
  }

  const shownText = (items: vscode.TreeItem[]) =>
    items.map((i) => [labelOf(i), i.description, typeof i.tooltip === 'string' ? i.tooltip : i.tooltip?.value].join('\n')).join('\n');

  before(async () => {
    api = await extensionApi();
    fakes = await startFakes();
    await api.filter.set({ states: [], text: '' });
  });
  after(async () => {
    await resetExtension(api);
    await stopFakes(fakes);
    for (const f of started) await f.close();
  });
  beforeEach(async () => {
    await resetExtension(api);
    fakes.ls.clearFaults();
    fakes.ls.resetRequests();
  });

  it('the token is kept in SecretStorage under the normalised address only: not in settings, URLs, the tree, messages or the log', async () => {
    const { pat } = fakes.sample;
    const typed = `${fakes.ls.url.replace('http://', 'HTTP://')}/`;
    await setServers([{ url: typed }]);
    await api.controller.reload();
    await runWithAnswers(api, 'labelStudio.setToken', [pat]);
    assert.equal(await api.tokens.get(fakes.ls.url), pat, `stored under ${tokenSecretKey(fakes.ls.url)}`);
    await api.controller.refreshAll();
    fakes.ls.injectFault({
      path: `/api/ml/?project=${fakes.sample.projects.invoices}`,
      fault: { kind: 'status', status: 500, body: { detail: `echo ${pat}` } },
    });
    await api.controller.refreshProject(fakes.ls.url, fakes.sample.projects.invoices);

    const secrets = [pat, ...fakes.ls.issuedAccessTokens];
    assert.ok(fakes.ls.issuedAccessTokens.length > 0, 'the PAT was exchanged');
    const properties = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties as Record<
      string,
      unknown
    >;
    const config = vscode.workspace.getConfiguration();
    const settingsText = JSON.stringify(Object.keys(properties).map((key) => config.inspect(key)));
    const places: Record<string, string> = {
      settings: settingsText,
      'request URLs': fakes.ls.requests.map((r) => r.path).join('\n'),
      tree: shownText(await wholeTree()),
      'error messages': api.registry.entries.flatMap((e) => e.model.projects.map((p) => p.error?.message ?? '')).join('\n'),
      log: api.logLines.join('\n'),
      'server entries': JSON.stringify(api.registry.entries.map((e) => e.config)),
    };
    assert.match(places['error messages'], /echo ‹redacted›/, 'the echoed token is masked');
    for (const [where, text] of Object.entries(places))
      for (const secret of secrets) assert.ok(!text.includes(secret), `no token in ${where}`);
    const exchanges = fakes.ls.requests.filter((r) => r.path.startsWith('/api/token/refresh/'));
    assert.ok(
      exchanges.length > 0 && exchanges.every((r) => r.authKind === 'none'),
      'the PAT travels in the exchange body only, never in a header',
    );
  });

  it('a redirect is not followed: its target receives no request, so no token', async () => {
    const target = await anotherFake();
    fakes.ls.injectFault({
      path: /^\/api\/projects\//,
      fault: { kind: 'html', status: 302, location: `${target.url}/api/projects/?page=1` },
    });
    await connect(fakes.ls.url, fakes.sample.legacyToken);
    assert.equal(target.requests.length, 0);
    const [row] = await treeItems(api);
    assert.equal(labelOf(row.item), 'Label Studio error 302');
    assert.match(String(row.item.description), /redirected to 127\.0\.0\.1:\d+\/api\/projects\/.*the token was not sent there/);
  });

  it('a `next` link to another host is not followed: pages are asked of the configured server', async () => {
    const elsewhere = await anotherFake();
    const proxied = await anotherFake();
    seedManyProjects(proxied, { projects: 130, backendsPerProject: 0, mlUrl: 'http://127.0.0.1:9' });
    proxied.publicOrigin = elsewhere.url;
    await connect(proxied.url, proxied.legacyTokens[0]);
    assert.equal((await treeItems(api)).length, 130);
    assert.equal(elsewhere.requests.length, 0);
    assert.ok(proxied.requests.some((r) => r.path.includes('page=2')));
  });

  it('a changed URL never takes the token along: not to another path prefix, not to another name of the same host', async () => {
    await connect(fakes.ls.url, fakes.sample.legacyToken);
    const port = new URL(fakes.ls.url).port;
    for (const moved of [`${fakes.ls.url}/prefix`, `http://localhost:${port}`]) {
      fakes.ls.resetRequests();
      await setServers([{ url: moved }]);
      await api.controller.reload();
      await api.controller.refreshAll();
      assert.equal(api.registry.entry(moved)?.client, undefined, `${moved} has no token`);
      assert.equal(fakes.ls.requests.length, 0, `nothing was sent after the move to ${moved}`);
    }
    assert.equal(await api.tokens.get(fakes.ls.url), fakes.sample.legacyToken, 'the token stays with its address');
  });

  it('a workspace .vscode/settings.json cannot add a server, and labelStudio.servers cannot be written to the workspace', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      console.log('      (skipped: the test host opened no workspace folder)');
      this.skip();
    }
    const intruder = await anotherFake();
    rememberSecret(fakes.sample.legacyToken);
    await connect(fakes.ls.url, fakes.sample.legacyToken);
    await assert.rejects(
      Promise.resolve(
        vscode.workspace.getConfiguration('labelStudio').update('servers', [{ url: intruder.url }], vscode.ConfigurationTarget.Workspace),
      ),
      'VS Code refuses to write an application setting to the workspace',
    );
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    const previous = await Promise.resolve(vscode.workspace.fs.readFile(file)).catch(() => undefined);
    const sentinel = () => vscode.workspace.getConfiguration('labelStudio').inspect('hideProjectsWithoutBackends')?.workspaceValue;
    try {
      const settings = {
        'labelStudio.servers': [{ url: intruder.url, name: 'from the workspace' }],
        'labelStudio.requestConcurrency': 1,
        'labelStudio.autoRefreshSeconds': 30,
        // A window-scoped setting the workspace may set: once VS Code reports it, the file has been read.
        'labelStudio.hideProjectsWithoutBackends': false,
      };
      await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(settings, null, 2)));
      await waitFor('VS Code to read the workspace settings', () => sentinel() === false);
      await api.controller.reload();
      await api.controller.refreshAll();
      assert.deepEqual(
        api.registry.entries.map((e) => e.config.baseUrl),
        [fakes.ls.url],
        "only the user's server",
      );
      assert.equal(intruder.requests.length, 0, "the workspace's server received nothing");
    } finally {
      if (previous) await vscode.workspace.fs.writeFile(file, previous);
      else await vscode.workspace.fs.delete(file);
      await waitFor('the workspace settings to be gone', () => sentinel() === undefined);
    }
  });

  it('server strings render as text: in the hover no link but ours, no HTML, the error stays in its block; quick picks show no icons', async () => {
    const hostile = await anotherFake();
    const projectTitle = '**Proj** <img src=x onerror=alert(1)> [p](command:workbench.action.terminal.new) $(zap)';
    const project = hostile.addProject({ title: projectTitle }).id;
    const error = `${HOSTILE_ERROR}\n\`\`\`\`\n[after the fence](command:workbench.action.terminal.new)\n<img src=x>`;
    hostile.addBackend({
      project,
      stickyState: 'TR',
      title: `${HOSTILE_TITLE} $(zap)`,
      description: '<script>alert(1)</script> [desc](command:workbench.action.terminal.new) https://evil.example',
      error_message: error,
      model_version: '<img src=x onerror=alert(1)> $(alert) `v`',
      url: 'http://ml.invalid/[x](command:workbench.action.terminal.new)',
      auth_method: 'BASIC_AUTH',
      basic_auth_user: '**admin** <b>x</b>',
    });
    await connect(hostile.url, hostile.legacyTokens[0]);
    const [projectRow] = await treeItems(api);
    assert.equal(labelOf(projectRow.item), projectTitle);
    assert.equal(typeof projectRow.item.tooltip, 'string', 'project hovers are plain text');
    const [row] = await treeItems(api, projectRow.node);
    const tooltip = row.item.tooltip as vscode.MarkdownString;
    assert.deepEqual(tooltip.isTrusted, { enabledCommands: [SHOW_FULL_ERROR_COMMAND] });
    assert.ok(!tooltip.supportHtml);
    assert.deepEqual(hoverProblems(tooltip.value, firstLines(error, 8, 1500).text), []);

    const pickBackend = await runWithAnswers(api, 'labelStudio.editBackend', [undefined]);
    const pickProject = await runWithAnswers(api, 'labelStudio.addBackend', [undefined]);
    const options = [...pickBackend.asked[0].options, ...pickProject.asked[0].options];
    assert.ok(
      options.filter((o) => o.includes('\\$(zap)')).length >= 2,
      `the backend and the project show $(zap) as text: ${JSON.stringify(options)}`,
    );
    for (const option of options) assert.doesNotMatch(option, /(?<!\\)\$\(/, `no icon in "${option}"`);
  });

  it('server text in notifications, confirmations, quick picks, prompts and the log: never a link, an icon or a line of its own', async () => {
    const evil = '[x](command:workbench.action.terminal.new) https://evil.example/a **b** <b>c</b> $(zap)\n[info] forged line';
    const project = fakes.ls.addProject({ title: `P ${evil}` }).id;
    const backendId = fakes.ls.addBackend({ project, url: 'http://127.0.0.1:9/x', title: `B ${evil}` }).id;
    fakes.ls.addTask(project, { text: evil });
    fakes.ls.injectFault({ path: `/api/ml/${backendId}/versions`, fault: { kind: 'status', status: 500, body: { error: evil } } });
    fakes.ls.injectFault({
      path: `/api/ml/${backendId}/interactive-annotating`,
      fault: { kind: 'status', status: 200, body: { errors: [evil] } },
    });
    fakes.ls.injectFault({ path: `/api/ml/${backendId}/train`, fault: { kind: 'status', status: 500, body: { detail: evil } } });
    await connect(fakes.ls.url, fakes.sample.legacyToken);
    const asked = [
      ...(await runWithAnswers(api, 'labelStudio.showModelVersions', [undefined])).asked,
      ...(await runWithAnswers(api, 'labelStudio.showModelVersions', [], fakes.ls.url, backendId)).asked,
      ...(
        await runWithAnswers(
          api,
          'labelStudio.sendTestRequest',
          [(a) => a.options[0].split(' ').slice(0, 2).join(' '), '', undefined],
          fakes.ls.url,
          backendId,
        )
      ).asked,
      ...(await runWithAnswers(api, 'labelStudio.startTraining', [undefined], fakes.ls.url, backendId)).asked,
      ...(await runWithAnswers(api, 'labelStudio.predictAllTasks', ['Predict', undefined], fakes.ls.url, backendId)).asked,
    ];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const shown = asked
      .flatMap((a) => [a.text, ...a.options, ...(a.details ?? []).filter((d): d is string => !!d)].map((text) => ({ kind: a.kind, text })))
      .filter(({ text }) => text.includes('evil.example'));
    assert.ok(shown.length >= 8, `server text reached ${shown.length} places: ${JSON.stringify(asked.map((a) => a.kind))}`);
    for (const kind of ['quickPick', 'inputBox', 'error', 'confirm'])
      assert.ok(
        shown.some((s) => s.kind === kind),
        kind,
      );
    for (const { kind, text } of shown) {
      // Quick inputs render $(icons); notifications and dialogs show text nodes only (VS Code's NotificationMessageRenderer).
      const icons = kind === 'quickPick' || kind === 'inputBox';
      for (const line of text.split('\n')) {
        // a confirmation is message + "\n" + detail
        assert.deepEqual(
          [...linkProblems(line), ...invisibleProblems(line), ...(icons ? iconProblems(line) : [])],
          [],
          `${kind}: ${JSON.stringify(line)}`,
        );
      }
    }
    for (const line of api.logLines) assert.deepEqual(invisibleProblems(line), [], JSON.stringify(line));
    assert.ok(!api.logLines.some((l) => /^\S+ \[info\] forged line/.test(l)));
  });

  it('http:// to another machine: one warning per server that the token travels in clear; none for https or loopback', async () => {
    const prompts = new ScriptedPrompts();
    api.setPrompts(prompts);
    const id = Date.now().toString(36);
    const first = `http://ls-${id}.example.invalid`;
    const second = `http://ls2-${id}.example.invalid:8080`;
    const quiet = [`https://ls3-${id}.example.invalid`, 'http://127.0.0.1:9', 'http://localhost:9'];
    const warnings = () => prompts.asked.filter((a) => a.kind === 'warn');
    // Each token change reaches the extension as an event of the secret storage, which reloads the
    // servers (a reload is where the warning comes from): count them, to know when none is left to come.
    const changes = new Map<string, number>();
    const counting = api.tokens.onDidChange((key) => changes.set(key, (changes.get(key) ?? 0) + 1));
    await setServers([{ url: first }]);
    await api.tokens.set(first, 'clear-text-token-one-1234');
    await api.controller.reload();
    await waitFor('the warning', () => warnings().length === 1);
    await api.tokens.set(first, 'clear-text-token-two-5678'); // rebuilds the server: still warned only once
    await api.controller.reload();
    await api.controller.refreshAll();
    await setServers([{ url: first }, { url: second }, ...quiet.map((url) => ({ url }))]);
    for (const url of [second, ...quiet]) await api.tokens.set(url, `token-for-${url}`);
    await api.controller.reload();
    await waitFor("the second server's warning", () => warnings().length === 2);
    const expected = new Map([[tokenSecretKey(first), 2], ...[second, ...quiet].map((url) => [tokenSecretKey(url), 1] as const)]);
    await waitFor('every token change to reach the extension', () => [...expected].every(([key, n]) => (changes.get(key) ?? 0) >= n));
    counting.dispose();
    // The extension's own listener came first and queued its reloads; this one runs after them all.
    await api.controller.reload();
    assert.deepEqual(
      warnings().map((w) => w.text.split(' ')[0]),
      [new URL(first).host, new URL(second).host],
    );
    assert.match(warnings()[0].text, /uses plain HTTP: the API token travels unencrypted over the network/);
    assert.ok(!JSON.stringify(prompts.asked).includes('clear-text-token'), 'the warning does not show the token');
    assert.deepEqual(
      prompts.asked.filter((a) => a.kind !== 'warn'),
      [],
      'nothing else was shown',
    );
    for (const url of [first, second, ...quiet]) await api.tokens.delete(url);
  });

  it('a failed edit keeps what was typed: only the rejected value is asked again, prefilled', async () => {
    await connect(fakes.ls.url, fakes.sample.legacyToken);
    const id = fakes.sample.backends.yolo;
    const before = fakes.ls.getBackend(id)!;
    const extra = JSON.stringify(before.extra_params ?? '') === '""' ? '' : JSON.stringify(before.extra_params);
    const refused = `${await closedPortUrl()}/refused`;
    fakes.ls.resetRequests();
    const node: TreeNode = {
      type: 'backend',
      id: `backend|${fakes.ls.url}|${before.project}|${id}`,
      baseUrl: fakes.ls.url,
      projectId: before.project,
      backendId: id,
    };
    const prompts = await runWithAnswers(
      api,
      'labelStudio.editBackend',
      [refused, 'typed-title', before.description ?? '', 'No Authentication', 'Off', String(before.timeout), extra, 'Edit URL', before.url],
      node,
    );
    const error = prompts.asked.find((a) => a.kind === 'error');
    assert.match(error?.text ?? '', /Label Studio did not save the ML backend: .*health check failed/);
    const retry = prompts.asked[prompts.asked.indexOf(error!) + 1];
    assert.equal(retry.kind, 'inputBox');
    assert.equal(retry.value, refused, 'the URL box shows what was typed');
    assert.equal(fakes.ls.getBackend(id)?.title, 'typed-title', 'the title typed before the failure was saved');
    assert.deepEqual(
      fakes.ls.requests.filter((r) => r.method === 'PATCH').map((r) => r.status),
      [400, 200],
    );
  });
});
