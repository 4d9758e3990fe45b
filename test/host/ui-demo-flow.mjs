#!/usr/bin/env node
// UI test of the flow `npm run demo` relies on: no server configured, LABEL_STUDIO_URL and
// LABEL_STUDIO_API_KEY in the environment; the welcome view's "Use LABEL_STUDIO_URL" fills the tree.
import { openViewContainer, readmeScreenshot, runUiScenario, treeRow, viewPane } from './ui-smoke-lib.mjs';
import { startSampleWorld } from './ui-sample.mjs';

const world = await startSampleWorld({ healthCheck: undefined });
const { ls, sample } = world;

await runUiScenario(
  'demo-flow',
  { vsix: world.vsix, env: { LABEL_STUDIO_URL: `${ls.url}/`, LABEL_STUDIO_API_KEY: sample.pat } },
  async ({ page, step }) => {
    const pane = viewPane(page, 'ML Backends');
    await step('the welcome view offers the server from the environment', async () => {
      await openViewContainer(page, 'Label Studio');
      await pane.getByRole('button', { name: 'Use LABEL_STUDIO_URL' }).waitFor({ timeout: 60_000 });
      await readmeScreenshot(page, 'welcome-environment.png', { clip: { x: 0, y: 0, width: 640, height: 300 } });
    });
    await step('one click: the token goes to secret storage and the tree fills', async () => {
      await pane.getByRole('button', { name: 'Use LABEL_STUDIO_URL' }).click();
      await treeRow(page, 'Street scenes - detection', { view: 'ML Backends' }).first().waitFor({ timeout: 30_000 });
    });
  },
).finally(world.close);
