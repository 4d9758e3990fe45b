/**
 * The local backend loop in the editor: detect, start (the stdlib Python fake ML backend, for real),
 * Running, connect (the backend appears under the project, Connected), predict locally, each
 * media-access cause, stop; the compose path through a stand-in `docker` script that records its
 * arguments (Docker is not available in CI).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import vscode = require('vscode');
import type { TestApi } from '../../src/extension';
import type { LocalNode } from '../../src/vscode/local/localTree';
import { FakeLabelStudio, fixtureWorkspace, freePort } from '../fake';
import { extensionApi, labelOf, resetExtension, rememberSecret, runWithAnswers, setServers, trackFake, waitFor } from './helpers';

const FOLDER_NAME = 'my_ml_backend';

describe('Local ML Backends: detect, start, connect, predict, media access, stop', function () {
  this.timeout(90_000);
  let api: TestApi;
  let local: Awaited<ReturnType<TestApi['local']>>;
  let ls: FakeLabelStudio;
  let folder: string;
  let port: number;
  let projectId: number;
  let dockerProjectId: number;
  const originalPath = process.env.PATH ?? '';

  const backend = () => local.backends.get(folder);
  const item = (node: LocalNode) => local.tree.getTreeItem(node);
  async function rows(node?: LocalNode): Promise<Array<{ node: LocalNode; label: string; description: string }>> {
    return local.tree.getChildren(node).map((n) => {
      const i = item(n);
      return { node: n, label: labelOf(i), description: String(i.description ?? '') };
    });
  }
  async function writeEnv(values: Record<string, string>): Promise<void> {
    const text = Object.entries({ PORT: String(port), ...values })
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    withoutDocker();
    fs.writeFileSync(path.join(folder, '.env'), `${text}\n`);
    await local.controller.search();
    const seen = () => JSON.stringify({ path: process.env.PATH, mode: backend()?.plan.mode, v: backend()?.env.values });
    await waitFor(
      `the .env values (${seen()})`,
      () =>
        JSON.stringify(Object.fromEntries(Object.entries(backend()?.env.values ?? {}).map(([k, v]) => [k, v.value]))) ===
        JSON.stringify({ PORT: String(port), ...values }),
    );
  }
  /**
   * No docker on the PATH: the Python start command (the compose path has its own test below). Set
   * again before each search: the extension host restores its environment at times (after a terminal starts).
   */
  function withoutDocker(): void {
    process.env.PATH = originalPath
      .split(path.delimiter)
      .filter((d) => !fs.existsSync(path.join(d, 'docker')))
      .join(path.delimiter);
  }
  const activeText = () => vscode.window.activeTextEditor?.document.getText() ?? '';

  before(async () => {
    api = await extensionApi();
    await resetExtension(api);
    local = await api.local();
    withoutDocker();
    ls = trackFake(await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 3000 } }));
    projectId = ls.addProject({ title: 'Local cats' }).id;
    ls.addTask(projectId, { text: 'a task with text only', image: ls.addUpload(projectId, 'cat.jpg') });
    dockerProjectId = ls.addProject({ title: 'Docker cats' }).id;
    port = await freePort();
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    folder = path.join(root, FOLDER_NAME);
    fs.cpSync(path.join(fixtureWorkspace(), FOLDER_NAME), folder, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    fs.writeFileSync(path.join(folder, '.env'), `PORT=${port}\n`);
  });

  after(async () => {
    const b = backend();
    if (b) await local.runner.stop(b);
    process.env.PATH = originalPath;
    ls.network = 'host';
    fs.rmSync(folder, { recursive: true, force: true });
    await local.controller.search();
    await resetExtension(api);
    await ls.close();
  });

  it('detects the backend folder (label-studio-ml create layout) and shows it Stopped', async () => {
    await waitFor('the backend folder', () => backend());
    const b = backend()!;
    assert.deepEqual(
      [b.label, b.wsgi.modelClass, b.plan.mode, b.plan.commandLine],
      [FOLDER_NAME, 'NewModel', 'python', `python3 _wsgi.py --port ${port}`],
    );
    const [row] = await rows();
    assert.equal(row.label, FOLDER_NAME);
    assert.equal(row.description, `Stopped · http://localhost:${port}`);
    const env = await rows((await rows(row.node))[1].node);
    assert.deepEqual(env.map((e) => e.label).slice(0, 2), ['LABEL_STUDIO_URL', 'LABEL_STUDIO_API_KEY']);
    assert.equal(env[0].description, 'not set');
  });

  it('starts it in a terminal and shows Running with its model class', async () => {
    await vscode.commands.executeCommand('labelStudio.localBackends.focus');
    await vscode.commands.executeCommand('labelStudio.local.start', { folder });
    assert.ok(local.runner.terminalOf(folder), 'a terminal runs it');
    await waitFor('Running', async () => (await rows())[0]?.description === `Running · NewModel · http://localhost:${port}`, 30_000);
  });

  it('a second start is refused while the port is taken by another process', async () => {
    const b = backend()!;
    const other = { ...b, folder: `${b.folder}-copy` };
    assert.equal(await local.runner.start(other), 'port-busy');
  });

  it('connects it to a project: Label Studio accepts the plain address, and the backend appears Connected', async () => {
    await setServers([{ url: ls.url }]);
    // A personal access token for the extension itself, so that disabling legacy keys below only hits the backend's key.
    const pat = ls.issuePersonalAccessToken();
    rememberSecret(pat);
    await api.tokens.set(ls.url, pat);
    await api.controller.reload();
    const prompts = await runWithAnswers(api, 'labelStudio.local.connect', ['Local cats', undefined], { folder });
    assert.ok(
      prompts.asked.some((a) => a.kind === 'info' && a.text.includes(`http://localhost:${port}`)),
      JSON.stringify(prompts.asked),
    );
    assert.equal(ls.backends.find((b) => b.project === projectId)?.url, `http://localhost:${port}`);
    const connections = await waitFor('the connection row', async () => {
      const list = await rows((await rows((await rows())[0].node))[0].node);
      return list.some((r) => r.description.startsWith('Connected')) && list;
    });
    assert.match(connections[0].label, /^Local cats · /);
  });

  it('connects through host.docker.internal when Label Studio runs in Docker', async () => {
    ls.network = 'docker';
    try {
      await runWithAnswers(api, 'labelStudio.local.connect', ['Docker cats', undefined], { folder });
      assert.equal(ls.backends.find((b) => b.project === dockerProjectId)?.url, `http://host.docker.internal:${port}`);
    } finally {
      ls.network = 'host';
    }
  });

  it("predicts a task locally and opens the prediction inspector; Compare with Label Studio opens Label Studio's answer too", async () => {
    const task = ls.tasks.find((t) => t.project === projectId)!;
    await waitFor('both connections', async () => (await rows((await rows((await rows())[0].node))[0].node)).length === 2);
    const before = api.inspector.panels.length;
    const prompts = await runWithAnswers(api, 'labelStudio.local.predict', ['Local cats', `Task ${task.id}`, 'Compare with Label Studio'], {
      folder,
    });
    assert.ok(
      prompts.asked.some((a) => a.kind === 'info' && /predicted locally: HTTP 200/.test(a.text)),
      JSON.stringify(prompts.asked),
    );
    const panels = await waitFor(
      `two inspector panels (${api.inspector.panels.length - before}; ${JSON.stringify(prompts.asked.map((a) => a.text))}; ${api.logLines.slice(-3).join(' / ')})`,
      () =>
        api.inspector.panels.length === before + 2 &&
        api.inspector.panels.slice(before).every((p) => p.page) &&
        api.inspector.panels.slice(before),
    );
    assert.deepEqual(
      panels.map((p) => p.page?.taskId),
      [task.id, task.id],
    );
    assert.ok(api.logLines.some((l) => l.includes(`Predict locally with ${FOLDER_NAME}, task ${task.id}: 200`)));
    for (const p of panels) p.panel.dispose();
  });

  describe('Check Media Access names each cause', () => {
    async function causes(values: Record<string, string>, project = 'Local cats'): Promise<string> {
      await writeEnv(values);
      await runWithAnswers(api, 'labelStudio.local.checkMediaAccess', [project], { folder });
      const text = activeText();
      for (const secret of [ls.legacyTokens[0], values.LABEL_STUDIO_API_KEY].filter(Boolean))
        assert.ok(!text.includes(secret!), 'no key in the report');
      return text;
    }
    it('a relative upload without LABEL_STUDIO_URL', async () => {
      assert.match(await causes({}), /relative-without-url/);
    });
    it('all good with the URL and a legacy key', async () => {
      assert.match(await causes({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.legacyTokens[0] }), /## All good/);
    });
    it('legacy tokens disabled', async () => {
      ls.legacyTokensEnabled = false;
      try {
        assert.match(await causes({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.legacyTokens[0] }), /legacy-disabled/);
      } finally {
        ls.legacyTokensEnabled = true;
      }
    });
    it('a personal access token with an SDK too old for it', async () => {
      const req = path.join(folder, 'requirements-base.txt');
      const original = fs.readFileSync(req, 'utf8');
      fs.writeFileSync(req, 'label-studio-ml==1.0.9\n');
      try {
        const pat = ls.issuePersonalAccessToken();
        rememberSecret(pat);
        assert.match(await causes({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: pat }), /pat-sdk-too-old/);
      } finally {
        fs.writeFileSync(req, original);
      }
    });
    it('401 for a wrong key', async () => {
      assert.match(await causes({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: 'd'.repeat(40) }), /http-401/);
    });
    it('404 for a missing upload, 403 with local-file serving off', async () => {
      const task = ls.tasks.find((t) => t.project === projectId)!;
      const keep = task.data.image;
      task.data.image = `/data/upload/${projectId}/gone.jpg`;
      task.data.other = '/data/local-files/?d=photos/a.jpg';
      try {
        const text = await causes({ LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: ls.legacyTokens[0] });
        assert.match(text, /http-404/);
        assert.match(text, /local-files-off/);
      } finally {
        task.data.image = keep;
        delete task.data.other;
      }
    });
  });

  it('stops it: the terminal closes and the row shows Stopped', async () => {
    withoutDocker();
    await local.controller.search();
    await vscode.commands.executeCommand('labelStudio.local.stop', { folder });
    await waitFor('Stopped', async () => (await rows())[0]?.description === `Stopped · http://localhost:${port}`, 20_000);
    assert.equal(local.runner.terminalOf(folder), undefined);
  });

  it('with docker on the PATH: docker compose up / stop (a stand-in docker script records its arguments)', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-stand-in-'));
    const record = path.join(bin, 'calls.txt');
    fs.writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\necho "$PWD|$*" >> "${record}"\n[ "$2" = up ] && exec sleep 600\nexit 0\n`, {
      mode: 0o755,
    });
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
    const composeFile = path.join(folder, 'docker-compose.yml');
    const hostPort = await freePort();
    fs.writeFileSync(composeFile, fs.readFileSync(composeFile, 'utf8').replace('"9090:9090"', `"${hostPort}:9090"`));
    try {
      await local.controller.search();
      await waitFor('Docker mode', () => backend()?.plan.mode === 'docker');
      assert.equal(backend()!.env.port, hostPort, 'the host port of the compose mapping');
      await vscode.commands.executeCommand('labelStudio.local.start', { folder });
      await waitFor(
        'docker compose up',
        () => fs.existsSync(record) && fs.readFileSync(record, 'utf8').includes('compose up --build'),
        20_000,
      );
      await vscode.commands.executeCommand('labelStudio.local.stop', { folder });
      const calls = fs
        .readFileSync(record, 'utf8')
        .trim()
        .split('\n')
        .filter((c) => !c.endsWith('compose version'));
      assert.deepEqual(calls, [`${folder}|compose up --build`, `${folder}|compose stop`]);
    } finally {
      process.env.PATH = originalPath;
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
