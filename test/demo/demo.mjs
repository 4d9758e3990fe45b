#!/usr/bin/env node
// `npm run demo`: build the .vsix, start a sample Label Studio (the repository's fake server with
// projects and ML backends in every state), and open the extension pointed at it: in desktop VS Code
// when `code` is on the PATH, otherwise in the offline VS Code (code-server) with the .vsix installed.
//
//   node test/demo/demo.mjs [--no-build] [--code-server] [--port N] [--host H] [--check]
//     --no-build     use the existing out/ and .vsix
//     --code-server  use code-server even when `code` is on the PATH
//     --port/--host  where code-server listens (default 127.0.0.1 and a free port)
//     --check        start everything, check that it answers, stop (used by `npm test`)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const repo = resolve(import.meta.dirname, '../..');
const { values: opts } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'code-server': { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    check: { type: 'boolean', default: false },
  },
});
const say = (msg) => console.log(`[demo] ${msg}`);
const npm = (...args) => execFileSync('npm', args, { cwd: repo, stdio: 'inherit' });

const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const vsix = join(repo, `label-studio-ml-backends-${version}.vsix`);
if (!opts['no-build']) {
  say('building the extension and the sample server…');
  npm('run', '--silent', 'compile');
  npm('run', '--silent', 'package');
}
if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run without --no-build`);

const require = createRequire(import.meta.url);
const { FakeLabelStudio, FakeMlServer, seedSampleData } = require(join(repo, 'out/test/fake/index.js'));
const ml = await FakeMlServer.start();
const ls = await FakeLabelStudio.start({ port: await preferredPort(8080) });
const sample = await seedSampleData(ls, ml);
const env = { LABEL_STUDIO_URL: ls.url, LABEL_STUDIO_API_KEY: sample.pat };
say(`sample Label Studio at ${ls.url} (6 projects, ML backends in every state)`);

const cleanups = [() => ls.close(), () => ml.close()];
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => {});
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));

const useDesktop = !opts['code-server'] && !opts.check && hasCommand('code');
if (useDesktop) await openDesktop();
else await openCodeServer();

console.log(`
  In the Label Studio view (activity bar, tag icon), click "Use LABEL_STUDIO_URL": the demo server's
  personal access token moves from the environment into VS Code's secret storage, and the tree fills.
  To try the other flows, "Label Studio: Set API Token" accepts either demo token:
    personal access token: ${sample.pat}
    legacy API token:      ${sample.legacyToken}
  Press Ctrl+C to stop the demo.
`);

async function openDesktop() {
  const profile = mkdtempSync(join(tmpdir(), 'ls-demo-'));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  const args = ['--user-data-dir', join(profile, 'data'), '--extensions-dir', join(profile, 'extensions')];
  execFileSync('code', [...args, '--install-extension', vsix], { stdio: 'inherit' });
  say('opening desktop VS Code with the extension installed (a separate, temporary profile)…');
  spawn('code', [...args, '--new-window', '--disable-workspace-trust', '--skip-welcome', repo], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    detached: true,
  }).unref();
}

async function openCodeServer() {
  say('preparing the offline VS Code (code-server); the first time this installs it, ~2 minutes…');
  const setup = spawnSync('bash', [join(repo, 'test/host/setup.sh'), '--no-chromium'], { stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('test/host/setup.sh failed (see above)');
  const { launchCodeServer } = await import('../host/code-server.mjs');
  const cs = await launchCodeServer({
    vsix,
    env,
    host: opts.host,
    port: opts.port ? Number(opts.port) : undefined,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
  });
  cleanups.push(() => cs.stop());
  if (opts.check) {
    const page = await fetch(cs.url);
    const health = await fetch(`${ls.url}/health/`).then((r) => r.json());
    const ok = page.ok && health.status === 'UP';
    say(ok ? `check passed: VS Code answers at ${cs.url}, the sample Label Studio is up` : 'check FAILED');
    await stop(ok ? 0 : 1);
  }
  say(`VS Code with the extension: open ${cs.folderUrl}`);
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Label Studio's usual port when it is free, else any free port. */
async function preferredPort(port) {
  const net = await import('node:net');
  return new Promise((done) => {
    const probe = net
      .createServer()
      .once('error', () => done(0))
      .listen(port, '127.0.0.1', () => probe.close(() => done(port)));
  });
}
