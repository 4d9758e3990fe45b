/**
 * Sizes: the production bundle (`node esbuild.mjs --production --metafile`), its composition from
 * esbuild's metafile, and the .vsix (`npm run package`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { targets } from './summary';

const ROOT = path.resolve(__dirname, '../../..');

interface Metafile {
  inputs: Record<string, { bytes: number; imports: Array<{ path: string }> }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function run(command: string, args: string[], cwd = ROOT): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Where an input's bytes are counted: our folders, or undici's folders (llhttp split by file). */
function groupOf(input: string): string {
  const m = /node_modules\/([^/]+)\/(.*)$/.exec(input);
  if (!m) {
    if (input === 'http-stack-entry.js') return "undici.js entry (module.exports = require('undici'))";
    const parts = input.split('/');
    return parts.length > 2 ? parts.slice(0, 2).join('/') : input;
  }
  const [, pkg, rest] = m;
  if (pkg !== 'undici') return pkg;
  if (rest.startsWith('lib/llhttp/')) {
    if (rest.includes('simd')) return 'undici lib/llhttp wasm, SIMD (used)';
    if (rest.includes('wasm')) return 'undici lib/llhttp wasm, no-SIMD fallback (only if SIMD fails)';
    return 'undici lib/llhttp constants';
  }
  if (rest.startsWith('lib/web/')) return 'undici lib/web/* (FormData/Blob bodies only, never run here)';
  const dir = rest.split('/').slice(0, 2).join('/');
  return `undici ${dir}`;
}

function composition(meta: Metafile, key: string, output: string, print: (l: string) => void, top: number): void {
  const out = meta.outputs[key];
  if (!out) return;
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs))
    groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
  print(`  ${output}: ${kb(out.bytes)} (inputs ${Object.keys(out.inputs).length}; the rest is esbuild's module wrappers)`);
  for (const [g, bytes] of [...groups].sort((a, b) => b[1] - a[1])) print(`    ${kb(bytes).padStart(9)}  ${g}`);
  const inputs = Object.entries(out.inputs)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, top);
  print(`    top ${top} inputs:`);
  for (const [input, { bytesInOutput }] of inputs) print(`    ${kb(bytesInOutput).padStart(9)}  ${input}`);
}

/** Entries of a zip (the .vsix) from its central directory: name, compressed and original size. */
function zipEntries(file: string): Array<{ name: string; compressed: number; size: number }> {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) return [];
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLen), compressed, size });
    at += 46 + nameLen + extra + comment;
  }
  return entries;
}

/**
 * `npm run package`'s two steps in a staging copy (manifest, media, translations, docs, .vscodeignore), so a build
 * of dist/ running at the same time (another terminal, the editor tests) cannot mix into the numbers.
 */
function packageInStaging(stage: string, version: string): { dist: string; vsix: string } {
  for (const f of ['package.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (fs.existsSync(path.join(ROOT, f))) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
  }
  for (const f of fs.readdirSync(ROOT).filter((n) => /^package\.nls(\.[\w-]+)?\.json$/.test(n)))
    fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
  for (const dir of ['media', 'l10n']) {
    if (fs.existsSync(path.join(ROOT, dir))) fs.cpSync(path.join(ROOT, dir), path.join(stage, dir), { recursive: true });
  }
  const dist = path.join(stage, 'dist');
  run(process.execPath, ['esbuild.mjs', '--production', '--metafile', '--outdir', dist]);
  const vsix = path.join(stage, `label-studio-ml-backends-${version}.vsix`);
  const vsce = path.join(ROOT, 'node_modules/.bin/vsce');
  run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], stage);
  return { dist, vsix };
}

export async function runBundleBench(print: (line: string) => void): Promise<void> {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-bench-package-'));
  try {
    await report(stage, version, print);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

async function report(stage: string, version: string, print: (line: string) => void): Promise<void> {
  const { dist, vsix } = packageInStaging(stage, version);
  const meta = JSON.parse(fs.readFileSync(path.join(dist, 'meta.json'), 'utf8')) as Metafile;
  const file = (f: string) => fs.readFileSync(path.join(dist, f));
  const main = file('extension.js');
  const stack = file('undici.js');
  const vsixSize = fs.statSync(vsix).size;
  // Every bundle the .vsix carries: extension.js, undici.js, the features, their shared chunks, the lazy packages, the webview script.
  const bundles = fs
    .readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ name: f.split(path.sep).join('/'), bytes: file(f).length, gzip: gzipSync(file(f), { level: 9 }).length }))
    .sort((a, b) => b.bytes - a.bytes);
  const all = bundles.reduce((sum, b) => sum + b.bytes, 0);
  targets.push({
    what: 'loaded at activation (extension.js)',
    target: '≤ 100 KB',
    measured: kb(main.length),
    met: main.length <= 100 * 1024,
  });
  targets.push({
    what: `all bundles, minified (${bundles.length} files)`,
    target: '≤ 700 KB',
    measured: `${kb(all)} (undici.js ${kb(stack.length)}, extension.js ${kb(main.length)}, the rest ${kb(all - stack.length - main.length)})`,
    met: all <= 700 * 1024,
  });
  targets.push({ what: '.vsix', target: '≤ 250 KB', measured: kb(vsixSize), met: vsixSize <= 250 * 1024 });
  // metafile output keys are relative to the working directory of the build
  const outKey = (f: string) => Object.keys(meta.outputs).find((k) => k.endsWith(`dist/${f}`)) ?? f;
  const when: Record<string, string> = {
    'extension.js': 'loaded at activation',
    'undici.js': 'loaded by the first request',
    'webview/inspector.js': "the inspector's webview script",
  };

  print("Bundle (node esbuild.mjs --production --metafile) and package (npm run package's vsce step), built in a staging directory:");
  for (const b of bundles) {
    const note = when[b.name] ?? (b.name.startsWith('shared-') ? 'loaded with the first feature that needs it' : 'loaded on first use');
    print(`  dist/${b.name.padEnd(26)} ${kb(b.bytes).padStart(9)} min, ${kb(b.gzip).padStart(8)} gzip   ${note}`);
  }
  print(`  all ${bundles.length} files${' '.repeat(20)} ${kb(all).padStart(9)} min                    (target ≤ 700 KB)`);
  print(`  ${path.basename(vsix)}  ${kb(vsixSize)}  (target ≤ 250 KB); its entries (compressed / original):`);
  for (const e of zipEntries(vsix).sort((a, b) => b.compressed - a.compressed)) {
    print(`    ${kb(e.compressed).padStart(9)} / ${kb(e.size).padStart(9)}  ${e.name}`);
  }
  print('');
  print('Composition (esbuild metafile, bytes in the minified output):');
  composition(meta, outKey('extension.js'), 'dist/extension.js', print, 8);
  composition(meta, outKey('undici.js'), 'dist/undici.js', print, 8);
}
