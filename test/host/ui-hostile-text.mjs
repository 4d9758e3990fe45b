#!/usr/bin/env node
// UI test (issue 9): a backend whose title, project title, task data and errors carry a command link
// `[x](command:…)`, an https:// link and markup. Every action that shows them runs in the real VS
// Code; the notification toasts, the progress notification, the modal confirmations and the quick
// picks must contain no anchor (`a` element) made from server text, and no markup element.
import {
  clearNotifications,
  notification,
  openViewContainer,
  pickQuickPickItem,
  runCommand,
  runUiScenario,
  typeIntoInputBox,
  viewPane,
  loadFakes,
  packagedVsix,
} from './ui-smoke-lib.mjs';

const { FakeLabelStudio } = loadFakes();
const vsix = packagedVsix();

const EVIL = '[x](command:workbench.action.terminal.new) see https://evil.example/x **bold** <b>markup</b> <img src=x>';
const ls = await FakeLabelStudio.start();
const project = ls.addProject({ title: `Evil project ${EVIL}` }).id;
const backend = ls.addBackend({ project, url: 'http://127.0.0.1:9/hostile', title: `Hostile ${EVIL}` }).id;
ls.addTask(project, { text: `task text ${EVIL}` });
ls.injectFault({
  path: `/api/ml/${backend}/versions`,
  fault: { kind: 'status', status: 500, body: { error: `versions failed: ${EVIL}` } },
});
ls.injectFault({
  path: `/api/ml/${backend}/interactive-annotating`,
  fault: { kind: 'status', status: 200, body: { errors: [`model says: ${EVIL}`] } },
});
ls.injectFault({ path: `/api/ml/${backend}/train`, fault: { kind: 'status', status: 500, body: { detail: `training failed: ${EVIL}` } } });
// The Data Manager action answers slowly, so that its progress notification can be inspected.
ls.injectFault({ path: /^\/api\/dm\/actions\//, fault: { kind: 'delay', ms: 4000 } });

/**
 * Anchors or markup inside the server-text parts of the UI: notification messages (toasts, progress
 * included), modal dialog texts, quick-input titles, messages and list rows. VS Code's own buttons
 * and toolbar actions (`.monaco-button`, `.action-label`) and the href-less `a.label-name` in which
 * a quick pick shows a label are not links and are left out; a link VS Code renders has an href.
 */
async function liveElements(page) {
  return page.evaluate(() => {
    const scopes = [
      '.notifications-toasts .notification-list-item-message',
      '.monaco-dialog-box .dialog-message-text',
      '.monaco-dialog-box .dialog-message-detail',
      '.quick-input-widget .quick-input-title',
      '.quick-input-widget .quick-input-message',
      '.quick-input-widget .quick-input-description',
      '.quick-input-widget .quick-input-list .monaco-list-row',
    ];
    const found = [];
    for (const scope of scopes) {
      for (const root of document.querySelectorAll(scope)) {
        for (const el of root.querySelectorAll('a, [href], b, strong, img, em, i:not(.codicon)')) {
          // VS Code's own: buttons and toolbar actions, and the `a.label-name` that holds a quick-pick label's text (no href).
          if (el.closest('.monaco-button, .action-label, .monaco-action-bar')) continue;
          if (el.matches('a.label-name:not([href])')) continue;
          found.push(`${scope}: <${el.tagName.toLowerCase()}> ${el.textContent}`);
        }
      }
    }
    return found;
  });
}

/** Waits until server text shows in `selector`, then checks that nothing in the UI is live. */
async function expectInert(page, selector, what) {
  await page.locator(selector, { hasText: 'evil.example' }).first().waitFor({ timeout: 30_000 });
  const live = await liveElements(page);
  if (live.length > 0) throw new Error(`${what}: live elements from server text:\n${live.join('\n')}`);
  const shown = await page.locator(selector, { hasText: 'evil.example' }).first().innerText();
  if (!shown.includes('command')) throw new Error(`${what}: the server text is not shown as text: ${shown}`);
  console.log(`[ui:hostile-text]   ${what}: ${JSON.stringify(shown.slice(0, 160))}`);
}

const TOAST = '.notifications-toasts .notification-toast';
const PICK_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
const HOSTILE = /^\s*Hostile/;

await runUiScenario(
  'hostile-text',
  {
    vsix,
    settings: { 'labelStudio.servers': [{ url: ls.url }] },
    viewport: { width: 1280, height: 760 },
  },
  async ({ page, step }) => {
    const pane = viewPane(page, 'ML Backends');

    await step('connect', async () => {
      await openViewContainer(page, 'Label Studio');
      await pane.getByRole('button', { name: 'Set API Token' }).waitFor({ timeout: 60_000 });
      await runCommand(page, 'Label Studio: Set API Token');
      await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor({ state: 'visible' });
      await typeIntoInputBox(page, ls.legacyTokens[0]);
      await pane.locator('.monaco-list-row', { hasText: 'Evil project' }).first().waitFor({ timeout: 30_000 });
    });

    await step('Model Versions: the backend picker and the error notification', async () => {
      await runCommand(page, 'Label Studio: Model Versions');
      await expectInert(page, PICK_ROWS, 'backend quick pick');
      await pickQuickPickItem(page, HOSTILE);
      await expectInert(page, TOAST, 'versions error toast');
      await clearNotifications(page);
    });

    await step('Send Test Request: the task picker, the context prompt and the error notification', async () => {
      await runCommand(page, 'Label Studio: Send Test Request…');
      await pickQuickPickItem(page, HOSTILE);
      await expectInert(page, PICK_ROWS, 'task quick pick');
      await pickQuickPickItem(page, /^Task \d+$/, { filter: false });
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'context (optional)' }).waitFor();
      await expectInert(page, '.quick-input-widget .quick-input-title', 'context input box title');
      await typeIntoInputBox(page, '', { placeholder: '{"result": []}' });
      await expectInert(page, TOAST, 'test request error toast');
      await page.keyboard.press('Control+W'); // the errors document
      await clearNotifications(page);
    });

    await step('Start Training: the failure notification', async () => {
      await runCommand(page, 'Label Studio: Start Training');
      await pickQuickPickItem(page, HOSTILE);
      await expectInert(page, TOAST, 'training failure toast');
      await clearNotifications(page);
    });

    await step('Predict All Tasks: the confirmations, the progress notification and the result', async () => {
      await runCommand(page, 'Label Studio: Predict All Tasks…');
      await pickQuickPickItem(page, HOSTILE);
      const dialog = page.locator('.monaco-dialog-box');
      await expectInert(page, '.monaco-dialog-box', 'first confirmation');
      await dialog.getByRole('button', { name: 'Predict' }).click();
      await dialog.getByRole('button', { name: 'Retrieve Predictions' }).waitFor();
      await expectInert(page, '.monaco-dialog-box', 'Data Manager confirmation');
      await dialog.getByRole('button', { name: 'Retrieve Predictions' }).click();
      const progress = await notification(page, 'Retrieving predictions for');
      await expectInert(page, TOAST, 'progress notification');
      if (!(await progress.innerText()).includes('evil.example')) throw new Error('the progress title does not show the project');
      await notification(page, /^Label Studio:/);
    });
  },
).finally(async () => {
  await ls.close();
});
