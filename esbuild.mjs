// Bundles the extension into dist/extension.js (CommonJS, Node target, `vscode` external).
// `--production` minifies and drops source maps; `--metafile` writes dist/meta.json for size analysis.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

const result = await esbuild.build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});

if (process.argv.includes('--metafile')) {
  const fs = await import('node:fs');
  fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
}
