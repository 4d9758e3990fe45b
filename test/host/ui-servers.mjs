#!/usr/bin/env node
// UI test of several servers, the badge and status bar, the filter and Diagnose Backend in the
// installed .vsix, with screenshots for the README (see ui-smoke.mjs for where they go).
import {
  clickRowAction,
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
import { QUICK_HEALTH_CHECK, startSampleWorld } from './ui-sample.mjs';

const world = await startSampleWorld();
const { ml, sample, ls: main } = world;
const { FakeLabelStudio, closedPortUrl, hasOpenssl, makeTestCertificates } = world.fakes;
// A second Label Studio that runs "in Docker": the model on this machine's localhost is out of its reach.
const docker = await FakeLabelStudio.start({ network: 'docker', healthCheck: QUICK_HEALTH_CHECK });
const dockerProject = docker.addProject({ title: 'Local experiments' }).id;
docker.addBackend({
  project: dockerProject,
  url: ml.model('my-model', { modelClass: 'NewModel' }).replace('127.0.0.1', 'localhost'),
  title: 'my-model (localhost)',
});
const down = await closedPortUrl();
// A fourth server behind a certificate from a private CA, without "caFile" yet.
const certs = hasOpenssl() ? makeTestCertificates() : undefined;
const secure = certs ? await FakeLabelStudio.start({ tls: certs.server }) : undefined;

await runUiScenario(
  'servers',
  world.options({
    settings: {
      'labelStudio.servers': [
        { url: main.url, name: 'Team Label Studio' },
        { url: docker.url, name: 'Docker on my laptop' },
        { url: down, name: 'Staging' },
        ...(secure ? [{ url: secure.url, name: 'Private CA' }] : []),
      ],
    },
  }),
  async ({ page, step }) => {
    const pane = viewPane(page, 'ML Backends');
    const row = (label) => treeRow(page, label, { view: 'ML Backends' }).first();
    const setToken = async (server, token) => {
      await runCommand(page, 'Label Studio: Set API Token');
      await pickQuickPickItem(page, server);
      await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor({ state: 'visible' });
      await typeIntoInputBox(page, token);
    };

    await step('three servers, each with its own token and state', async () => {
      await openViewContainer(page, 'Label Studio');
      await row('Team Label Studio').waitFor({ timeout: 60_000 });
      await widenSideBar(page, 520);
      await setToken('Team Label Studio', sample.pat);
      await setToken('Docker on my laptop', docker.legacyTokens[0]);
      await setToken('Staging', 'staging-token');
      if (secure) {
        await setToken('Private CA', secure.legacyTokens[0]);
        await pane
          .locator('.monaco-list-row', { hasText: 'Private CA' })
          .filter({ hasText: 'Certificate not trusted' })
          .waitFor({ timeout: 30_000 });
      }
      await pane.locator('.monaco-list-row', { hasText: 'Staging' }).filter({ hasText: 'Cannot connect' }).waitFor({ timeout: 30_000 });
      await pane
        .locator('.monaco-list-row', { hasText: 'Team Label Studio' })
        .filter({ hasText: '6 projects' })
        .waitFor({ timeout: 30_000 });
      await row('Local experiments').click();
      await row('my-model (localhost)').waitFor();
      // The badge on the activity bar and the status-bar item count backends in Error or Disconnected.
      await page.locator('.part.statusbar', { hasText: 'ML backends' }).waitFor({ timeout: 15_000 });
      await page.mouse.move(1000, 740);
      await readmeScreenshot(page, 'several-servers.png');
    });

    await step('Diagnose Backend on the Disconnected one: the Docker case', async () => {
      await clickRowAction(page, row('my-model (localhost)'), 'Diagnose Backend');
      await markdownPreview(page).locator('li', { hasText: 'host.docker.internal' }).first().waitFor({ timeout: 30_000 });
      await page.mouse.move(1000, 740);
      await readmeScreenshot(page, 'diagnose.png');
      await page.keyboard.press('Control+W');
    });

    await step('a failed refresh keeps the last data and says since when', async () => {
      const fault = main.injectFault({
        path: /^\/api\/projects\//,
        fault: { kind: 'status', status: 503, headers: { 'Retry-After': '3600' } },
      });
      await runCommand(page, 'Label Studio: Refresh ML Backends');
      await page.locator('.pane-body', { hasText: 'showing data from' }).first().waitFor({ timeout: 30_000 });
      await page.mouse.move(1000, 740);
      await readmeScreenshot(page, 'stale-data.png', { clip: { x: 0, y: 0, width: 820, height: 420 } });
      fault.remove();
      await runCommand(page, 'Label Studio: Refresh ML Backends');
      await page
        .locator('.pane-body', { hasText: 'showing data from' })
        .first()
        .waitFor({ state: 'detached', timeout: 30_000 })
        .catch(() => {});
    });

    await step('filter by state: only backends in Error', async () => {
      await runCommand(page, 'Label Studio: Filter ML Backends…');
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Error' }).first().click();
      await page.keyboard.press('Enter');
      await typeIntoInputBox(page, '');
      await pane
        .locator('.message', { hasText: 'Filtered: Error' })
        .waitFor({ timeout: 15_000 })
        .catch(async () => {
          await page.locator('.pane-body', { hasText: 'Filtered: Error' }).first().waitFor({ timeout: 5_000 });
        });
      await row('Product reviews - sentiment + NER').click();
      await row('sentiment-distilbert').waitFor();
      await page.mouse.move(1000, 740);
      await readmeScreenshot(page, 'filter.png', { clip: { x: 0, y: 0, width: 820, height: 360 } });
    });
  },
).finally(async () => {
  await secure?.close();
  certs?.remove();
  await docker.close();
  await world.close();
});
