import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** What `vsce ls` says would go into the .vsix (the files present now that the rules let in). */
function packagedFiles(): string[] {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  return execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Every file the walkthrough shows: its Markdown pages and the images they link. */
function walkthroughFiles(): string[] {
  const pages: string[] = manifest.contributes.walkthroughs.flatMap((w: any) => w.steps.map((s: any) => s.media.markdown ?? s.media.image));
  const images = pages.flatMap((page) => {
    const text = fs.readFileSync(path.join(ROOT, page), 'utf8');
    return [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(page), m[1])),
    );
  });
  return [...new Set([...pages, ...images])];
}

describe('the .vsix holds only what the extension needs (vsce ls and .vscodeignore)', function () {
  this.timeout(30_000);
  let files: string[];
  before(() => (files = packagedFiles()));

  it('lists only the manifest, the bundle, media the extension shows, README, LICENSE and CHANGELOG', () => {
    const allowed = [
      /^package\.json$/,
      /^README\.md$/,
      /^LICENSE$/,
      /^CHANGELOG\.md$/,
      /^dist\/(extension|undici|saxes|jsonc|yaml|inspector|agent|model|form|diagnose|local|shared-[a-z-]+)\.js$/,
      /^dist\/webview\/inspector\.js$/,
      /^media\/(icon\.png|label-studio\.svg)$/,
      /^media\/walkthrough\/[\w-]+(\.nls\.[\w-]+)?\.md$/,
      /^media\/screenshots\/[\w-]+\.png$/,
      /^package\.nls(\.[\w-]+)?\.json$/,
      /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
    ];
    const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(unexpected, []);
    for (const f of files) assert.doesNotMatch(f, /(^|\/)(src|test|out|node_modules)\/|\.map$|\.ts$/, f);
  });

  it('has every walkthrough page and image, and no screenshot the walkthrough does not show', () => {
    const needed = walkthroughFiles();
    assert.ok(needed.length >= 8, `pages and images found: ${needed.join(', ')}`);
    for (const f of needed) {
      assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} exists`);
      assert.ok(files.includes(f), `${f} is packaged`);
    }
    const extraScreenshots = files.filter((f) => f.startsWith('media/screenshots/') && !needed.includes(f));
    assert.deepEqual(extraScreenshots, [], 'README screenshots stay out of the .vsix (the Marketplace loads them from the repository)');
  });

  it("keeps the walkthrough's images small: palette PNGs (as the screenshot run writes them), ≤ 100 KB together", () => {
    const images = walkthroughFiles().filter((f) => f.endsWith('.png'));
    assert.ok(images.length > 0);
    let total = 0;
    for (const f of images) {
      const png = fs.readFileSync(path.join(ROOT, f));
      total += png.length;
      // IHDR's colour type (byte 25): 3 = indexed colours, what pngquant writes
      assert.equal(png[25], 3, `${f} is not a palette PNG: re-encode it with pngquant (test/host/ui-smoke-lib.mjs, quantise)`);
    }
    assert.ok(total <= 100 * 1024, `the walkthrough's ${images.length} images take ${(total / 1024).toFixed(1)} KB of the .vsix`);
  });

  it('names the repository, so vsce needs no --allow-missing-repository and rewrites README links against it', () => {
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w-]+\/[\w.-]+\.git$/);
    const home = manifest.repository.url.replace(/\.git$/, '');
    assert.equal(manifest.bugs.url, `${home}/issues`);
    assert.ok(manifest.homepage.startsWith(home));
    assert.doesNotMatch(manifest.scripts.package, /--allow-missing-repository|--no-rewrite-relative-links/);
  });
});
