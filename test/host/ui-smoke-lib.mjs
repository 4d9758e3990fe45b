// Playwright helpers for UI tests of an installed .vsix in code-server (VS Code 1.139 web workbench).
// Selectors use aria labels and VS Code's stable widget classes:
//   activity bar item   .part.activitybar .action-item > a.action-label[aria-label^="<title>"]
//                       (the <li> has aria-selected="true" when its container is open)
//   view pane           .pane with .pane-header[aria-label="<view name> Section"]
//   tree row            .monaco-list-row[role=treeitem] containing .label-name "<label>"
//   command palette /   .quick-input-widget: input in .quick-input-box, rows in .quick-input-list
//   input box / pick    (showInputBox/showQuickPick reuse the same widget)
//   hover / tooltip     .workbench-hover-container .monaco-hover (role=tooltip)
//   notification toast  .notifications-toasts .notification-toast
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { launchCodeServer, openWorkbench } from './code-server.mjs';
import { REPO_ROOT, cleanupStack, hangGuard, since } from './paths.mjs';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** RegExp matching `text` exactly (trimmed); RegExps pass through. */
const exactly = (text) => (text instanceof RegExp ? text : new RegExp(`^\\s*${escapeRe(text)}\\s*$`));
const attr = (s) => JSON.stringify(s); // quoted CSS attribute value

/** Waits until the workbench is rendered (activity bar + status bar). */
export async function waitForWorkbench(page, { timeout = 90_000 } = {}) {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout });
}

/** Runs a command by its palette label (e.g. 'Label Studio: Set API Token') via F1. */
export async function runCommand(page, label, { timeout = 30_000 } = {}) {
  const input = page.locator(QUICK_INPUT_BOX);
  // F1 can go nowhere when the keyboard focus was left in a closed webview (a preview, the inspector):
  // then a click on the editor area gives the workbench the focus back, and F1 is pressed again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape'); // close a leftover quick input / menu
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: attempt < 3 ? 5_000 : timeout });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.mouse.click(900, 420);
    }
  }
  await input.fill(`>${typeof label === 'string' ? label : ''}`);
  const row = quickInputRow(page, label);
  await row.first().click({ timeout });
}

/** A row of the open quick input (palette or showQuickPick) whose label is `label`. */
export function quickInputRow(page, label) {
  return page
    .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
}

/** Picks `label` in an open showQuickPick (types it as a filter first). */
export async function pickQuickPickItem(page, label, { filter = true, timeout = 30_000 } = {}) {
  await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout });
  if (filter && typeof label === 'string') await page.locator(QUICK_INPUT_BOX).fill(label);
  await quickInputRow(page, label).first().click({ timeout });
}

/**
 * Types into the extension's showInputBox (password boxes too) and presses Enter.
 * Waits for the box first: visible and not the command palette (whose value starts with '>');
 * pass `placeholder` or `prompt` to wait for that specific box. submit:false leaves it open.
 * Chained boxes (URL, then token) work: call it once per box.
 */
export async function typeIntoInputBox(page, text, { placeholder, prompt, submit = true, timeout = 30_000 } = {}) {
  const input = page.locator(placeholder ? `${QUICK_INPUT_BOX}[placeholder=${attr(placeholder)}]` : QUICK_INPUT_BOX);
  await input.waitFor({ state: 'visible', timeout });
  if (prompt) await page.locator(`${QUICK_INPUT} .quick-input-message`, { hasText: prompt }).waitFor({ timeout });
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return el && el.offsetParent !== null && !el.value.startsWith('>');
    },
    QUICK_INPUT_BOX,
    { timeout },
  );
  await input.fill(text);
  if (!submit) return;
  await input.press('Enter');
  // Accepted when the widget closes or shows the next box (another value); a validation
  // message keeps the same value and ends in a timeout.
  await page.waitForFunction(
    ([sel, typed]) => {
      const el = document.querySelector(sel);
      return !el || el.offsetParent === null || el.value !== typed;
    },
    [QUICK_INPUT_BOX, text],
    { timeout },
  );
}

/** The activity-bar item of a view container (by its title). */
export function activityBarItem(page, title) {
  return page.locator('.part.activitybar .action-item').filter({ has: page.locator(`a.action-label[aria-label^=${attr(title)}]`) });
}

/** Opens a view container from the activity bar (no-op if it is already open). Returns the side bar. */
export async function openViewContainer(page, title, { timeout = 60_000 } = {}) {
  const item = activityBarItem(page, title).first();
  await item.waitFor({ timeout });
  if ((await item.getAttribute('aria-selected')) !== 'true') {
    await item.click();
    await page.mouse.move(0, 0); // no lingering activity-bar tooltip in later screenshots
  }
  await page
    .locator('.part.activitybar .action-item[aria-selected="true"]')
    .filter({ has: page.locator(`a.action-label[aria-label^=${attr(title)}]`) })
    .waitFor({ timeout });
  return page.locator('.part.sidebar');
}

/** A view's pane (by the view's name, e.g. 'ML Backends'). */
export function viewPane(page, viewName) {
  return page.locator('.pane').filter({ has: page.locator(`.pane-header[aria-label=${attr(`${viewName} Section`)}]`) });
}

/** Tree rows whose label is exactly `label` (or matches a RegExp); optionally within one view. */
export function treeRow(page, label, { view } = {}) {
  const scope = view ? viewPane(page, view) : page.locator('.monaco-workbench');
  return scope.locator('.monaco-list-row[role="treeitem"]').filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
}

/** Hovers `target` (a Locator, e.g. a treeRow) and waits for its tooltip. Returns the hover Locator. */
export async function hover(page, target, { timeout = 15_000 } = {}) {
  await page.mouse.move(0, 0); // leave any previous hover, so a fresh one opens
  const box = page.locator('.workbench-hover-container .monaco-hover, .monaco-hover[role="tooltip"]').filter({ visible: true });
  await box
    .first()
    .waitFor({ state: 'hidden', timeout })
    .catch(() => {});
  await target.first().hover();
  await box.first().waitFor({ state: 'visible', timeout });
  return box.first();
}

/** Clicks an inline action (icon button) of a tree row, by its aria label (title of the command). */
export async function clickRowAction(page, row, actionLabel, { timeout = 15_000 } = {}) {
  await row.first().hover();
  await row
    .first()
    .locator(`.monaco-action-bar .action-label[aria-label^=${attr(actionLabel)}]`)
    .click({ timeout });
}

/** Clicks a view title action (e.g. 'Refresh'); `view` narrows it to one pane when several are shown. */
export async function clickViewAction(page, actionLabel, { view, timeout = 15_000 } = {}) {
  const scope = view ? viewPane(page, view) : page.locator('.part.sidebar');
  await scope.hover();
  await scope
    .locator(`.monaco-action-bar .action-label[aria-label^=${attr(actionLabel)}]`)
    .filter({ visible: true })
    .first()
    .click({ timeout });
}

/**
 * Right-clicks `target` and chooses `item` from the context menu. The menu ignores a click that
 * comes right after it opened, so the click is repeated until the menu closes.
 */
export async function contextMenu(page, target, item, { timeout = 15_000 } = {}) {
  await target.first().click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item .action-label', { hasText: exactly(item) }).first();
  await entry.waitFor({ timeout });
  for (let i = 0; ; i++) {
    await entry.click({ timeout });
    if (
      await entry.waitFor({ state: 'hidden', timeout: 1000 }).then(
        () => true,
        () => false,
      )
    )
      return;
    if (i === 4) throw new Error(`context menu item "${item}" did not run`);
  }
}

/** Waits for a notification toast containing `text` (string or RegExp). Returns its Locator. */
export async function notification(page, text, { timeout = 30_000 } = {}) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return toast;
}

/**
 * Saves a PNG (parent dirs created). Options: clip {x,y,width,height}, or locator to shoot one element,
 * or fullPage. Returns the path.
 */
export async function screenshot(page, path, { clip, locator, fullPage = false } = {}) {
  mkdirSync(dirname(path), { recursive: true });
  if (locator) await locator.first().screenshot({ path });
  else await page.screenshot({ path, clip, fullPage });
  return path;
}

/**
 * Runs a UI scenario end to end and exits the process: installs `vsix` into a fresh code-server
 * profile (+ settings, env, prepareProfile: see launchCodeServer), opens the workbench in headless
 * chromium, calls body({ page, cs, step }), then cleans up. Exit 0 on success, 1 on failure (a screenshot goes to
 * test-results/<name>-failure.png), 2 when the hang guard (timeoutS, default 300) fires.
 * step(title, fn) logs each step with its duration.
 */
export async function runUiScenario(name, { vsix, settings, env, folder, viewport, timeoutS = 300, prepareProfile }, body) {
  const t0 = performance.now();
  const log = (msg) => console.log(`[ui:${name}] ${msg} (${since(t0)})`);
  const cleanup = cleanupStack();
  let page;
  let timedOut = false;
  const guard = hangGuard(timeoutS * 1000, async () => {
    timedOut = true;
    log(`TIMEOUT after ${timeoutS}s`);
    if (page) await screenshot(page, failureShot(name)).catch(() => {});
    await cleanup.run();
    process.exit(2);
  });
  let code = 0;
  try {
    const cs = await launchCodeServer({ vsix, settings, env, folder, prepareProfile });
    cleanup.add(() => cs.stop());
    log(`code-server at ${cs.url}`);
    const wb = await openWorkbench(cs, { viewport });
    cleanup.add(() => wb.close());
    page = wb.page;
    log('workbench ready');
    const step = async (title, fn) => {
      const s = performance.now();
      try {
        const r = await fn();
        log(`ok  ${title} [${since(s)}]`);
        return r;
      } catch (e) {
        log(`FAIL ${title} [${since(s)}]`);
        throw e;
      }
    };
    await body({ page, cs, step });
    log('PASSED');
  } catch (e) {
    if (timedOut) return; // the guard reports, cleans up and exits
    code = 1;
    log(`FAILED: ${e.stack ?? e}`);
    if (page) log(`screenshot: ${await screenshot(page, failureShot(name)).catch((err) => err.message)}`);
  }
  guard.cancel();
  await cleanup.run();
  process.exit(code);
}

const failureShot = (name) => join(REPO_ROOT, 'test-results', `${name}-failure.png`);

/** Drags the side bar's edge so that titles and descriptions fit in screenshots. */
export async function widenSideBar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(1000, 740);
}

/**
 * A screenshot for people: saved under test-results/screenshots/, and with UPDATE_SCREENSHOTS=1
 * also copied to media/screenshots/ (the README's pictures).
 */
export async function readmeScreenshot(page, name, options) {
  const file = await screenshot(page, join(REPO_ROOT, 'test-results', 'screenshots', name), options);
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join(REPO_ROOT, 'media', 'screenshots'), { recursive: true });
    const committed = join(REPO_ROOT, 'media', 'screenshots', name);
    copyFileSync(file, committed);
    quantise(committed);
  }
  return file;
}

/**
 * A committed screenshot is re-encoded with a 256-colour palette (pngquant): a third of the bytes
 * and no visible change for UI pictures. The walkthrough's images go into the .vsix, whose size
 * test/unit/packageContents.test.ts bounds. test/host/setup.sh installs pngquant when UPDATE_SCREENSHOTS=1.
 */
function quantise(png) {
  try {
    execFileSync('pngquant', ['--quality', '70-95', '--speed', '1', '--strip', '--skip-if-larger', '--force', '--output', png, png]);
  } catch (e) {
    // 98/99: quality or size not reached, the file is kept as it is
    if (e.status === 98 || e.status === 99) return;
    throw new Error(
      `pngquant could not re-encode ${png} (${e.code ?? e.status}): updating screenshots needs it (apt-get install pngquant)`,
    );
  }
}

/** Closes every notification toast, so that a screenshot shows only the one that follows. */
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page
    .locator('.notifications-toasts .notification-toast')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => {});
}

/** The packaged .vsix of the current version; exits with 3 and a hint when it was not built. */
export function packagedVsix() {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = join(REPO_ROOT, `label-studio-ml-backends-${version}.vsix`);
  if (!existsSync(vsix)) {
    console.error(`[ui] ${vsix} is missing: run \`npm run package\` first`);
    process.exit(3);
  }
  return vsix;
}

/** The repository's fake Label Studio and ML servers (compiled to out/ by `npm run compile`). */
export function loadFakes() {
  return createRequire(import.meta.url)(join(REPO_ROOT, 'out/test/fake/index.js'));
}

/**
 * The body of the active Markdown preview (a webview: an iframe whose document holds another,
 * `#active-frame`, with the rendered page). Rendered elements can be counted and read through it.
 */
export function markdownPreview(page) {
  return page.frameLocator('iframe.webview').last().frameLocator('#active-frame').locator('body');
}
