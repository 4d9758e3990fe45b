#!/usr/bin/env node
// Runs a mocha suite inside a real VS Code's Node extension host and exits with its exit code.
//
//   node test/host/run-editor-tests.mjs --extension <dir> --tests <compiled index.js>
//        [--workspace <dir>] [--user-settings <settings.json>] [--output <file>]
//        [--timeout <seconds>] [--verbose]
//
// How: starts the VS Code server inside code-server (lib/vscode/out/server-main.js, Node 24) with
// --enable-smoke-test-driver, then opens its workbench in headless chromium with
// ?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]. The workbench forwards the
// extension host's console (mocha's reporter) to window.codeAutomationLog and calls
// window.codeAutomationExit(code) when run() settles (0 = passed, 1 = failed).
// This runner's environment is passed to the server, so it reaches the extension host and tests.
// Exit codes: the suite's code; 2 = hang guard fired; 3 = the host could not start.
// User settings: code-server.mjs's DEFAULT_USER_SETTINGS, overridden by --user-settings (JSONC).
// Env: TEST_HOST_TIMEOUT (seconds, default 300), TEST_HOST_VERBOSE=1 (same as --verbose).
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import {
  NODE24,
  VSCODE_SERVER_MAIN,
  assertInstalled,
  cleanupStack,
  freePort,
  hangGuard,
  launchChromium,
  makeTempDir,
  removeDir,
  since,
  startProcess,
  xdgEnv,
} from './paths.mjs';
import { DEFAULT_USER_SETTINGS, readSettingsFile } from './code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string' },
    tests: { type: 'string' },
    workspace: { type: 'string' },
    'user-settings': { type: 'string' },
    output: { type: 'string' },
    timeout: { type: 'string' },
    verbose: { type: 'boolean', default: process.env.TEST_HOST_VERBOSE === '1' },
  },
});
if (!opts.extension || !opts.tests) {
  console.error(
    'usage: node test/host/run-editor-tests.mjs --extension <dir> --tests <index.js> [--workspace <dir>] [--user-settings <json>] [--output <file>] [--timeout <s>] [--verbose]',
  );
  process.exit(3);
}
const extension = resolve(opts.extension);
const tests = resolve(opts.tests);
const timeoutS = Number(opts.timeout ?? process.env.TEST_HOST_TIMEOUT ?? 300);
for (const p of [join(extension, 'package.json'), tests]) if (!existsSync(p)) fail(`not found: ${p}`);

const output = opts.output && resolve(opts.output);
if (output) writeFileSync(output, '');
function print(line, stream = process.stdout) {
  stream.write(line + '\n');
  if (output) appendFileSync(output, line + '\n');
}
function fail(msg) {
  console.error(`[editor-tests] ${msg}`);
  process.exit(3);
}

// The workbench forwards its own log lines through the same channel as the extension host's
// console (mocha). Drop the harmless ones (see docs): connection/agent-host/chat chatter and
// failed gallery/update lookups without network. --verbose shows everything.
const NOISE = [
  /^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin extensions cache/,
  /^\[(AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]/,
  /ENOTFOUND|EAI_AGAIN|getaddrinfo|open-vsx\.org|Failed to load resource|status of 40[45]/,
  /^Canceled\b|^Timed out waiting for authentication provider|^Creation of workbench contribution .* took \d+ms/,
  /\/static\/out\/vs\/code\/browser\/workbench\/workbench\.js/, // errors inside the workbench itself
];
const isNoise = (text) => NOISE.some((re) => re.test(text));
// Arguments arrive as console.log's: a printf-style format (mocha uses %s/%d) and values.
const formatLog = (args) => (Array.isArray(args) ? format(...args) : String(args));

const t0 = performance.now();
const cleanup = cleanupStack();
let exitCode = 3;
let hidden = 0;
let serverOutput = () => '';
// Hang guard over the whole run (server start, browser, suite): report, clean up, exit 2.
const guard = hangGuard(timeoutS * 1000, async () => {
  print(
    `[editor-tests] TIMEOUT: no result after ${timeoutS}s (raise --timeout or TEST_HOST_TIMEOUT). Server log tail:\n${serverOutput()}`,
    process.stderr,
  );
  await cleanup.run();
  process.exit(2);
});
try {
  assertInstalled();
  const root = makeTempDir('editor-tests-');
  cleanup.add(() => removeDir(root));
  const workspace = opts.workspace ? resolve(opts.workspace) : join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const userData = join(root, 'user-data');
  const serverData = join(root, 'server-data');
  // The workbench reads user settings from <user-data-dir>/User/settings.json on the server:
  // quiet defaults, overridden by --user-settings.
  const settings = { ...DEFAULT_USER_SETTINGS, ...(opts['user-settings'] && readSettingsFile(resolve(opts['user-settings']))) };
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const server = await startProcess(
    NODE24,
    [
      VSCODE_SERVER_MAIN,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--user-data-dir',
      userData,
      '--server-data-dir',
      serverData,
      '--extensions-dir',
      join(root, 'extensions'),
    ],
    {
      ready: /Extension host agent listening on/,
      env: serverEnv(root),
      timeoutMs: 60_000,
      onLine: opts.verbose ? (l) => print(`[server] ${l}`) : undefined,
    },
  );
  cleanup.add(() => server.stop());
  serverOutput = server.output;
  if (opts.verbose) print(`[editor-tests] server ready on ${authority} after ${since(t0)}`);

  const browser = await launchChromium({ stateDir: join(root, 'chromium') });
  cleanup.add(() => browser.close().catch(() => {}));
  const page = await browser.newPage();
  let done;
  let ended = false; // the workbench's shutdown chatter after the exit call is dropped
  const finished = new Promise((r) => {
    done = r;
  });
  // Both must be exposed BEFORE goto (the workbench may call them early).
  await page.exposeFunction('codeAutomationExit', (code) => {
    ended = true;
    done(Number(code));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = formatLog(args);
    if (opts.verbose || (!ended && !isNoise(text))) print(text, type === 'error' ? process.stderr : process.stdout);
    else hidden++;
  });
  if (opts.verbose) {
    page.on('console', (m) => print(`[browser:${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => print(`[pageerror] ${e.message}`));
  }
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extension)],
    ['extensionTestsPath', remote(tests)],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  exitCode = await finished;
} catch (e) {
  print(`[editor-tests] ERROR: ${e.stack ?? e}`, process.stderr);
  exitCode = 3;
}
guard.cancel();
await cleanup.run();
print(
  `[editor-tests] exit code ${exitCode} (${since(t0)}; ${hidden} workbench log lines hidden, see --verbose)`,
  exitCode ? process.stderr : process.stdout,
);
process.exit(exitCode);

/**
 * The runner's environment minus variables that would tie the server to an outer VS Code, with
 * TMPDIR and XDG_* dirs inside the run's temp dir (IPC sockets, device id, logs: removed with it).
 */
function serverEnv(root) {
  const tmp = join(root, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const env = { ...process.env, TMPDIR: tmp, ...xdgEnv(join(root, 'home')) };
  for (const k of Object.keys(env)) if (/^(VSCODE_IPC_HOOK|ELECTRON_RUN_AS_NODE)/.test(k)) delete env[k];
  return env;
}
