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
const HTTP_STACK_FILE = 'undici.js';

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

/** Replaces each `undici/...` module required from our sources by a lazy lookup in the second file. */
function splitUndici(used) {
  return {
    name: 'split-undici',
    setup(build) {
      build.onResolve({ filter: /^undici(\/.*)?$/ }, (args) => {
        if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        used.add(args.path);
        return { path: args.path, namespace: 'http-stack' };
      });
      build.onResolve({ filter: new RegExp(`^\\./${HTTP_STACK_FILE.replace('.', '\\.')}$`), namespace: 'http-stack' }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onLoad({ filter: /.*/, namespace: 'http-stack' }, (args) => ({
        contents: `module.exports = require('./${HTTP_STACK_FILE}')[${JSON.stringify(args.path)}];`,
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

/**
 * Libraries needed only by one feature (the inspector's XML parser for labeling configs, its
 * JSON-with-offsets parser for "Open as JSON"): each becomes its own file, required when the
 * feature is first used, like the HTTP stack. `yaml` reads the docker-compose files of local ML
 * backends (~110 KB minified), only when a backend folder has one.
 */
const LAZY_PACKAGES = { saxes: 'saxes.js', 'jsonc-parser': 'jsonc.js', yaml: 'yaml.js' };

function lazyPackages() {
  const names = Object.keys(LAZY_PACKAGES).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    name: 'lazy-packages',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
        if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        return { path: args.path, namespace: 'lazy-package' };
      });
      build.onResolve({ filter: /^\.\/.*\.js$/, namespace: 'lazy-package' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
        contents: `module.exports = require('./${LAZY_PACKAGES[args.path]}');`,
        loader: 'js',
      }));
    },
  };
}

const used = new Set();
const main = await esbuild.build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: path.join(outdir, 'extension.js'),
  external: ['vscode'],
  plugins: [splitUndici(used), lazyPackages(), plainVscodeRequire()],
});

const lazy = await Promise.all(
  Object.entries(LAZY_PACKAGES).map(([name, file]) =>
    esbuild.build({
      ...common,
      // jsonc-parser's `main` is a UMD build with dynamic requires; its ES modules bundle cleanly.
      mainFields: ['module', 'main'],
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: process.cwd(), sourcefile: `${file}-entry.js`, loader: 'js' },
      outfile: path.join(outdir, file),
    }),
  ),
);

// The inspector's webview script: a browser bundle, inlined into the panel's HTML with a nonce.
const webview = await esbuild.build({
  ...common,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  sourcemap: false,
  entryPoints: ['src/vscode/inspector/webview/main.ts'],
  outfile: path.join(outdir, 'webview', 'inspector.js'),
});

// Getters: a module runs when first asked for (a ProxyAgent costs nothing until a proxy is set).
const stackEntry = [...used].sort().map((p) => `  get ${JSON.stringify(p)}() { return require(${JSON.stringify(p)}); },`).join('\n');
const stack = await esbuild.build({
  ...common,
  stdin: { contents: `module.exports = {\n${stackEntry}\n};\n`, resolveDir: process.cwd(), sourcefile: 'http-stack-entry.js', loader: 'js' },
  outfile: path.join(outdir, HTTP_STACK_FILE),
});

if (process.argv.includes('--metafile')) {
  const metafile = {
    inputs: Object.assign({}, ...[main, stack, webview, ...lazy].map((b) => b.metafile.inputs)),
    outputs: Object.assign({}, ...[main, stack, webview, ...lazy].map((b) => b.metafile.outputs)),
  };
  fs.writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(metafile));
}
