/**
 * The manifest speaks the user's language: every text of package.json that VS Code shows a user is a
 * `%key%` of package.nls.json, each locale has every key, and a translation keeps what makes the text
 * work (placeholders, the commands its buttons run). The names the public contract fixes stay, in English.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, manifestStrings, rawManifest, resolvedManifest } from './resolvedManifest';

const LOCALES = ['zh-cn', 'qps-ploc'];

/** Where a user sees each text of the manifest: [JSON path, text] of every such field. */
function userVisibleTexts(pkg: any): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [
    ['displayName', pkg.displayName],
    ['description', pkg.description],
    ['capabilities.untrustedWorkspaces.description', pkg.capabilities.untrustedWorkspaces.description],
  ];
  const c = pkg.contributes;
  for (const v of c.viewsContainers.activitybar) out.push([`viewsContainers.${v.id}.title`, v.title]);
  for (const v of Object.values(c.views).flat() as any[]) {
    out.push([`views.${v.id}.name`, v.name]);
    if (v.contextualTitle !== undefined) out.push([`views.${v.id}.contextualTitle`, v.contextualTitle]);
  }
  c.viewsWelcome.forEach((w: any, i: number) => out.push([`viewsWelcome[${i}].contents`, w.contents]));
  for (const cmd of c.commands) {
    out.push([`commands.${cmd.command}.title`, cmd.title], [`commands.${cmd.command}.category`, cmd.category]);
    if (cmd.shortTitle !== undefined) out.push([`commands.${cmd.command}.shortTitle`, cmd.shortTitle]);
  }
  out.push(['configuration.title', c.configuration.title]);
  const setting = (name: string, p: any) => {
    for (const f of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage'])
      if (p[f] !== undefined) out.push([`${name}.${f}`, p[f]]);
    for (const f of ['enumDescriptions', 'markdownEnumDescriptions'])
      (p[f] ?? []).forEach((d: string, i: number) => out.push([`${name}.${f}[${i}]`, d]));
    for (const [k, sub] of Object.entries(p.items?.properties ?? {})) setting(`${name}.${k}`, sub);
  };
  for (const [key, p] of Object.entries(c.configuration.properties)) setting(key, p);
  // A tool's displayName and userDescription are for the user; its modelDescription and input schema
  // are read by the language model, which is prompted in English: they stay English on purpose.
  for (const tool of c.languageModelTools)
    out.push([`${tool.name}.displayName`, tool.displayName], [`${tool.name}.userDescription`, tool.userDescription]);
  for (const w of c.walkthroughs) {
    out.push([`${w.id}.title`, w.title], [`${w.id}.description`, w.description]);
    for (const s of w.steps) out.push([`${w.id}.${s.id}.title`, s.title], [`${w.id}.${s.id}.description`, s.description]);
  }
  return out;
}

const placeholders = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
const linkTargets = (text: string) => [...text.matchAll(/\]\(([^)\s]*)\)/g)].map((m) => m[1]).sort();

describe('package.json: localised through package.nls', () => {
  const english = manifestStrings();

  it('every text a user sees is a %key% of package.nls.json, not a literal', () => {
    const texts = userVisibleTexts(rawManifest());
    assert.ok(texts.length > 60, `found ${texts.length} texts`);
    const literal = texts
      .filter(([, text]) => typeof text !== 'string' || !/^%[^%]+%$/.test(text))
      .map(([where, text]) => `${where}: ${text}`);
    assert.deepEqual(literal, [], 'hard-coded manifest texts');
  });

  it('every %key% has its English text, and every English text is used', () => {
    const raw = JSON.stringify(rawManifest());
    const used = new Set([...raw.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
    assert.deepEqual(
      [...used].filter((k) => !(k in english)),
      [],
      'keys without text',
    );
    assert.deepEqual(
      Object.keys(english).filter((k) => !used.has(k)),
      [],
      'texts no key uses',
    );
  });

  for (const locale of LOCALES)
    it(`package.nls.${locale}.json translates every text and keeps its placeholders and buttons`, () => {
      const translated = manifestStrings(locale);
      assert.deepEqual(Object.keys(translated).sort(), Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        assert.ok(translated[key].trim() !== '', `${locale}: ${key} is empty`);
        assert.deepEqual(placeholders(translated[key]), placeholders(text), `${locale}: placeholders of ${key}`);
        assert.deepEqual(linkTargets(translated[key]), linkTargets(text), `${locale}: the commands ${key} links to`);
      }
    });

  it('the Chinese manifest is Chinese (only product names stay Latin)', () => {
    const zh = manifestStrings('zh-cn');
    const latin = Object.entries(zh)
      .filter(([, text]) => !/[\u4e00-\u9fff]/.test(text))
      .map(([key]) => key);
    assert.deepEqual(latin, ['labelStudio'], 'texts without a Chinese character');
    assert.equal(zh.labelStudio, 'Label Studio', 'the product name is not translated');
  });

  it('in English, the names the public contract fixes are unchanged', () => {
    const pkg = resolvedManifest();
    const title = (id: string) => pkg.contributes.commands.find((c: any) => c.command === id)?.title;
    assert.equal(pkg.displayName, 'Label Studio ML Backends');
    assert.deepEqual(
      ['refresh', 'addServer', 'setToken', 'clearToken', 'removeServer', 'diagnoseBackend'].map((id) => title(`labelStudio.${id}`)),
      ['Refresh ML Backends', 'Add Server', 'Set API Token', 'Clear API Token', 'Remove Server', 'Diagnose Backend'],
    );
    assert.ok(pkg.contributes.commands.every((c: any) => c.category === 'Label Studio'));
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].title, 'Label Studio');
    assert.equal(pkg.contributes.views.labelStudio[0].name, 'ML Backends');
  });

  it('in Chinese, the buttons of the welcome texts and the walkthrough still run our commands', () => {
    const zh = resolvedManifest('zh-cn').contributes;
    const en = resolvedManifest().contributes;
    const buttons = (c: any) => [
      ...c.viewsWelcome.map((w: any) => linkTargets(w.contents)),
      ...c.walkthroughs[0].steps.map((s: any) => linkTargets(s.description)),
    ];
    assert.deepEqual(buttons(zh), buttons(en));
    assert.match(zh.viewsWelcome[0].contents, /\[添加服务器\]\(command:labelStudio\.addServer\)/);
  });

  it('the tools keep their English modelDescription in every locale (the model reads it)', () => {
    for (const tool of rawManifest().contributes.languageModelTools) {
      assert.doesNotMatch(tool.modelDescription, /^%/, tool.name);
      assert.match(tool.modelDescription, /^[\x20-\x7e‹›]+$/, `${tool.name}: plain English`);
    }
  });

  it('every walkthrough page has a Chinese version, with the same pictures and sections', () => {
    // VS Code shows <page>.nls.<language>.md in place of <page>.md when it exists (also <page>.nls.zh.md).
    const pages = rawManifest().contributes.walkthroughs[0].steps.map((s: any) => s.media.markdown as string);
    const outline = (file: string) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      return {
        headings: text.match(/^#+ /gm)?.length ?? 0,
        tableRows: text.match(/^\|/gm)?.length ?? 0,
        images: [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]),
        code: [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort(),
      };
    };
    for (const page of pages) {
      const chinese = page.replace(/\.md$/, '.nls.zh-cn.md');
      assert.ok(fs.existsSync(path.join(REPO_ROOT, chinese)), `${chinese} exists`);
      assert.deepEqual(outline(chinese), outline(page), `${chinese} matches ${page}`);
      assert.match(fs.readFileSync(path.join(REPO_ROOT, chinese), 'utf8'), /[\u4e00-\u9fff]/);
    }
  });
});
