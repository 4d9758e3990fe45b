// VS Code in another display language, offline, for the UI tests of the extension's translations.
//
// How VS Code picks its language: the `locale` of argv.json (what "Configure Display Language" writes;
// for the server, <user-data>/User/argv.json) names it, and it takes effect only when a language pack
// for it is installed: the server looks the locale up in <user-data>/languagepacks.json, the cache its
// language-pack service keeps of the installed packs. Without a pack VS Code stays in English, and so
// do `vscode.env.language`, the extension's l10n bundle and its package.nls.<locale>.json.
//
// The real packs (e.g. MS-CEINTL.vscode-language-pack-zh-hans) come from the Marketplace, which these
// tests cannot reach. So this builds a stand-in pack: a .vsix that contributes `localizations` for the
// locale with an EMPTY translation of VS Code itself. VS Code then runs in that locale (env.language,
// extension bundles and manifests) while its own workbench text stays English. The server does not
// update languagepacks.json for packs installed with `--install-extension` before it starts, so the
// entry is written here, in the form VS Code's LanguagePacksCache writes it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix } from './code-server.mjs';
import { REPO_ROOT } from './paths.mjs';

const PUBLISHER = 'test-host';

/** Builds the stand-in language pack for `locale` under `dir`; returns its .vsix path. */
function buildLanguagePack(locale, dir) {
  const name = `language-pack-${locale}`;
  const src = join(dir, name);
  mkdirSync(join(src, 'translations'), { recursive: true });
  const manifest = {
    name,
    displayName: `Stand-in language pack (${locale})`,
    description: `Makes VS Code run in ${locale} for tests; translates nothing of VS Code itself.`,
    publisher: PUBLISHER,
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: locale,
          languageName: locale,
          localizedLanguageName: locale,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  writeFileSync(join(src, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(src, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(src, 'README.md'), `# ${manifest.displayName}\n`);
  const vsix = join(dir, `${name}.vsix`);
  const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix];
  const built = spawnSync(vsce, args, { cwd: src, encoding: 'utf8', timeout: 120_000 });
  if (built.status !== 0) throw new Error(`building the ${locale} language pack failed:\n${built.stdout}${built.stderr}`);
  return { vsix, id: `${PUBLISHER}.${name}`, folder: `${PUBLISHER}.${name}-${manifest.version}` };
}

/**
 * Makes the code-server profile (see code-server.mjs) start in `locale` (e.g. 'zh-cn', 'qps-ploc'):
 * installs a stand-in language pack, registers it, and sets argv.json's locale. Call it before the
 * server starts (runUiScenario's `prepareProfile`).
 */
export async function useDisplayLanguage(profile, locale) {
  const pack = buildLanguagePack(locale, join(profile.root, 'language-pack'));
  await installVsix(profile, pack.vsix);
  const entry = {
    hash: `stand-in-${locale}`,
    extensions: [{ extensionIdentifier: { id: pack.id }, version: '0.0.1' }],
    translations: { vscode: join(profile.extensionsDir, pack.folder, 'translations', 'main.i18n.json') },
    label: locale,
  };
  writeFileSync(join(profile.userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: entry }));
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(profile.userDataDir, 'User', 'argv.json'), JSON.stringify({ locale }));
}
