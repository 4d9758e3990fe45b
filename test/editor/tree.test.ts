import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import { tokenSecretKey } from '../../src/core/net/serverUrl';
import { FakeLabelStudio, HOSTILE_TITLE } from '../fake';
import { labelOf, runWithAnswers, setServers, treeItems, waitFor, withSampleSuite } from './helpers';

describe('the ML Backends tree against the fake Label Studio', function () {
  this.timeout(60_000);
  const suite = withSampleSuite();

  async function connect(token: string): Promise<void> {
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.controller.reload();
    await runWithAnswers(suite.api, 'labelStudio.setToken', [token]);
    // The view is not on screen in this suite, so nothing loads until asked.
    await suite.api.controller.refreshAll();
  }

  it('a backend item without an id shows as an error row of its project that says what was wrong', async () => {
    const own = await FakeLabelStudio.start();
    try {
      const project = own.addProject({ title: 'with a nameless item' }).id;
      own.injectFault({
        path: `/api/ml/?project=${project}`,
        fault: { kind: 'status', status: 200, body: [{ title: 'nameless\u202E model', url: 'http://127.0.0.1:9/x' }] },
      });
      await setServers([{ url: own.url }]);
      await suite.api.tokens.set(own.url, own.legacyTokens[0]);
      await suite.api.controller.reload();
      await suite.api.controller.refreshAll();
      const [row] = await treeItems(suite.api);
      assert.equal(labelOf(row.item), 'with a nameless item');
      const [message] = await treeItems(suite.api, row.node);
      assert.equal(labelOf(message.item), '1 backend item could not be read');
      assert.match(String(message.item.description), /item 1 \("nameless‹U\+202E› model"\) has no "id"/);
    } finally {
      await own.close();
    }
  });

  it('with no server the tree is empty (the welcome view offers Add Server)', async () => {
    assert.deepEqual(await suite.api.tree.getChildren(), []);
  });

  it('a server without a token shows nothing but the welcome (Set API Token)', async () => {
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.controller.reload();
    assert.equal(suite.api.registry.entries.length, 1);
    assert.deepEqual(await suite.api.tree.getChildren(), []);
  });

  it('Set API Token asks in a password box and stores the token in SecretStorage under the server address', async () => {
    await setServers([{ url: `${suite.fakes.ls.url}/` }]);
    await suite.api.controller.reload();
    const prompts = await runWithAnswers(suite.api, 'labelStudio.setToken', [suite.fakes.sample.pat]);
    assert.equal(prompts.asked.length, 1);
    assert.equal(prompts.asked[0].password, true);
    assert.equal(await suite.api.tokens.get(suite.fakes.ls.url), suite.fakes.sample.pat);
    assert.equal(tokenSecretKey(suite.fakes.ls.url), `labelStudio.token:${suite.fakes.ls.url}`);
    assert.equal(suite.api.registry.entry(suite.fakes.ls.url)?.client?.tokenKind, 'personal-access');
  });

  it("shows every project, then each project's backends with state, icon, colour and hover", async () => {
    await connect(suite.fakes.sample.pat);
    const projects = await treeItems(suite.api);
    const titles = projects.map((p) => labelOf(p.item));
    for (const t of ['Street scenes - detection', 'Product reviews - sentiment + NER', 'Invoices OCR', 'Audio - speaker diarization'])
      assert.ok(titles.includes(t), `${t} in ${titles}`);
    const reviews = projects.find((p) => labelOf(p.item) === 'Product reviews - sentiment + NER');
    assert.ok(reviews);
    assert.equal(reviews.item.description, '2 backends · 1 error');
    assert.equal(reviews.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const backends = await treeItems(suite.api, reviews.node);
    const byLabel = Object.fromEntries(backends.map((b) => [labelOf(b.item), b.item]));
    assert.equal(byLabel['llm-ner'].description, 'Connected');
    const er = byLabel['sentiment-distilbert'];
    assert.equal(er.description, 'Error');
    const icon = er.iconPath as vscode.ThemeIcon;
    assert.equal(icon.id, 'error');
    assert.equal(icon.color?.id, 'problemsErrorIcon.foreground');
    assert.match(String(er.contextValue), /^mlBackend state:ER hasError/);
    assert.match(er.accessibilityInformation?.label ?? '', /sentiment-distilbert, ML backend, Error/);
    assert.match(String(er.id), /^backend\|/);
    const tooltip = er.tooltip as vscode.MarkdownString;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.deepEqual(tooltip.isTrusted, { enabledCommands: ['labelStudio.showFullError'] });
    assert.ok(!tooltip.supportHtml);
    assert.match(tooltip.value, /```text\n500 Server Error: INTERNAL SERVER ERROR for url: http:\/\/127\.0\.0\.1:\d+\/sentiment\/setup\n/);
    assert.match(
      tooltip.value,
      /\n…\nRuntimeError: Model weights missing in \/data\/models\/sentiment-distilbert; run training first\n```/,
      'the exception line survives the cut',
    );
    assert.match(tooltip.value, /\[Show full error\]\(command:labelStudio\.showFullError\?/);

    const audio = projects.find((p) => labelOf(p.item) === 'Audio - speaker diarization');
    assert.equal(audio?.item.description, 'no backends');
    assert.equal(audio?.item.resourceUri?.scheme, 'labelstudio-empty-project', 'empty projects are greyed out');
    const invoices = await treeItems(suite.api, projects.find((p) => labelOf(p.item) === 'Invoices OCR')?.node);
    const states = invoices.map((b) => b.item.description).sort();
    assert.deepEqual(states, ['Connected', 'Predicting', 'Training']);
    assert.ok(
      invoices.some((b) => labelOf(b.item).startsWith('http://127.0.0.1:')),
      'an untitled backend shows its URL',
    );
  });

  it('a hostile title and error render as text: no link but our own, no HTML', async () => {
    await connect(suite.fakes.sample.legacyToken);
    const medical = (await treeItems(suite.api)).find((p) => labelOf(p.item).startsWith('Medical'));
    const [hostile] = await treeItems(suite.api, medical?.node);
    assert.equal(labelOf(hostile.item), HOSTILE_TITLE.replace(/\s+/g, ' '));
    const md = (hostile.item.tooltip as vscode.MarkdownString).value;
    const outsideFence = md.replace(/(`{3,})text\n[\s\S]*?\n\1/, '');
    const links = [...outsideFence.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
    assert.deepEqual(
      links.map((l) => l.split('?')[0]),
      ['command:labelStudio.showFullError'],
    );
    assert.doesNotMatch(outsideFence, /(?<!\\)<(img|script|b|i)\b/);
  });

  it('Show Full Error opens the whole error_message in the Markdown preview; "text" opens the read-only source', async () => {
    await connect(suite.fakes.sample.legacyToken);
    await vscode.commands.executeCommand('labelStudio.showFullError', suite.fakes.ls.url, suite.fakes.sample.backends.sentiment);
    const tab = await waitFor('the preview', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return (
        input instanceof vscode.TabInputWebview &&
        input.viewType.includes('markdown.preview') &&
        vscode.window.tabGroups.activeTabGroup.activeTab
      );
    });
    assert.match(tab.label, /sentiment-distilbert-error\.md/);
    const source = vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === 'labelstudio' && d.uri.path.includes('sentiment-distilbert-error'),
    );
    assert.ok(source, 'the preview shows a read-only labelstudio: document');
    assert.match(source.getText(), /^# Error of ML backend `sentiment-distilbert`/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    await vscode.workspace.getConfiguration('labelStudio').update('reports.openAs', 'text', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('labelStudio.showFullError', suite.fakes.ls.url, suite.fakes.sample.backends.sentiment);
      const editor = await waitFor(
        'the error editor',
        () => vscode.window.activeTextEditor?.document.uri.scheme === 'labelstudio' && vscode.window.activeTextEditor,
      );
      const text = editor.document.getText();
      assert.equal(editor.document.languageId, 'markdown');
      assert.match(text, /During handling of the above exception/);
      assert.match(text, /RuntimeError: Model weights missing/);
      const edited = await editor
        .edit((b) => b.insert(new vscode.Position(0, 0), 'x'))
        .then(
          () => true,
          () => false,
        );
      assert.equal(edited && editor.document.getText().startsWith('x'), false, 'the document cannot be edited');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.getConfiguration('labelStudio').update('reports.openAs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a rejected token shows one row with the Set API Token action, not a notification', async () => {
    await connect('0123456789abcdef0123456789abcdef01234567');
    const rows = await treeItems(suite.api);
    assert.equal(rows.length, 1);
    assert.equal(labelOf(rows[0].item), 'API token rejected');
    assert.match(String(rows[0].item.description), /rejected the legacy API token: Invalid token\./);
    assert.equal(rows[0].item.command?.command, 'labelStudio.setToken');
    assert.equal(rows[0].item.contextValue, 'message tokenRejected');
  });

  it('a project whose call fails shows an error row with retry; the rest of the tree stays', async () => {
    await connect(suite.fakes.sample.legacyToken);
    const fault = suite.fakes.ls.injectFault({
      path: `/api/ml/?project=${suite.fakes.sample.projects.invoices}`,
      fault: { kind: 'status', status: 500 },
    });
    await suite.api.controller.refreshAll();
    const projects = await treeItems(suite.api);
    const invoices = projects.find((p) => labelOf(p.item) === 'Invoices OCR');
    assert.match(String(invoices?.item.description), /^failed: Label Studio error 500/);
    const rows = await treeItems(suite.api, invoices?.node);
    assert.match(labelOf(rows[0].item), /^Could not load backends/);
    assert.equal(rows[0].item.command?.command, 'labelStudio.refreshProject');
    const street = projects.find((p) => labelOf(p.item) === 'Street scenes - detection');
    assert.equal((await treeItems(suite.api, street?.node)).length, 2, 'other projects are intact');
    fault.remove();
    await vscode.commands.executeCommand('labelStudio.refreshProject', suite.fakes.ls.url, suite.fakes.sample.projects.invoices);
    const retried = await treeItems(suite.api, invoices?.node);
    assert.equal(retried.length, 3);
  });

  it('a server that is down shows why, in the tree', async () => {
    await connect(suite.fakes.sample.legacyToken);
    const fault = suite.fakes.ls.injectFault({ path: /^\/api\/projects\//, fault: { kind: 'html', status: 200 } });
    await suite.api.controller.refreshAll();
    const rows = await treeItems(suite.api);
    assert.equal(labelOf(rows[0].item), 'Unexpected answer');
    assert.match(String(rows[0].item.description), /HTML page \(status 200\): is this the Label Studio URL\?/);
    assert.ok(rows.length > 1, 'the last known projects stay below the error');
    fault.remove();
  });

  it('Clear API Token deletes the secret and the tree falls back to the welcome', async () => {
    await connect(suite.fakes.sample.legacyToken);
    await runWithAnswers(suite.api, 'labelStudio.clearToken', []);
    assert.equal(await suite.api.tokens.get(suite.fakes.ls.url), undefined);
    assert.deepEqual(await suite.api.tree.getChildren(), []);
  });

  it('Add Server asks for the URL then the token, and saves both', async () => {
    const prompts = await runWithAnswers(suite.api, 'labelStudio.addServer', [`${suite.fakes.ls.url}/`, suite.fakes.sample.legacyToken]);
    assert.deepEqual(
      prompts.asked.map((a) => a.kind),
      ['inputBox', 'inputBox'],
    );
    assert.equal(prompts.asked[1].password, true);
    const servers = vscode.workspace.getConfiguration('labelStudio').inspect<Array<{ url: string }>>('servers')?.globalValue;
    assert.deepEqual(servers, [{ url: suite.fakes.ls.url }]);
    assert.equal(await suite.api.tokens.get(suite.fakes.ls.url), suite.fakes.sample.legacyToken);
  });

  it("the log has each request's method, path, status and time, and never a token", async () => {
    await connect(suite.fakes.sample.pat);
    const lines = suite.api.logLines.join('\n');
    assert.match(lines, /GET \/api\/projects\/\?include=id,title&page_size=100&page=1 → 200 in \d+ ms/);
    assert.match(lines, /POST \/api\/token\/refresh\/ → 200/);
    for (const secret of [suite.fakes.sample.pat, suite.fakes.sample.legacyToken])
      assert.ok(!lines.includes(secret), 'no token in the log');
  });
});
