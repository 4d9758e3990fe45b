#!/usr/bin/env node
// The extension in the user's language, in real VS Code: code-server started in another display
// language (a stand-in language pack, see display-language.mjs), the packaged .vsix, the fake Label Studio.
//
//   qps-ploc  the pseudo-locale: every text the EXTENSION shows (view titles, welcome text, palette
//             entries, the token box, tree rows and their descriptions, a hover, a notification) must
//             be ⟦marked⟧. Text from the servers (titles, URLs, error messages: read from the fake) is
//             left out of the check. What is not marked was not translated: all of it is listed at the end.
//   zh-cn     Simplified Chinese: the tree, for the README (media/screenshots/tree-zh-cn.png with
//             UPDATE_SCREENSHOTS=1), and the walkthrough, whose pages VS Code takes from <page>.nls.zh-cn.md.
//
// `node test/host/ui-l10n.mjs [locale]`; without one it runs both, each in its own process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useDisplayLanguage } from './display-language.mjs';
import { REPO_ROOT } from './paths.mjs';
import {
  contextMenu,
  hover,
  loadFakes,
  openViewContainer,
  packagedVsix,
  quickInputRow,
  readmeScreenshot,
  runCommand,
  runUiScenario,
  screenshot,
  treeRow,
  typeIntoInputBox,
  viewPane,
  widenSideBar,
} from './ui-smoke-lib.mjs';
import { serverStrings, unmarkedLines } from './unmarked-text.mjs';

const LOCALES = ['zh-cn', 'qps-ploc'];
const locale = process.argv[2];
if (!locale) {
  let code = 0;
  for (const each of LOCALES) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), each], { stdio: 'inherit' });
    code = Math.max(code, run.status ?? 1);
  }
  process.exit(code);
}
if (!LOCALES.includes(locale)) {
  console.error(`[ui-l10n] unknown locale ${locale}: one of ${LOCALES.join(', ')}`);
  process.exit(2);
}

/** The manifest's texts in this locale (what the .vsix's package.nls.<locale>.json says). */
const nls = JSON.parse(readFileSync(join(REPO_ROOT, `package.nls.${locale}.json`), 'utf8'));
const paletteLabel = (key) => `${nls.labelStudio}: ${nls[`command.${key}.title`]}`;

const { FakeLabelStudio, FakeMlServer, seedSampleData } = loadFakes();
const vsix = packagedVsix();
const ml = await FakeMlServer.start();
const ls = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 1000 } });
const sample = await seedSampleData(ls, ml);
/** Text VS Code adds to ours (English: the stand-in language pack translates nothing of VS Code). */
const VSCODE_OWN = /\(Press 'Enter' to confirm or 'Escape' to cancel\)/g;
const PROJECTS = ['Product reviews - sentiment + NER', 'Invoices OCR', 'Street scenes - detection'];

/** Everything the fake Label Studio says, as it says it now (states and errors change while it runs). */
const fromServers = () =>
  serverStrings([
    ls.url,
    new URL(ls.url).host,
    ...Object.values(sample.mlUrls),
    ...ls.projects.flatMap((p) => [p.title, p.description]),
    ...ls.backends.flatMap((b) => [b.title, b.url, b.description, b.model_version, b.error_message]),
  ]);

await runUiScenario(
  `l10n-${locale}`,
  {
    vsix,
    settings: { 'labelStudio.servers': [{ url: ls.url }], 'workbench.colorTheme': 'Default Dark Modern' },
    viewport: { width: 1280, height: 760 },
    prepareProfile: (profile) => useDisplayLanguage(profile, locale),
  },
  async ({ page, step }) => {
    const viewName = nls['view.mlBackends.name'];
    const pane = viewPane(page, viewName);
    /** Unmarked texts found so far: [where, what was left]. */
    const unmarked = [];
    const checkText = (where, text) => {
      const ours = (text ?? '').replace(VSCODE_OWN, ' ');
      for (const left of unmarkedLines(ours, fromServers())) unmarked.push([where, left]);
    };
    const check = async (where, locator) => {
      for (const text of await locator.evaluateAll((els) => els.map((el) => el.innerText ?? ''))) checkText(where, text);
    };

    await step(`the Label Studio view opens in ${locale}: its title and welcome text`, async () => {
      await openViewContainer(page, nls.labelStudio);
      await pane.locator('.welcome-view-content').first().waitFor({ timeout: 60_000 });
      await widenSideBar(page, 470);
      const header = await pane.locator('.pane-header').first().getAttribute('aria-label');
      if (header !== `${viewName} Section`) throw new Error(`the view is named ${header}, not ${viewName}: the manifest is not localised`);
      if (locale === 'qps-ploc') {
        await check('side bar title', page.locator('.part.sidebar .composite.title .title-label'));
        await check('view header', pane.locator('.pane-header .title'));
        await check('welcome text', pane.locator('.welcome-view-content'));
      }
    });

    await step('set the token through the palette', async () => {
      if (locale === 'qps-ploc') {
        // Every command of ours the palette lists under our category (the list shows the first dozen).
        const input = page.locator('.quick-input-widget .quick-input-box input');
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        await input.fill(`>${nls.labelStudio}`);
        await quickInputRow(page, paletteLabel('addServer')).first().waitFor({ timeout: 15_000 });
        // The second line of a row (…-label-meta) is VS Code's: the command's English name, kept searchable.
        const labels = '.quick-input-list .monaco-list-row .label-name:not(.quick-input-list-label-meta *)';
        await check('command palette', page.locator(`.quick-input-widget ${labels}`));
        await page.keyboard.press('Escape');
      }
      await runCommand(page, paletteLabel('setToken'));
      const box = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
      await box.waitFor({ state: 'visible', timeout: 15_000 });
      if (locale === 'qps-ploc') {
        checkText('token box placeholder', await box.getAttribute('placeholder'));
        await check('token box prompt', page.locator('.quick-input-widget .quick-input-message').filter({ visible: true }));
        await check('token box title', page.locator('.quick-input-widget .quick-input-title').filter({ visible: true }));
      }
      await typeIntoInputBox(page, sample.pat);
    });

    await step('the tree: projects, backends and their states', async () => {
      await treeRow(page, PROJECTS[0], { view: viewName }).first().waitFor({ timeout: 30_000 });
      // A refresh that lands between two clicks can re-render a row: click until each one stays open.
      for (let round = 0; round < 5; round++) {
        let closed = 0;
        for (const title of PROJECTS) {
          const row = treeRow(page, title, { view: viewName }).first();
          if ((await row.getAttribute('aria-expanded')) === 'true') continue;
          closed += 1;
          await row.click();
          await page.waitForTimeout(300);
        }
        if (closed === 0) break;
      }
      for (const backend of ['sentiment-distilbert', 'yolo-detector', 'ocr-tesseract']) {
        await treeRow(page, backend, { view: viewName })
          .first()
          .locator('.label-description')
          .filter({ hasText: /\S/ })
          .waitFor({ timeout: 30_000 });
      }
      await page.mouse.move(900, 700);
      if (locale === 'zh-cn') await readmeScreenshot(page, 'tree-zh-cn.png', { clip: { x: 0, y: 0, width: 760, height: 520 } });
      else {
        await screenshot(page, join(REPO_ROOT, 'test-results', 'screenshots', `tree-${locale}.png`));
        await check('tree row', pane.locator('.monaco-list-row[role="treeitem"]'));
        await check('view message', pane.locator('.pane-body .message').filter({ visible: true }));
        await check('status bar', page.locator('.part.statusbar .statusbar-item[id*="label-studio-ml-backends"]'));
      }
    });

    if (locale === 'zh-cn')
      await step('the walkthrough: its steps and its pages (<page>.nls.zh-cn.md) in Chinese', async () => {
        await page.locator('.part.editor').click();
        await runCommand(page, paletteLabel('openWalkthrough'));
        const walkthrough = page.locator('.gettingStartedContainer');
        await walkthrough.getByText(nls['walkthrough.title']).first().waitFor({ timeout: 30_000 });
        const first = walkthrough.locator('.getting-started-step').filter({ has: page.getByText(nls['walkthrough.addServer.title']) });
        await first.first().click();
        const body = page.frameLocator('iframe.webview').last().frameLocator('#active-frame').locator('body');
        // The page is loaded even where the editor is too narrow to show it beside the steps.
        await body.locator('h1', { hasText: '添加您的 Label Studio 服务器' }).waitFor({ state: 'attached', timeout: 30_000 });
        await screenshot(page, join(REPO_ROOT, 'test-results', 'screenshots', 'walkthrough-zh-cn.png'));
      });

    if (locale !== 'qps-ploc') return;

    await step('the hover of an Error backend', async () => {
      const tip = await hover(page, treeRow(page, 'sentiment-distilbert', { view: viewName }));
      await check('hover', tip);
    });

    await step('a notification: Start Training from the context menu', async () => {
      await contextMenu(page, treeRow(page, 'yolo-detector', { view: viewName }), nls['command.startTraining.title']);
      const toast = page.locator('.notifications-toasts .notification-toast').first();
      await toast.waitFor({ timeout: 90_000 });
      await check('notification', toast.locator('.notification-list-item-message'));
      await check('notification button', toast.locator('.notification-list-item-buttons-container .monaco-button'));
    });

    await step('every text of the extension is marked (translated)', async () => {
      if (unmarked.length === 0) return;
      const seen = new Set();
      const lines = unmarked
        .map(([where, left]) => `  ${where.padEnd(22)} ${JSON.stringify(left)}`)
        .filter((line) => !seen.has(line) && seen.add(line));
      throw new Error(`${lines.length} text(s) of the extension are not translated (not ⟦marked⟧ in ${locale}):\n${lines.join('\n')}`);
    });
  },
);
