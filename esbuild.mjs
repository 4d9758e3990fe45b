// Bundles the extension into dist/extension.js (CommonJS, Node target, `vscode` external), the HTTP
// stack into dist/undici.js, and what loads on first use into files of its own (features, the chunks
// they share, lazy packages, the inspector's webview script). `--production` minifies and drops source
// maps; `--metafile` writes dist/meta.json (every output) for size analysis. `--outdir DIR` writes
// elsewhere than dist/.
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
  'src/vscode/commands/backendFormCommands.ts': 'form.js',
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

/**
 * Where a module shared between files lives: `owners` maps a source path to the file that holds it
 * (`extension.js`, or a `shared-*.js` chunk). An import of such a module from any other file reads it
 * from there — `require('./<owner>').__shared[path]` — so it exists once.
 */
function sharedFromOwners(owners, self) {
  return {
    name: 'shared-from-owners',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.namespace === 'owned') return undefined;
        const file = sourceFile(args.resolveDir, args.path);
        const owner = file && owners.get(file);
        return owner && owner !== self ? { path: file, namespace: 'owned', pluginData: owner } : undefined;
      });
      build.onResolve({ filter: /^\.\/[\w-]+\.js$/, namespace: 'owned' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'owned' }, (args) => ({
        contents: `module.exports = require('./${args.pluginData}').__shared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** An entry that exports `exports` (if any) and the given modules as `__shared`, by source path. */
function entryExporting(modules, exports = '') {
  return [
    exports,
    ...modules.map((p, i) => `import * as m${i} from './${p}';`),
    `export const __shared = { ${modules.map((p, i) => `${JSON.stringify(p)}: m${i}`).join(', ')} };`,
  ].join('\n');
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
const isEntry = (p) => p === 'src/extension.ts' || p in FEATURES;
// Which features hold each module that extension.js does not, and how many bytes each copy takes.
const users = new Map();
Object.values(FEATURES).forEach((file, i) => {
  const output = Object.values(featurePasses[i].metafile.outputs)[0];
  for (const p of srcInputs(featurePasses[i].metafile)) {
    if (inMain.has(p) || isEntry(p)) continue;
    users.set(p, [...(users.get(p) ?? []), { file, bytes: output.inputs[p]?.bytesInOutput ?? 0 }]);
  }
});
/**
 * Modules two or more features hold, and extension.js does not (the prediction checker: the inspector
 * and the agent's tools), go to one chunk per set of features that need them, `shared-<features>.js`,
 * loaded by the first of those features — when that saves at least CHUNK_MIN_SAVING bytes: esbuild
 * drops the unused exports of each copy, and a chunk holds whole modules. A chunk's own imports are
 * in extension.js or in a chunk that more features need, so chunks never require each other in a circle.
 */
const CHUNK_MIN_SAVING = 1024;
const candidates = new Map();
for (const [p, copies] of users) {
  if (copies.length < 2) continue;
  const file = `shared-${copies
    .map((c) => c.file.replace(/\.js$/, ''))
    .sort()
    .join('-')}.js`;
  const saving = copies.reduce((sum, c) => sum + c.bytes, 0) - Math.max(...copies.map((c) => c.bytes));
  const chunk = candidates.get(file) ?? { modules: [], saving: 0 };
  candidates.set(file, { modules: [...chunk.modules, p], saving: chunk.saving + saving });
}
const chunks = new Map([...candidates].filter(([, c]) => c.saving >= CHUNK_MIN_SAVING).map(([file, c]) => [file, c.modules.sort()]));
const owners = new Map([...chunks].flatMap(([file, modules]) => modules.map((p) => [p, file])));
const shared = [...new Set(featurePasses.flatMap((pass) => srcInputs(pass.metafile)))].filter((p) => inMain.has(p) && !isEntry(p)).sort();
for (const p of shared) owners.set(p, 'extension.js');

const main = await esbuild.build({
  ...mainOptions,
  stdin: {
    contents: entryExporting(shared, "export * from './src/extension';"),
    resolveDir: process.cwd(),
    sourcefile: 'extension-entry.js',
    loader: 'js',
  },
  plugins: mainPlugins,
});
const featureOptions = (file) => ({
  ...common,
  outfile: path.join(outdir, file),
  external: ['vscode'],
  plugins: [undiciInItsOwnFile(), lazyPackages(), sharedFromOwners(owners, file)],
});
const features = await Promise.all([
  ...Object.entries(FEATURES).map(([entry, file]) => esbuild.build({ ...featureOptions(file), entryPoints: [entry] })),
  ...[...chunks].map(([file, modules]) =>
    esbuild.build({
      ...featureOptions(file),
      stdin: { contents: entryExporting(modules), resolveDir: process.cwd(), sourcefile: `${file}-entry.js`, loader: 'js' },
    }),
  ),
]);

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
