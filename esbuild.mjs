// Bundles the extension into dist/extension.js (CommonJS, Node target, `vscode` external) and the
// HTTP stack into dist/undici.js. `--production` minifies and drops source maps; `--metafile` writes
// dist/meta.json (both outputs) for size analysis. `--outdir DIR` writes elsewhere than dist/.
//
// Why two files: activation must not pay for undici (~520 KB minified, half of it the llhttp
// WebAssembly parser in base64). esbuild wraps a CommonJS module in a function that runs on first
// `require`, so undici would not be *evaluated* at load, but V8 would still read and compile the
// whole file (≈ 14 ms in Node 20). So `require('undici')` in src/ becomes `require('./undici.js')`
// in extension.js, and dist/undici.js is undici's public entry point bundled alone; src/core/net/http.ts
// requires it when the first request is sent. `npm run bench -- --only bundle` shows the sizes.
//
// Sources import VS Code with `import vscode = require('vscode')` (ESLint enforces it): esbuild
// turns `import * as vscode from 'vscode'` into `__toESM(require('vscode'))`, a copy of the whole
// API object (hundreds of getters) per module, ≈ 4 ms of activation for 14 modules.
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

/** `require('undici')` in our sources becomes `require('./undici.js')`: undici is bundled on its own there. */
function undiciInItsOwnFile() {
  return {
    name: 'undici-in-its-own-file',
    setup(build) {
      build.onResolve({ filter: /^undici$/ }, () => ({ path: `./${HTTP_STACK_FILE}`, external: true }));
    },
  };
}

/**
 * Libraries needed only by one feature (the inspector's XML parser for labeling configs, its
 * JSON-with-offsets parser for "Open as JSON"): each becomes its own file, required when the
 * feature is first used, like the HTTP stack.
 */
// js-yaml reads the docker-compose files of local ML backends, only when a backend folder has one.
const LAZY_PACKAGES = { saxes: 'saxes.js', 'jsonc-parser': 'jsonc.js', 'js-yaml': 'yaml.js' };
/** What a lazy file exports when not the whole package: named ES exports, so esbuild drops the rest (js-yaml's dumper). */
const LAZY_EXPORTS = { 'js-yaml': ['load'] };

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

/**
 * Features that load on first use: extension.ts reaches each through `import()`, and each becomes its
 * own file in dist/, required when the feature is first used. A feature shares the modules it has in
 * common with extension.js (one copy of each class, so `instanceof` and module state hold): the main
 * bundle exports them as `__shared`, and the feature's imports of them read from there.
 */
const FEATURES = {
  'src/vscode/inspector/predictionInspector.ts': 'inspector.js',
  'src/vscode/agent/mlBackendTools.ts': 'agent.js',
  'src/vscode/commands/modelCommands.ts': 'model.js',
  'src/vscode/commands/diagnoseCommand.ts': 'diagnose.js',
  'src/vscode/local/localWiring.ts': 'local.js',
};

/** The source file a relative import names (`./x` → `./x.ts` or `./x/index.ts`), relative to the repository. */
function sourceFile(resolveDir, spec) {
  const base = path.resolve(resolveDir, spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile())
      return path.relative(process.cwd(), candidate).split(path.sep).join('/');
  }
  return undefined;
}

function featuresApart() {
  return {
    name: 'features-apart',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const file = FEATURES[sourceFile(args.resolveDir, args.path)];
        return file ? { path: `./${file}`, external: true } : undefined;
      });
    },
  };
}

function sharedWithMain(shared) {
  return {
    name: 'shared-with-main',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const file = sourceFile(args.resolveDir, args.path);
        return file && shared.has(file) ? { path: file, namespace: 'main-shared' } : undefined;
      });
      build.onResolve({ filter: /^\.\/extension\.js$/, namespace: 'main-shared' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'main-shared' }, (args) => ({
        contents: `module.exports = require('./extension.js').__shared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

const mainOptions = { ...common, outfile: path.join(outdir, 'extension.js'), external: ['vscode'] };
const mainPlugins = [undiciInItsOwnFile(), lazyPackages(), featuresApart()];
const srcInputs = (meta) => Object.keys(meta.inputs).filter((p) => p.startsWith('src/'));
// First pass, not written: which modules the main bundle and each feature hold.
const [mainPass, ...featurePasses] = await Promise.all([
  esbuild.build({ ...mainOptions, entryPoints: ['src/extension.ts'], plugins: mainPlugins, write: false }),
  ...Object.keys(FEATURES).map((entry) =>
    esbuild.build({ ...mainOptions, entryPoints: [entry], plugins: [undiciInItsOwnFile(), lazyPackages()], write: false }),
  ),
]);
const inMain = new Set(srcInputs(mainPass.metafile));
const shared = [...new Set(featurePasses.flatMap((pass) => srcInputs(pass.metafile)))]
  .filter((p) => inMain.has(p) && p !== 'src/extension.ts' && !(p in FEATURES))
  .sort();
const mainEntry = [
  "export * from './src/extension';",
  ...shared.map((p, i) => `import * as m${i} from './${p}';`),
  `export const __shared = { ${shared.map((p, i) => `${JSON.stringify(p)}: m${i}`).join(', ')} };`,
].join('\n');
const main = await esbuild.build({
  ...mainOptions,
  stdin: { contents: mainEntry, resolveDir: process.cwd(), sourcefile: 'extension-entry.js', loader: 'js' },
  plugins: mainPlugins,
});
const features = await Promise.all(
  Object.entries(FEATURES).map(([entry, file]) =>
    esbuild.build({
      ...common,
      entryPoints: [entry],
      outfile: path.join(outdir, file),
      external: ['vscode'],
      plugins: [undiciInItsOwnFile(), lazyPackages(), sharedWithMain(new Set(shared))],
    }),
  ),
);

const lazy = await Promise.all(
  Object.entries(LAZY_PACKAGES).map(([name, file]) =>
    esbuild.build({
      ...common,
      // jsonc-parser's `main` is a UMD build with dynamic requires; its ES modules bundle cleanly.
      mainFields: ['module', 'main'],
      stdin: {
        contents: LAZY_EXPORTS[name]
          ? `export { ${LAZY_EXPORTS[name].join(', ')} } from ${JSON.stringify(name)};`
          : `module.exports = require(${JSON.stringify(name)});`,
        resolveDir: process.cwd(),
        sourcefile: `${file}-entry.js`,
        loader: 'js',
      },
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

const stack = await esbuild.build({
  ...common,
  stdin: { contents: "module.exports = require('undici');\n", resolveDir: process.cwd(), sourcefile: 'http-stack-entry.js', loader: 'js' },
  outfile: path.join(outdir, HTTP_STACK_FILE),
});

if (process.argv.includes('--metafile')) {
  const metafile = {
    inputs: Object.assign({}, ...[main, stack, webview, ...lazy, ...features].map((b) => b.metafile.inputs)),
    outputs: Object.assign({}, ...[main, stack, webview, ...lazy, ...features].map((b) => b.metafile.outputs)),
  };
  fs.writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(metafile));
}
