#!/usr/bin/env node
// UI test of the prediction inspector in the installed .vsix: Show Predictions from a backend's
// context menu on an image, a brush and a text task; the regions are drawn in the webview, a
// hostile backend title and label show as text; screenshots for the README (see ui-smoke.mjs).
import {
  contextMenu,
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
const { tasks } = sample.inspector;
for (const id of [sample.backends.yolo, sample.backends.slow, sample.backends.llmNer]) ls.getBackend(id).is_interactive = true;
const HOSTILE = '**bold** <img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new)';
const hostileBox = (id, label, x) => ({
  id,
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 640,
  original_height: 360,
  value: { x, y: 30, width: 20, height: 30, rotation: 0, rectanglelabels: [label] },
});
ls.addBackend({
  project: sample.projects.streetScenes,
  title: HOSTILE,
  is_interactive: true,
  url: ml.model('hostile', {
    predictionsByTask: { [tasks.streetClean]: { result: [hostileBox('h', HOSTILE, 10), hostileBox('ok', 'Car', 50)] } },
  }),
});

await runUiScenario(
  'inspector',
  {
    vsix: world.vsix,
    settings: { 'labelStudio.servers': [{ url: ls.url }], 'workbench.colorTheme': 'Default Dark Modern' },
    viewport: { width: 1280, height: 800 },
  },
  async ({ page, step }) => {
    const pane = viewPane(page, 'ML Backends');
    const row = (label) => treeRow(page, label, { view: 'ML Backends' }).first();
    // The webview: VS Code's outer iframe, then the page's own frame.
    const webview = () => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

    /** Show Predictions… on a backend row, for one task; waits until the regions are drawn. */
    const inspect = async (project, backendLabel, taskId, minRegions) => {
      await runCommand(page, 'View: Close All Editors');
      if ((await row(project).getAttribute('aria-expanded')) !== 'true') await row(project).click();
      const backend = pane.locator('.monaco-list-row', { hasText: backendLabel }).first();
      await backend.waitFor({ timeout: 30_000 });
      await contextMenu(page, backend, 'Show Predictions…');
      await pickQuickPickItem(page, `Task ${taskId}`);
      await typeIntoInputBox(page, '', { placeholder: '{"result": []}' });
      await page.locator('.tab', { hasText: `Predictions · task ${taskId}` }).waitFor({ timeout: 30_000 });
      const frame = webview();
      await frame
        .locator('.objects [data-key].region')
        .nth(minRegions - 1)
        .waitFor({ timeout: 30_000 });
      return frame;
    };

    await step('connect with the legacy token', async () => {
      await openViewContainer(page, 'Label Studio');
      await pane.getByRole('button', { name: 'Set API Token' }).waitFor({ timeout: 60_000 });
      await runCommand(page, 'Label Studio: Set API Token');
      await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor({ state: 'visible' });
      await typeIntoInputBox(page, sample.legacyToken);
      await row('Street scenes - detection').waitFor({ timeout: 30_000 });
      await widenSideBar(page, 360);
    });

    await step('image task: boxes, polygon and keypoint drawn, the mistakes listed as dropped', async () => {
      const frame = await inspect('Street scenes - detection', 'yolo-detector', tasks.streetMistakes, 3);
      const drawn = await frame.locator('.objects [data-key].region').count();
      const dropped = await frame.locator('.dropped-list [data-finding]').count();
      if (drawn < 3 || dropped < 3) throw new Error(`expected ≥3 drawn and ≥3 dropped, got ${drawn} and ${dropped}`);
      await frame.locator('.dropped-list [data-finding]').first().waitFor();
      await frame.locator('.region-list button').first().click();
      await frame.locator('#selected-json', { hasText: '"from_name"' }).waitFor();
      await page.mouse.move(1270, 790);
      await readmeScreenshot(page, 'inspector-image.png');
    });

    await step('stored versus the backend now: the stored tab, differing regions marked', async () => {
      const frame = await inspect('Street scenes - detection', 'yolo-detector', tasks.streetClean, 4);
      await frame.locator('[role="tab"]', { hasText: 'Stored · yolo11m-det-2025.10.2' }).click();
      await frame.locator('[role="tab"][aria-selected="true"]', { hasText: 'Stored' }).waitFor();
      await frame.locator('.region-list .differs').first().waitFor();
      await readmeScreenshot(page, 'inspector-stored.png');
    });

    await step('brush task: masks decoded and painted', async () => {
      const frame = await inspect('Satellite tiles - segmentation', 'segformer-tiles', tasks.satelliteClean, 2);
      const painted = await frame.locator('canvas[data-mask]').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-painted'))));
      if (painted.length !== 2 || painted.some((n) => !(n > 0))) throw new Error(`masks painted: ${painted}`);
      await readmeScreenshot(page, 'inspector-brush.png');
    });

    await step('text task: labelled spans and the choice', async () => {
      const frame = await inspect('Product reviews - sentiment + NER', 'llm-ner', tasks.reviewClean, 2);
      await frame.locator('mark.span', { hasText: 'Acme Corp' }).waitFor();
      await frame.locator('.answers', { hasText: 'Positive' }).waitFor();
      await readmeScreenshot(page, 'inspector-text.png');
    });

    await step('a hostile backend title and label show as text, nothing is made of them', async () => {
      const frame = await inspect('Street scenes - detection', '**bold**', tasks.streetClean, 1);
      const subtitle = await frame.locator('.subtitle').textContent();
      if (subtitle !== `ML backend: ${HOSTILE}`) throw new Error(`subtitle: ${subtitle}`);
      await frame.locator('.dropped-list', { hasText: '<img src=x onerror=alert(1)>' }).waitFor();
      if ((await frame.locator('img[src="x"], a[href]').count()) !== 0) throw new Error('an element was made from server text');
    });
  },
).finally(world.close);
