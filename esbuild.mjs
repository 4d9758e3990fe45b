// Bundles the extension into dist/extension.js (CommonJS, Node target, `vscode` external) and the
// HTTP stack into dist/undici.js. `--production` minifies and drops source maps; `--metafile` writes
// dist/meta.json (both outputs) for size analysis. `--outdir DIR` writes elsewhere than dist/.
//
// Why two files: activation must not pay for undici (~290 KB of it for the Agent alone, half of
// that the llhttp WebAssembly parser in base64). esbuild wraps a CommonJS module in a function
// that runs on first `require`, so undici was never *evaluated* at load, but V8 still had to read
// and compile the whole 578 KB file (≈ 14 ms in Node 20). So every `undici/...` module that
// src/ requires becomes `require('./undici.js')[path]` in extension.js, and dist/undici.js bundles
// exactly those modules; src/core/http.ts requires them when the first request is sent. Only deep
// imports are meant (`undici/lib/dispatcher/agent.js`, …): `require('undici')` would still work
// but ship all of it (~520 KB). `npm run bench -- --only bundle` shows what each part costs.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? process.argv[outdirArg + 1] : 'dist';
/**
 * Libraries bundled into their own file and required on first use only: the HTTP stack (undici.js, see
 * above), the XML parser of labeling configs (xml.js: saxes, ≈ 28 KB, loaded when the prediction
 * inspector first reads a config) and the JSON-with-offsets parser of the inspector's "Open as JSON"
 * (jsonc.js: jsonc-parser, ≈ 21 KB; its `main` is a UMD build with dynamic requires, so its ES
 * modules are bundled instead).
 */
const LAZY_FILES = [
  { file: 'undici.js', filter: /^undici(\/.*)?$/ },
  { file: 'xml.js', filter: /^saxes$/ },
  { file: 'jsonc.js', filter: /^jsonc-parser$/, mainFields: ['module', 'main'] },
  // yaml: the docker-compose files of local ML backends (≈ 110 KB), read only when a backend folder has one.
  { file: 'yaml.js', filter: /^yaml$/ },
];

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Replaces each module of `lazy.filter` required from our sources by a lazy lookup in `lazy.file`. */
function splitLazy(lazy, used) {
  const namespace = `lazy:${lazy.file}`;
  return {
    name: `split-${lazy.file}`,
    setup(build) {
      build.onResolve({ filter: lazy.filter }, (args) => {
        if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        used.add(args.path);
        return { path: args.path, namespace };
      });
      build.onResolve({ filter: new RegExp(`^\\./${lazy.file.replace('.', '\\.')}$`), namespace }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onLoad({ filter: /.*/, namespace }, (args) => ({
        contents: `module.exports = require('./${lazy.file}')[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * `import * as vscode from 'vscode'` compiles to `__toESM(require('vscode'))` in every module that
 * has it: a copy of the whole API object (hundreds of getters) per module, ≈ 4 ms of activation for
 * 14 modules in the extension host. TypeScript's `import vscode = require('vscode')` gives the
 * object itself, so that is what the build reads (same line count: source maps stay right).
 */
function plainVscodeRequire() {
  const NAMESPACE_IMPORT = /^import \* as (\w+) from (['"])vscode\2;/gm;
  return {
    name: 'plain-vscode-require',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const source = await fs.promises.readFile(args.path, 'utf8');
        return { contents: source.replace(NAMESPACE_IMPORT, "import $1 = require('vscode');"), loader: 'ts' };
      });
    },
  };
}

const usedBy = new Map(LAZY_FILES.map((lazy) => [lazy.file, new Set()]));
const main = await esbuild.build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: path.join(outdir, 'extension.js'),
  external: ['vscode'],
  plugins: [...LAZY_FILES.map((lazy) => splitLazy(lazy, usedBy.get(lazy.file))), plainVscodeRequire()],
});

// Getters: a module runs when first asked for (a ProxyAgent costs nothing until a proxy is set).
const lazyBuilds = [];
for (const { file, mainFields } of LAZY_FILES) {
  const used = usedBy.get(file);
  if (used.size === 0) continue; // nothing in the extension asks for it (yet)
  const entry = [...used].sort().map((p) => `  get ${JSON.stringify(p)}() { return require(${JSON.stringify(p)}); },`).join('\n');
  lazyBuilds.push(
    await esbuild.build({
      ...common,
      ...(mainFields ? { mainFields } : {}),
      stdin: { contents: `module.exports = {\n${entry}\n};\n`, resolveDir: process.cwd(), sourcefile: `${file}-entry.js`, loader: 'js' },
      outfile: path.join(outdir, file),
    }),
  );
}

// The inspector's webview script: a browser bundle, inlined into the panel's HTML with a nonce.
lazyBuilds.push(
  await esbuild.build({
    ...common,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    sourcemap: false,
    entryPoints: ['src/vscode/inspector/webview/main.ts'],
    outfile: path.join(outdir, 'webview', 'inspector.js'),
  }),
);

if (process.argv.includes('--metafile')) {
  const metafile = {
    inputs: Object.assign({}, main.metafile.inputs, ...lazyBuilds.map((b) => b.metafile.inputs)),
    outputs: Object.assign({}, main.metafile.outputs, ...lazyBuilds.map((b) => b.metafile.outputs)),
  };
  fs.writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(metafile));
}
