#!/usr/bin/env node
// UI smoke test of the packaged .vsix installed in code-server, driven by Chromium:
// set the token through the palette's password box, open the view, expand projects, hover an
// Error backend, open its full error; screenshots along the way.
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 also to media/screenshots/
// (the README's pictures).
import {
  hover,
  markdownPreview,
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
const { ls, sample } = world;

await runUiScenario(
  'ml-backends',
  {
    vsix: world.vsix,
    settings: { 'labelStudio.servers': [{ url: ls.url }], 'workbench.colorTheme': 'Default Dark Modern' },
    viewport: { width: 1280, height: 760 },
  },
  async ({ page, step }) => {
    const pane = viewPane(page, 'ML Backends');

    await step('open the Label Studio view: the welcome asks for a token', async () => {
      await openViewContainer(page, 'Label Studio');
      await pane.getByRole('button', { name: 'Set API Token' }).waitFor({ timeout: 60_000 });
      await widenSideBar(page, 470);
      await readmeScreenshot(page, 'welcome-set-token.png', { clip: { x: 0, y: 0, width: 760, height: 400 } });
    });

    await step('set the personal access token through the palette (password box)', async () => {
      await runCommand(page, 'Label Studio: Set API Token');
      // The palette's input becomes the token box: it must turn into a password field.
      await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor({ state: 'visible', timeout: 15_000 });
      await typeIntoInputBox(page, sample.pat);
    });

    await step('projects appear with their summaries', async () => {
      await treeRow(page, 'Product reviews - sentiment + NER', { view: 'ML Backends' }).first().waitFor({ timeout: 30_000 });
      await pane.locator('.monaco-list-row', { hasText: '2 backends · 1 error' }).first().waitFor({ timeout: 30_000 });
    });

    await step('expand projects: backends with their states', async () => {
      for (const title of ['Product reviews - sentiment + NER', 'Invoices OCR', 'Street scenes - detection']) {
        const row = treeRow(page, title, { view: 'ML Backends' }).first();
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      }
      await treeRow(page, 'sentiment-distilbert', { view: 'ML Backends' }).first().waitFor();
      const row = pane.locator('.monaco-list-row', { hasText: 'sentiment-distilbert' }).first();
      if (!/Error/.test(await row.innerText())) throw new Error('the sentiment backend is not shown as Error');
      for (const state of ['Connected', 'Disconnected', 'Training', 'Predicting']) {
        await pane.locator('.monaco-list-row .label-description', { hasText: state }).first().waitFor();
      }
      await page.mouse.move(900, 700);
      await readmeScreenshot(page, 'tree.png', { clip: { x: 0, y: 0, width: 760, height: 520 } });
    });

    await step('hover the Error backend: its error_message, escaped, in a code block', async () => {
      const tip = await hover(page, treeRow(page, 'sentiment-distilbert', { view: 'ML Backends' }));
      const text = await tip.innerText();
      if (process.env.UI_DEBUG) console.log(await tip.innerHTML());
      if (!/RuntimeError: Model weights missing/.test(text)) throw new Error(`the exception line is missing: ${text}`);
      for (const expected of ['— Error', 'URL:', 'Updated:', 'Show full error']) {
        if (!text.includes(expected)) throw new Error(`hover lacks "${expected}": ${text}`);
      }
      await readmeScreenshot(page, 'error-hover.png', { clip: { x: 0, y: 0, width: 1100, height: 760 } });
    });

    await step('"Show full error" opens the whole traceback in the Markdown preview', async () => {
      const tip = await hover(page, treeRow(page, 'sentiment-distilbert', { view: 'ML Backends' }));
      await tip.getByRole('link', { name: 'Show full error' }).click();
      await markdownPreview(page).locator('pre', { hasText: 'During handling of the above exception' }).waitFor({ timeout: 30_000 });
      await page.mouse.move(1000, 740);
      await page.keyboard.press('Escape');
      await page
        .locator('.workbench-hover-container .monaco-hover')
        .filter({ visible: true })
        .first()
        .waitFor({ state: 'hidden' })
        .catch(() => {});
      await readmeScreenshot(page, 'full-error.png');
    });

    await step('a hostile title renders as text', async () => {
      const medical = treeRow(page, 'Medical transcripts - PII redaction', { view: 'ML Backends' }).first();
      await medical.click();
      const hostile = pane.locator('.monaco-list-row', { hasText: '<img src=x onerror=alert(1)>' }).first();
      await hostile.waitFor();
      const tip = await hover(page, hostile);
      if ((await tip.locator('img, script').count()) > 0) throw new Error('server text became HTML in the hover');
      const links = await tip.locator('a').allInnerTexts();
      if (links.some((l) => l !== 'Show full error' && l !== 'Open error in editor'))
        throw new Error(`unexpected links in the hover: ${links}`);
      // Its full error in the Markdown preview: title and error_message render as text, not HTML or links.
      await tip
        .getByRole('link', { name: /Show full error|Open error in editor/ })
        .first()
        .click();
      const body = markdownPreview(page);
      await body.locator('h1', { hasText: '<img src=x onerror=alert(1)>' }).waitFor({ timeout: 30_000 });
      await body.locator('pre', { hasText: '<script>alert("xss")</script>' }).waitFor();
      const active = await body.locator('img, iframe, a[href], script:not([nonce])').count(); // the preview's own scripts carry its nonce
      if (active > 0)
        throw new Error(`server text became ${active} image/script/link element(s) in the preview: ${await body.innerHTML()}`);
      await page.keyboard.press('Control+W');
    });

    await step('Label Studio: Get Started opens the walkthrough; running Diagnose from its button ticks the step', async () => {
      // VS Code creates its walkthrough service with the Welcome editor (startupEditor is "none" here),
      // and only events after that count: open the walkthrough first, then act.
      await page.locator('.part.editor').click(); // the closed preview took the keyboard focus with it
      await runCommand(page, 'Label Studio: Get Started');
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.getByText('Get Started with Label Studio ML Backends').first().waitFor({ timeout: 30_000 });
      const stepButton = (title) =>
        walkthrough
          .locator('.getting-started-step')
          .filter({ has: page.getByText(title, { exact: true }) })
          .first();
      for (const title of [
        'Add your Label Studio server',
        'Set the API token',
        'Read the tree and its states',
        'Diagnose a Disconnected backend',
        "Look at a backend's predictions", // shown: the server's projects list ML backends
      ]) {
        await stepButton(title).waitFor();
      }
      const ticked = async (title) => (await stepButton(title).getAttribute('aria-checked')) === 'true';
      const tick = (title) =>
        walkthrough.locator('.getting-started-step[aria-checked="true"]').filter({ has: page.getByText(title, { exact: true }) });
      if (await ticked('Diagnose a Disconnected backend')) throw new Error('the Diagnose step is ticked before Diagnose ran');
      // Its button runs Diagnose Backend (onCommand): pick the Disconnected backend; the report opens beside.
      await stepButton('Diagnose a Disconnected backend').click();
      await walkthrough.getByRole('button', { name: 'Diagnose Backend' }).click();
      await pickQuickPickItem(page, 'sam2-interactive');
      await markdownPreview(page).locator('h2').first().waitFor({ timeout: 30_000 });
      await page.locator('.tab', { hasText: 'Welcome' }).click();
      await tick('Diagnose a Disconnected backend').waitFor({ timeout: 15_000 });
      await stepButton('Diagnose a Disconnected backend').click();
      await page.mouse.move(1000, 740);
      await readmeScreenshot(page, 'walkthrough.png');
      await page.keyboard.press('Control+W');
    });

    await step('the token appears nowhere on the page', async () => {
      const html = await page.content();
      if (html.includes(sample.pat)) throw new Error('the token is visible in the workbench');
    });
  },
).finally(world.close);
