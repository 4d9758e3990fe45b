// code-server helpers for the UI smoke test and `npm run demo`: a fresh profile, .vsix install,
// user settings, start on a free port (--auth none, 127.0.0.1), and a headless chromium on it.
// code-server runs on Node 24 (.test-host/node24); these helpers run on the system Node.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CODE_SERVER_ENTRY,
  NODE24,
  assertInstalled,
  freePort,
  killTree,
  launchChromium,
  makeTempDir,
  removeDir,
  startProcess,
  xdgEnv,
} from './paths.mjs';

/** Settings that keep a fresh workbench quiet, offline and deterministic. */
export const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
};

/** Reads a settings.json (JSON with comments and trailing commas allowed). */
export function readSettingsFile(file) {
  return parseJsonc(readFileSync(file, 'utf8'));
}

/** JSONC -> value: drops // and /* *\/ comments and trailing commas outside strings. */
export function parseJsonc(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/**
 * A fresh code-server profile: { root, userDataDir, extensionsDir, configFile, workspace }.
 * `root` defaults to a new temp dir; remove it with removeProfile(profile).
 */
export function createProfile(root = makeTempDir('code-server-')) {
  const p = {
    root,
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    configFile: join(root, 'config.yaml'),
    workspace: join(root, 'workspace'),
  };
  for (const d of [p.userDataDir, p.extensionsDir, p.workspace]) mkdirSync(d, { recursive: true });
  return p;
}

export function removeProfile(profile) {
  removeDir(profile?.root);
}

const profileArgs = (p) => ['--config', p.configFile, '--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir];

/** process.env with TMPDIR and XDG_* inside the profile: IPC sockets, coder-logs, device id stay out of /tmp and $HOME. */
function profileEnv(p) {
  const tmp = join(p.root, 'tmp');
  mkdirSync(tmp, { recursive: true });
  return { ...process.env, TMPDIR: tmp, ...xdgEnv(join(p.root, 'home')) };
}

/** Installs a .vsix (path) into the profile with `code-server --install-extension`. */
export async function installVsix(profile, vsix) {
  assertInstalled({ chromium: false });
  const { stdout, stderr } = await promisify(execFile)(
    NODE24,
    [CODE_SERVER_ENTRY, ...profileArgs(profile), '--install-extension', resolve(vsix)],
    { timeout: 120_000, env: profileEnv(profile) },
  );
  const text = stdout + stderr;
  if (!/successfully installed/i.test(text)) throw new Error(`installing ${vsix} failed:\n${text}`);
  return text.trim();
}

/** Writes <user-data>/User/settings.json = DEFAULT_USER_SETTINGS merged with `settings` (wins). */
export function writeUserSettings(profile, settings = {}) {
  const dir = join(profile.userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  writeFileSync(file, JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...settings }, null, 2));
  return file;
}

/**
 * Starts code-server for `profile` and resolves when it listens.
 * Options: folder (default profile.workspace), host (127.0.0.1), port (free one), env (extra vars,
 * merged over process.env; they reach the extension host), onLine (each server log line).
 * Returns { url, folderUrl, port, server, stop() }; folderUrl opens `folder` (?folder=).
 */
export async function startCodeServer(profile, { folder = profile.workspace, host = '127.0.0.1', port, env = {}, onLine } = {}) {
  assertInstalled({ chromium: false });
  port ??= await freePort(host);
  const server = await startProcess(
    NODE24,
    [
      CODE_SERVER_ENTRY,
      ...profileArgs(profile),
      '--auth',
      'none',
      '--bind-addr',
      `${host}:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      folder,
    ],
    { ready: /HTTP server listening on (http:\/\/\S+)/, env: { ...profileEnv(profile), ...env }, timeoutMs: 60_000, onLine },
  );
  const url = `http://${host}:${port}/`;
  return { url, folderUrl: `${url}?folder=${encodeURIComponent(folder)}`, port, server, stop: () => killTree(server.child) };
}

/**
 * One call for tests and the demo: fresh profile (or `root`), settings, .vsix install(s), start.
 * `prepareProfile(profile)` runs after the installs, before the start (e.g. useDisplayLanguage).
 * Returns startCodeServer()'s result plus { profile }; stop() also deletes the profile unless keepProfile.
 */
export async function launchCodeServer({
  vsix,
  settings,
  env,
  folder,
  host,
  port,
  root,
  keepProfile = false,
  onLine,
  prepareProfile,
} = {}) {
  const profile = createProfile(root);
  try {
    writeUserSettings(profile, settings);
    for (const v of [vsix ?? []].flat()) await installVsix(profile, v);
    await prepareProfile?.(profile);
    const cs = await startCodeServer(profile, { folder, host, port, env, onLine });
    return {
      ...cs,
      profile,
      stop: async () => {
        await cs.stop();
        if (!keepProfile) removeProfile(profile);
      },
    };
  } catch (e) {
    if (!keepProfile) removeProfile(profile);
    throw e;
  }
}

/**
 * Opens the workbench of a started code-server in headless chromium (playwright-core) and waits
 * until it is rendered. Returns { browser, page, close() }.
 */
export async function openWorkbench(cs, { folder, viewport = { width: 1280, height: 800 }, timeoutMs = 90_000, headless = true } = {}) {
  const browser = await launchChromium({ headless, stateDir: cs.profile && join(cs.profile.root, 'chromium') });
  try {
    const page = await browser.newPage({ viewport });
    const url = folder ? `${cs.url}?folder=${encodeURIComponent(folder)}` : cs.folderUrl;
    await page.goto(url);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: timeoutMs });
    return { browser, page, close: () => browser.close().catch(() => {}) };
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}
