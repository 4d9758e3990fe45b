/**
 * package.json as VS Code shows it: every `"%key%"` replaced by its text from package.nls.json (English)
 * or package.nls.<locale>.json. Tests that read titles or descriptions read them through this.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

const readJson = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, name), 'utf8'));

/** The manifest with its `%key%` strings left as written. */
export function rawManifest() {
  return readJson('package.json');
}

/** The strings of a locale's package.nls file (`undefined`: the English package.nls.json). */
export function manifestStrings(locale?: string): Record<string, string> {
  return readJson(locale ? `package.nls.${locale}.json` : 'package.nls.json');
}

/** The manifest in a locale; a `%key%` with no text stays as written, as VS Code leaves it. */
export function resolvedManifest(locale?: string): any {
  const strings = manifestStrings(locale);
  return JSON.parse(JSON.stringify(rawManifest()), (_key, value) => {
    const key = typeof value === 'string' ? /^%([^%]+)%$/.exec(value)?.[1] : undefined;
    return key !== undefined && key in strings ? strings[key] : value;
  });
}
