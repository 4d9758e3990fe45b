import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import type { TreeNode } from '../../src/core/view/treeNodes';
import { closedPortUrl } from '../fake';
import { labelOf, runWithAnswers, setServers, treeItems, waitFor, withSampleSuite } from './helpers';

describe('ML backend commands, end to end against the fake Label Studio and fake ML servers', function () {
  this.timeout(60_000);
  const suite = withSampleSuite();
  beforeEach(async () => {
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.tokens.set(suite.fakes.ls.url, suite.fakes.sample.legacyToken);
    await suite.api.controller.reload();
    await suite.api.controller.refreshAll();
    suite.fakes.ls.resetRequests();
  });

  const url = () => suite.fakes.ls.url;
  const projectNode = (projectId: number): TreeNode => ({
    type: 'project',
    id: `project|${url()}|${projectId}`,
    baseUrl: url(),
    projectId,
  });
  const backendNode = (projectId: number, backendId: number): TreeNode => ({
    type: 'backend',
    id: `backend|${url()}|${projectId}|${backendId}`,
    baseUrl: url(),
    projectId,
    backendId,
  });
  const requests = () => suite.fakes.ls.requests.map((r) => `${r.method} ${r.path}`);
  const backendsOf = (projectId: number) => suite.fakes.ls.backends.filter((b) => b.project === projectId);

  it('Add ML Backend… asks URL, title, description, auth, interactive, timeout, extra params, then POSTs and shows the new row', async () => {
    const audio = suite.fakes.sample.projects.audio;
    const mlUrl = suite.fakes.ml.model('added-from-editor', { modelVersion: 'whisper-v3' });
    const answers = [mlUrl, 'whisper', 'Speech to text', 'No Authentication', 'Off', '30', '{"lang": "en"}'];
    const prompts = await runWithAnswers(suite.api, 'labelStudio.addBackend', answers, projectNode(audio));
    assert.deepEqual(
      prompts.asked.map((a) => a.kind),
      ['inputBox', 'inputBox', 'inputBox', 'quickPick', 'quickPick', 'inputBox', 'inputBox', 'info'],
    );
    assert.match(prompts.asked[0].text, /Add ML Backend to Audio - speaker diarization \(1\/7\)/);
    assert.match(prompts.asked[7].text, /Added "whisper" to Audio - speaker diarization: Connected/);
    const created = backendsOf(audio);
    assert.equal(created.length, 1);
    assert.deepEqual(created[0].extra_params, { lang: 'en' });
    assert.deepEqual([created[0].description, created[0].timeout], ['Speech to text', 30]);
    await waitFor('the project to show the new backend', async () =>
      (await treeItems(suite.api, projectNode(audio))).some((r) => labelOf(r.item) === 'whisper'),
    );
    assert.ok(requests().includes(`GET /api/ml/?project=${audio}`), 'the project was refreshed');
    assert.ok(!requests().some((r) => r.startsWith('GET /api/projects/')), 'only that project was refreshed');
  });

  it('a refused URL keeps everything typed: only the URL is asked again', async () => {
    const project = suite.fakes.sample.projects.satellite;
    const bad = `${await closedPortUrl()}/nope`;
    const good = suite.fakes.ml.model('second-try', {});
    const prompts = await runWithAnswers(
      suite.api,
      'labelStudio.addBackend',
      [bad, 'kept-title', '', 'No Authentication', 'On', '', '', 'Edit URL', good],
      projectNode(project),
    );
    const error = prompts.asked.find((a) => a.kind === 'error');
    assert.match(error?.text ?? '', /Label Studio did not save the ML backend: Can't connect to ML backend .* health check failed/);
    assert.doesNotMatch(error?.text ?? '', /<a /, 'the HTML link is stripped');
    assert.deepEqual(error?.options, ['Edit URL', 'Edit All Steps']);
    const retry = prompts.asked[prompts.asked.indexOf(error!) + 1];
    assert.equal(retry.value, bad, 'the URL box shows what was typed');
    const created = backendsOf(project).find((b) => b.url === good);
    assert.ok(created);
    assert.equal(created.title, 'kept-title');
    assert.equal(created.is_interactive, true);
  });

  it('a cancelled Add form is offered again with what was typed', async () => {
    const project = suite.fakes.sample.projects.medical;
    await runWithAnswers(
      suite.api,
      'labelStudio.addBackend',
      ['http://typed-before-cancel:9090', 'half-done', undefined],
      projectNode(project),
    );
    const again = await runWithAnswers(suite.api, 'labelStudio.addBackend', [undefined], projectNode(project));
    assert.equal(again.asked[0].value, 'http://typed-before-cancel:9090');
    assert.equal(requests().filter((r) => r.startsWith('POST')).length, 0);
  });

  it('Edit ML Backend… is prefilled; a changed title sends one PATCH with url, project and the kept password', async () => {
    const { productReviews } = suite.fakes.sample.projects;
    const id = suite.fakes.sample.backends.llmNer;
    const before = suite.fakes.ls.getBackend(id)!;
    const prompts = await runWithAnswers(
      suite.api,
      'labelStudio.editBackend',
      [
        before.url,
        'llm-ner-v2',
        before.description ?? '',
        'Basic Authentication',
        before.basic_auth_user ?? '',
        '',
        'Off',
        String(before.timeout),
        JSON.stringify(before.extra_params),
      ],
      backendNode(productReviews, id),
    );
    assert.equal(prompts.asked[0].value, before.url);
    assert.equal(prompts.asked[1].value, 'llm-ner');
    assert.match(prompts.asked.find((a) => a.password)?.text ?? '', /leave empty to keep the stored one/);
    const patches = suite.fakes.ls.requests.filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      patches.map((r) => r.path),
      [`/api/ml/${id}`],
    );
    const after = suite.fakes.ls.getBackend(id)!;
    assert.equal(after.title, 'llm-ner-v2');
    assert.equal(after.basic_auth_pass, before.basic_auth_pass, 'the stored password is kept');
    assert.equal(after.state, 'CO');
  });

  it('an edit that fails on the network keeps what was typed for the next try', async () => {
    const id = suite.fakes.sample.backends.yolo;
    const b = suite.fakes.ls.getBackend(id)!;
    const node = backendNode(suite.fakes.sample.projects.streetScenes, id);
    const fault = suite.fakes.ls.injectFault({ method: 'PATCH', path: `/api/ml/${id}`, fault: { kind: 'drop' } });
    try {
      const failed = await runWithAnswers(
        suite.api,
        'labelStudio.editBackend',
        [b.url, 'typed-before-the-failure', b.description ?? '', 'No Authentication', 'Off', '', ''],
        node,
      );
      assert.match(failed.asked.find((a) => a.kind === 'error')?.text ?? '', /could not save the ML backend/);
    } finally {
      fault.remove();
    }
    const again = await runWithAnswers(suite.api, 'labelStudio.editBackend', [undefined], node);
    assert.equal(again.asked[0].value, b.url);
    const retry = await runWithAnswers(suite.api, 'labelStudio.editBackend', [b.url, undefined], node);
    assert.equal(retry.asked[1].value, 'typed-before-the-failure', 'the title typed before the failure is offered again');
  });

  it('an edit that changes nothing sends nothing', async () => {
    const id = suite.fakes.sample.backends.yolo;
    const b = suite.fakes.ls.getBackend(id)!;
    const prompts = await runWithAnswers(
      suite.api,
      'labelStudio.editBackend',
      [
        b.url,
        b.title ?? '',
        b.description ?? '',
        'No Authentication',
        'Off',
        String(b.timeout),
        JSON.stringify(b.extra_params ?? '') === '""' ? '' : JSON.stringify(b.extra_params),
      ],
      backendNode(suite.fakes.sample.projects.streetScenes, id),
    );
    assert.match(prompts.asked.at(-1)?.text ?? '', /Nothing changed/);
    assert.equal(suite.fakes.ls.requests.filter((r) => r.method !== 'GET').length, 0);
  });

  it('from the palette, Edit asks which backend first', async () => {
    const prompts = await runWithAnswers(suite.api, 'labelStudio.editBackend', ['yolo-detector', undefined]);
    assert.equal(prompts.asked[0].kind, 'quickPick');
    assert.ok(prompts.asked[0].options.some((o) => o.startsWith('sentiment-distilbert Error')));
    assert.match(prompts.asked[1]?.text ?? JSON.stringify(prompts.asked), /Edit yolo-detector/);
  });

  it('Remove ML Backend asks in a modal naming backend and project, mentions the webhook, then DELETEs', async () => {
    const project = suite.fakes.sample.projects.satellite;
    const id = suite.fakes.ls.addBackend({ project, url: suite.fakes.ml.model('to-remove', {}), title: 'to-remove' }).id;
    await suite.api.controller.refreshProject(url(), project);
    const kept = await runWithAnswers(suite.api, 'labelStudio.removeBackend', [undefined], backendNode(project, id));
    assert.match(kept.asked[0].text, /Remove the ML backend "to-remove" from project "Satellite tiles - segmentation"\?/);
    assert.match(kept.asked[0].text, /webhook/);
    assert.ok(suite.fakes.ls.getBackend(id), 'nothing is deleted without the confirmation');
    await runWithAnswers(suite.api, 'labelStudio.removeBackend', ['Remove'], backendNode(project, id));
    assert.equal(suite.fakes.ls.getBackend(id), undefined);
    assert.ok(requests().includes(`DELETE /api/ml/${id}`));
    assert.ok(!(await treeItems(suite.api, projectNode(project))).some((r) => labelOf(r.item) === 'to-remove'));
  });

  it('Start Training shows the request on the row, re-reads the backend and says Label Studio reports no progress', async () => {
    const { streetScenes } = suite.fakes.sample.projects;
    const id = suite.fakes.sample.backends.yolo;
    const seen: string[] = [];
    const sub = suite.api.registry.entry(url())!.model.onChange(() => {
      const a = suite.api.registry.entry(url())!.model.activity(id);
      if (a && !seen.includes(a)) seen.push(a);
    });
    const prompts = await runWithAnswers(suite.api, 'labelStudio.startTraining', [], backendNode(streetScenes, id));
    sub.dispose();
    assert.deepEqual(seen, ['training requested…', 'checking state…']);
    assert.deepEqual(
      requests().filter((r) => r.includes(`/api/ml/${id}`)),
      [`POST /api/ml/${id}/train`, `GET /api/ml/${id}`],
    );
    assert.match(prompts.asked[0].text, /now Connected\. Label Studio reports no training progress/);
    assert.equal(suite.api.registry.entry(url())!.model.activity(id), undefined);
  });

  it('Model Versions lists the versions with the current one marked and explains the fallback', async () => {
    const prompts = await runWithAnswers(
      suite.api,
      'labelStudio.showModelVersions',
      [undefined],
      backendNode(suite.fakes.sample.projects.streetScenes, suite.fakes.sample.backends.yolo),
    );
    assert.deepEqual(prompts.asked[0].options, ['yolo11m-det-2025.10.2 (current)']);
    assert.match(prompts.asked[0].details?.[0] ?? '', /no \/versions route/);
  });

  it("Model Versions shows an ML server error as the backend's, never as a rejected token", async () => {
    const project = suite.fakes.sample.projects.satellite;
    const id = suite.fakes.ls.addBackend({
      project,
      url: suite.fakes.ml.model('locked-versions', { basicAuth: { user: 'a', pass: 'b' } }),
      title: 'locked',
    }).id;
    await suite.api.controller.refreshProject(url(), project);
    const prompts = await runWithAnswers(suite.api, 'labelStudio.showModelVersions', [], backendNode(project, id));
    assert.match(prompts.asked[0].text, /The ML backend "locked" answered with an error \(401\)/);
    assert.doesNotMatch(prompts.asked[0].text, /token/i);
  });

  it("Send Test Request offers the project's tasks, opens the inspector, and its Open as JSON shows the raw answer read-only", async () => {
    const project = suite.fakes.sample.projects.streetScenes;
    const id = suite.fakes.ls.addBackend({
      project,
      url: suite.fakes.ml.model('interactive-ok', {}),
      title: 'interactive',
      is_interactive: true,
    }).id;
    await suite.api.controller.refreshProject(url(), project);
    const firstTask = suite.fakes.ls.tasks.find((t) => t.project === project)!.id;
    const prompts = await runWithAnswers(
      suite.api,
      'labelStudio.sendTestRequest',
      [`Task ${firstTask}`, '{"result": []}'],
      backendNode(project, id),
    );
    assert.ok(prompts.asked[0].options.length >= 2);
    const panel = await waitFor('the inspector', () => suite.api.inspector.panels.find((p) => p.page?.taskId === firstTask));
    await suite.api.inspector.openJson(panel, 'fresh');
    panel.panel.dispose();
    const editor = await waitFor(
      'the JSON answer',
      () => vscode.window.activeTextEditor?.document.uri.scheme === 'labelstudio' && vscode.window.activeTextEditor,
    );
    assert.equal(editor.document.languageId, 'json');
    assert.ok('result' in JSON.parse(editor.document.getText()));
    assert.ok(requests().includes(`POST /api/ml/${id}/interactive-annotating`));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a test request to a non-interactive backend shows the error and offers to turn interactive on', async () => {
    const project = suite.fakes.sample.projects.streetScenes;
    const id = suite.fakes.sample.backends.yolo;
    const firstTask = suite.fakes.ls.tasks.find((t) => t.project === project)!.id;
    const prompts = await runWithAnswers(
      suite.api,
      'labelStudio.sendTestRequest',
      [`Task ${firstTask}`, '', 'Turn On Interactive Pre-annotations'],
      backendNode(project, id),
    );
    const error = prompts.asked.find((a) => a.kind === 'error');
    assert.match(error?.text ?? '', /not set to be used for interactive preannotations/);
    assert.equal(suite.fakes.ls.getBackend(id)?.is_interactive, true);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Predict All Tasks on Community offers the Data Manager action and reports what the server said', async () => {
    const project = suite.fakes.sample.projects.productReviews;
    const prompts = await runWithAnswers(
      suite.api,
      'labelStudio.predictAllTasks',
      ['Predict', 'Retrieve Predictions'],
      backendNode(project, suite.fakes.sample.backends.llmNer),
    );
    assert.match(prompts.asked[1].text, /FIRST backend/);
    assert.match(prompts.asked[2].text, /Label Studio: Retrieved \d+ predictions \(5 tasks selected\)/);
    assert.ok(requests().includes(`POST /api/dm/actions/?id=retrieve_tasks_predictions&project=${project}`));
  });

  it("Predict All Tasks on Enterprise uses the backend's own route", async () => {
    suite.fakes.ls.edition = 'enterprise';
    try {
      const id = suite.fakes.sample.backends.yolo;
      const prompts = await runWithAnswers(
        suite.api,
        'labelStudio.predictAllTasks',
        ['Predict'],
        backendNode(suite.fakes.sample.projects.streetScenes, id),
      );
      assert.match(prompts.asked[1].text, /Label Studio: Predictions have successfully started/);
      assert.ok(requests().includes(`POST /api/ml/${id}/predict?batch_size=100`));
    } finally {
      suite.fakes.ls.edition = 'community';
    }
  });

  it('Copy URL and Copy ID put the values on the clipboard', async () => {
    const id = suite.fakes.sample.backends.yolo;
    await vscode.commands.executeCommand('labelStudio.copyBackendId', backendNode(suite.fakes.sample.projects.streetScenes, id));
    assert.equal(await vscode.env.clipboard.readText(), String(id));
    await vscode.commands.executeCommand('labelStudio.copyBackendUrl', backendNode(suite.fakes.sample.projects.streetScenes, id));
    assert.equal(await vscode.env.clipboard.readText(), suite.fakes.ls.getBackend(id)?.url);
  });
});
