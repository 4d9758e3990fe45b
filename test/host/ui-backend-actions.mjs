#!/usr/bin/env node
// UI test of the backend actions in the installed .vsix: add → edit → train → remove through the
// tree's menus and input boxes, with screenshots for the README (see ui-smoke.mjs for where they go).
import {
  clearNotifications,
  clickRowAction,
  contextMenu,
  notification,
  openViewContainer,
  pickQuickPickItem,
  readmeScreenshot,
  runCommand,
  runUiScenario,
  treeRow,
  typeIntoInputBox,
  viewPane,
  widenSideBar,
} from './ui-smoke-lib.mjs';
import { startSampleWorld } from './ui-sample.mjs';

const world = await startSampleWorld();
const { ls, ml, sample } = world;
const modelUrl = ml.model('whisper', { modelVersion: 'whisper-large-v3' });
const PROJECT = 'Audio - speaker diarization';

await runUiScenario(
  'backend-actions',
  {
    vsix: world.vsix,
    settings: { 'labelStudio.servers': [{ url: ls.url }], 'workbench.colorTheme': 'Default Dark Modern' },
    viewport: { width: 1280, height: 760 },
  },
  async ({ page, step }) => {
    const pane = viewPane(page, 'ML Backends');
    const row = (label) => treeRow(page, label, { view: 'ML Backends' }).first();

    await step('connect with the legacy token', async () => {
      await openViewContainer(page, 'Label Studio');
      await pane.getByRole('button', { name: 'Set API Token' }).waitFor({ timeout: 60_000 });
      await runCommand(page, 'Label Studio: Set API Token');
      await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor({ state: 'visible' });
      await typeIntoInputBox(page, sample.legacyToken);
      await row(PROJECT).waitFor({ timeout: 30_000 });
      await widenSideBar(page, 470);
    });

    await step('add: the inline + on the project, seven steps, Label Studio checks the backend', async () => {
      await clickRowAction(page, row(PROJECT), 'Add ML Backend…');
      await typeIntoInputBox(page, modelUrl, { submit: false });
      await readmeScreenshot(page, 'add-backend.png', { clip: { x: 0, y: 0, width: 1280, height: 300 } });
      await page.keyboard.press('Enter');
      await typeIntoInputBox(page, 'whisper', { placeholder: 'my-model' });
      await typeIntoInputBox(page, 'Speech to text', { placeholder: 'What the model does' });
      await pickQuickPickItem(page, 'No Authentication');
      await pickQuickPickItem(page, 'Off');
      await typeIntoInputBox(page, '30', { placeholder: '100' });
      await typeIntoInputBox(page, '', { placeholder: '{"threshold": 0.5}' });
      await notification(page, 'Added "whisper" to Audio - speaker diarization: Connected');
      if ((await row(PROJECT).getAttribute('aria-expanded')) !== 'true') await row(PROJECT).click();
      await pane.locator('.monaco-list-row', { hasText: 'whisper' }).filter({ hasText: 'Connected' }).first().waitFor({ timeout: 30_000 });
    });

    await step('the context menu of a backend: every action', async () => {
      await clearNotifications(page);
      await row('whisper').click({ button: 'right' });
      await page.locator('.monaco-menu .action-label', { hasText: 'Predict All Tasks…' }).waitFor();
      await readmeScreenshot(page, 'backend-menu.png', { clip: { x: 0, y: 0, width: 900, height: 560 } });
      await page.keyboard.press('Escape');
    });

    await step('edit: prefilled steps, only the title changes', async () => {
      await contextMenu(page, row('whisper'), 'Edit ML Backend…');
      await typeIntoInputBox(page, modelUrl, { submit: false });
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Edit whisper (1/7)' }).waitFor();
      await page.waitForTimeout(300); // the widget fades in
      await readmeScreenshot(page, 'edit-backend.png', { clip: { x: 0, y: 0, width: 1280, height: 300 } });
      await page.keyboard.press('Enter');
      await typeIntoInputBox(page, 'whisper-large', { placeholder: 'my-model' });
      await typeIntoInputBox(page, 'Speech to text', { placeholder: 'What the model does' });
      await pickQuickPickItem(page, 'No Authentication');
      await pickQuickPickItem(page, 'Off');
      await typeIntoInputBox(page, '100', { placeholder: '100' });
      await typeIntoInputBox(page, '', { placeholder: '{"threshold": 0.5}' });
      await notification(page, 'Saved "whisper-large": Connected');
      await row('whisper-large').waitFor({ timeout: 30_000 });
    });

    await step('train: the inline ▶ on the row, then how it ended', async () => {
      await clearNotifications(page);
      await clickRowAction(page, row('whisper-large'), 'Start Training');
      await notification(page, 'Label Studio reports no training progress');
      await page.mouse.move(1000, 740);
      await page.waitForTimeout(600); // the toast slides in
      await readmeScreenshot(page, 'start-training.png');
      const trained = ml.requests.filter((r) => r.path.endsWith('/webhook'));
      if (trained.length === 0) throw new Error('the ML server never received the training webhook');
    });

    await step('model versions: the current one marked, the fallback explained', async () => {
      await contextMenu(page, row('whisper-large'), 'Model Versions');
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'no /versions route' }).waitFor();
      await page.waitForTimeout(300); // the widget fades in
      await readmeScreenshot(page, 'model-versions.png', { clip: { x: 0, y: 0, width: 1280, height: 300 } });
      await page.keyboard.press('Escape');
    });

    await step('send a test request to an interactive backend: the inspector, then its answer in a read-only JSON editor', async () => {
      await clearNotifications(page);
      await row('Invoices OCR').click();
      const untitled = pane.locator('.monaco-list-row', { hasText: '/easyocr' }).first();
      await untitled.waitFor();
      await contextMenu(page, untitled, 'Send Test Request…');
      await pickQuickPickItem(page, /^Task \d+$/, { filter: false });
      await typeIntoInputBox(page, '', { placeholder: '{"result": []}' });
      const inspector = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
      await inspector.getByRole('button', { name: 'Open as JSON' }).click({ timeout: 30_000 });
      await page.locator('.editor-instance .view-lines', { hasText: '"result"' }).first().waitFor({ timeout: 30_000 });
      await page.mouse.move(1000, 740);
      await readmeScreenshot(page, 'test-request.png');
      await runCommand(page, 'View: Close All Editors');
    });

    await step('predict all tasks on Community: the Data Manager action is offered instead', async () => {
      await row('Street scenes - detection').click();
      await contextMenu(page, row('yolo-detector'), 'Predict All Tasks…');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.getByRole('button', { name: 'Predict' }).click();
      await dialog.getByRole('button', { name: 'Retrieve Predictions' }).waitFor();
      await readmeScreenshot(page, 'predict-all.png');
      await dialog.getByRole('button', { name: 'Retrieve Predictions' }).click();
      await notification(page, /Label Studio: Retrieved \d+ predictions/);
    });

    await step('remove: a modal names the backend and the project', async () => {
      await contextMenu(page, row('whisper-large'), 'Remove ML Backend');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      const text = await dialog.innerText();
      if (!text.includes('"whisper-large"') || !text.includes(PROJECT) || !/webhook/.test(text))
        throw new Error(`unexpected confirmation: ${text}`);
      await readmeScreenshot(page, 'remove-backend.png');
      await dialog.getByRole('button', { name: 'Remove' }).click();
      await row('whisper-large').waitFor({ state: 'detached', timeout: 30_000 });
      if (ls.backends.some((b) => b.url === modelUrl)) throw new Error('the backend is still on the server');
    });
  },
).finally(world.close);
