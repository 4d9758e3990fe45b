#!/usr/bin/env node
// UI test of the local backend loop in the installed .vsix: a workspace holding the Python fake ML
// backend (test/fixtures/local-backend, run for real with python3), the Local ML Backends view,
// Start → Running, Connect to Project… → Connected, Predict Locally… → the inspector, Check Media
// Access → the report, Stop. Docker is kept off the PATH (the Python start command); screenshots
// for the README (see ui-smoke.mjs).
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  clickRowAction,
  loadFakes,
  notification,
  openViewContainer,
  packagedVsix,
  pickQuickPickItem,
  readmeScreenshot,
  runCommand,
  runUiScenario,
  typeIntoInputBox,
  viewPane,
  widenSideBar,
} from './ui-smoke-lib.mjs';

const { FakeLabelStudio, fixtureWorkspace, freePort } = loadFakes();
const vsix = packagedVsix();

const ls = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 3000 } });
const projectId = ls.addProject({ title: 'Local cats' }).id;
const task = ls.addTask(projectId, { text: 'A cat on a sofa', image: ls.addUpload(projectId, 'cat.jpg') });
const port = await freePort();
const workspace = mkdtempSync(join(tmpdir(), 'ui-local-'));
cpSync(join(fixtureWorkspace(), 'my_ml_backend'), join(workspace, 'my_ml_backend'), {
  recursive: true,
  filter: (s) => !s.includes('__pycache__'),
});
// No LABEL_STUDIO_URL yet: Check Media Access has a cause to report.
writeFileSync(join(workspace, 'my_ml_backend', '.env'), `PORT=${port}\nLABEL_STUDIO_API_KEY=${ls.legacyTokens[0]}\n`);
const withoutDocker = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((d) => !existsSync(join(d, 'docker')))
  .join(delimiter);

await runUiScenario(
  'local-backends',
  {
    vsix,
    folder: workspace,
    env: { PATH: withoutDocker, PYTHONDONTWRITEBYTECODE: '1' },
    settings: { 'labelStudio.servers': [{ url: ls.url }], 'workbench.colorTheme': 'Default Dark Modern' },
    viewport: { width: 1280, height: 800 },
  },
  async ({ page, step }) => {
    const pane = viewPane(page, 'Local ML Backends');
    const localRow = (text) => pane.locator('.monaco-list-row', { hasText: text }).first();

    await step('the view finds the backend folder: Stopped', async () => {
      await openViewContainer(page, 'Label Studio');
      // The welcome button shows once the extension is active and knows the server has no token.
      await viewPane(page, 'ML Backends').getByRole('button', { name: 'Set API Token' }).waitFor({ timeout: 60_000 });
      await runCommand(page, 'Label Studio: Set API Token');
      await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor({ state: 'visible' });
      await typeIntoInputBox(page, ls.legacyTokens[0]);
      await localRow('Stopped').waitFor({ timeout: 60_000 });
      await widenSideBar(page, 420);
    });

    await step('Start: a terminal runs python3 _wsgi.py; the row turns Running with the model class', async () => {
      await clickRowAction(page, localRow('my_ml_backend'), 'Start Local Backend');
      await localRow('Running · NewModel').waitFor({ timeout: 60_000 });
      await readmeScreenshot(page, 'local-running.png');
    });

    await step('Connect to Project…: Label Studio accepts the plain address; the connection shows Connected', async () => {
      await runCommand(page, 'Label Studio: Connect to Project…');
      await pickQuickPickItem(page, 'Local cats');
      // Notifications never carry a live link: the URL shows defused (`http(:)//`), as every notification text does.
      await notification(page, `Label Studio reaches my_ml_backend at http(:)//localhost:${port}`, { timeout: 60_000 });
      await localRow('Connected').waitFor({ timeout: 30_000 });
      await readmeScreenshot(page, 'local-connected.png');
    });

    await step('Predict Locally…: the answer opens in the prediction inspector', async () => {
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Label Studio: Predict Locally…');
      await pickQuickPickItem(page, `Task ${task.id}`);
      await page.locator('.tab', { hasText: `Predictions · task ${task.id}` }).waitFor({ timeout: 30_000 });
      await notification(page, 'predicted locally: HTTP 200');
      await readmeScreenshot(page, 'local-predict.png');
    });

    await step('Check Media Access: the report names the cause and the fix, the key masked', async () => {
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Label Studio: Check Media Access');
      const editor = page.locator('.editor-instance .view-lines');
      await editor.filter({ hasText: 'relative-without-url' }).waitFor({ timeout: 30_000 });
      if ((await editor.textContent()).includes(ls.legacyTokens[0])) throw new Error('the key is in the report');
      await readmeScreenshot(page, 'local-media-access.png');
    });

    await step('Stop: the terminal closes and the row shows Stopped', async () => {
      await clickRowAction(page, localRow('my_ml_backend'), 'Stop Local Backend');
      await localRow('Stopped').waitFor({ timeout: 30_000 });
    });
  },
);

await ls.close();
rmSync(workspace, { recursive: true, force: true });
