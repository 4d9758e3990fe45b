// The localisation bundle, kept in step with the sources.
//
//   node scripts/l10n.mjs export   collect every l10n.t('…') / vscode.l10n.t('…') message of src/ into
//                                  l10n/bundle.l10n.json, and write the pseudo-locale (qps-ploc) files
//   node scripts/l10n.mjs check    fail when the bundle is stale, a message is not a literal, or a
//                                  translation misses a message, has one too many, drops a placeholder or
//                                  changes a link target
//   node scripts/l10n.mjs merge-fragments
//                                  fold l10n/fragments/<locale>.*.json (flat: English message → translation,
//                                  one file per contributor) into l10n/bundle.l10n.<locale>.json, and list
//                                  the messages still without a translation (after `export`: the English
//                                  bundle says which messages exist)
//
// Messages are found with TypeScript's own parser (a dev dependency already): a call whose callee ends
// in `l10n.t` — `vscode.l10n.t` in adapters, the core seam `l10n.t` (src/core/text/l10n.ts) in core.
// The pseudo-locale wraps every line of every message in ⟦…⟧ and accents its letters, so a UI test run in
// that locale (test/host/ui-l10n.mjs) can tell text that went through l10n from text that did not.
import * as fs from 'node:fs';
import * as path from 'node:path';

// L10N_ROOT: another project laid out the same way (the unit test runs the script on a small sample).
const ROOT = process.env.L10N_ROOT
  ? path.resolve(process.env.L10N_ROOT)
  : path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SOURCES = ['src'];
const BUNDLE_DIR = path.join(ROOT, 'l10n');
const FRAGMENTS = path.join(BUNDLE_DIR, 'fragments');
const BUNDLE = path.join(BUNDLE_DIR, 'bundle.l10n.json');
const NLS = path.join(ROOT, 'package.nls.json');
const PSEUDO = 'qps-ploc';
/** Translations that must be complete (the pseudo-locale is generated, so it always is). */
const LOCALES = ['zh-cn'];

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** TypeScript, loaded only when sources are parsed (export, check): merge-fragments does without. */
let ts;

function isL10nCall(node) {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

/** Every message of the sources, and every call whose message is not a literal (an error). */
export async function collectMessages() {
  ts ??= (await import('typescript')).default;
  const messages = new Set();
  const problems = [];
  for (const file of SOURCES.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node) => {
      if (isL10nCall(node)) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) messages.add(first.text);
        else {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          // The one call that forwards core's messages (already collected where core calls l10n.t) says so.
          if (text.split('\n')[line].includes('l10n-forward')) return;
          problems.push(`${path.relative(ROOT, file)}:${line + 1}: the message of l10n.t must be a string literal`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages: [...messages].sort(), problems };
}

const ACCENTED = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'áƀçđéƒğĥíĵķĺɱñóƥʠŕšţúṽŵẋýžÁƁÇĐÉƑĞĤÍĴĶĹṀÑÓƤɊŔŠŢÚṼŴẊÝŽ'][i],
  ]),
);

/**
 * Accents the letters of `text`. Untouched: ENV_NAMES, placeholders, `$(icon)` names, `code`, URLs, link targets
 * (`](command:…)` must still run) and `${variables}`.
 */
function accent(text) {
  const parts = text.split(/(\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\{\d+\}|\$\([a-z0-9~-]+\)|`[^`]*`|https?:\/\/\S+|\]\([^)\s]*\)|\$\{[^}]*\})/);
  return parts.map((part, i) => (i % 2 === 1 ? part : [...part].map((c) => ACCENTED[c] ?? c).join(''))).join('');
}

/**
 * The pseudo-locale form of a message: each line ⟦accented⟧, so a UI test can tell text that went through
 * l10n from text that did not. A line that is one Markdown link (a button of a view's welcome text or of a
 * walkthrough step) is marked inside its text, `[⟦Ádd⟧](command:…)`, so that it stays a button that runs.
 */
export function pseudo(message) {
  return message
    .split('\n')
    .map((line) => {
      const button = /^\[([^\]]*)\]\(([^)\s]*)\)$/.exec(line);
      if (button) return `[⟦${accent(button[1])}⟧](${button[2]})`;
      return line === '' ? line : `⟦${accent(line)}⟧`;
    })
    .join('\n');
}

const placeholders = (message) => [...new Set(message.match(/\{\d+\}/g) ?? [])].sort().join(',');
/** The targets of a message's Markdown links (`[Add Server](command:labelStudio.addServer)`): a translation keeps them. */
const linkTargets = (message) =>
  [...message.matchAll(/\]\(([^)\s]*)\)/g)]
    .map((m) => m[1])
    .sort()
    .join(' ');
const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
const writeJson = (file, value) => fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

async function exportBundle() {
  const { messages, problems } = await collectMessages();
  if (problems.length) throw new Error(problems.join('\n'));
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  writeJson(BUNDLE, Object.fromEntries(messages.map((m) => [m, m])));
  writeJson(path.join(BUNDLE_DIR, `bundle.l10n.${PSEUDO}.json`), Object.fromEntries(messages.map((m) => [m, pseudo(m)])));
  const nls = readJson(NLS);
  if (nls)
    writeJson(path.join(ROOT, `package.nls.${PSEUDO}.json`), Object.fromEntries(Object.entries(nls).map(([k, v]) => [k, pseudo(v)])));
  console.log(`l10n: ${messages.length} messages in ${path.relative(ROOT, BUNDLE)}`);
}

/** What is wrong with a translation of `english` (both: key → message). */
function translationProblems(name, english, translated) {
  if (!translated) return [`${name} is missing`];
  const problems = [];
  for (const [key, message] of Object.entries(english)) {
    if (typeof translated[key] !== 'string' || translated[key].trim() === '')
      problems.push(`${name}: no translation of ${JSON.stringify(key)}`);
    else if (placeholders(translated[key]) !== placeholders(message))
      problems.push(
        `${name}: ${JSON.stringify(key)} has placeholders ${placeholders(translated[key]) || 'none'}, not ${placeholders(message) || 'none'}`,
      );
    else if (linkTargets(translated[key]) !== linkTargets(message))
      problems.push(`${name}: ${JSON.stringify(key)} links to ${linkTargets(translated[key]) || 'nothing'}, not ${linkTargets(message)}`);
  }
  for (const key of Object.keys(translated)) if (!(key in english)) problems.push(`${name}: ${JSON.stringify(key)} is no longer used`);
  return problems;
}

/** Every `%key%` the manifest names must be in package.nls.json. */
function manifestProblems(nls) {
  const manifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const keys = [...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  return keys.filter((k) => !nls || !(k in nls)).map((k) => `package.json names %${k}% but package.nls.json has no such key`);
}

async function check() {
  const { messages, problems } = await collectMessages();
  const bundle = readJson(BUNDLE) ?? {};
  const expected = Object.fromEntries(messages.map((m) => [m, m]));
  if (JSON.stringify(bundle) !== JSON.stringify(expected))
    problems.push('l10n/bundle.l10n.json is stale: run `node scripts/l10n.mjs export`');
  const pseudoBundle = readJson(path.join(BUNDLE_DIR, `bundle.l10n.${PSEUDO}.json`)) ?? {};
  if (messages.some((m) => pseudoBundle[m] !== pseudo(m))) problems.push(`l10n/bundle.l10n.${PSEUDO}.json is stale: run the export`);
  const nls = readJson(NLS);
  problems.push(...manifestProblems(nls));
  const pseudoNls = readJson(path.join(ROOT, `package.nls.${PSEUDO}.json`)) ?? {};
  if (nls && Object.entries(nls).some(([k, v]) => pseudoNls[k] !== pseudo(v)))
    problems.push(`package.nls.${PSEUDO}.json is stale: run the export`);
  for (const locale of LOCALES) {
    problems.push(
      ...translationProblems(`l10n/bundle.l10n.${locale}.json`, expected, readJson(path.join(BUNDLE_DIR, `bundle.l10n.${locale}.json`))),
    );
    if (nls)
      problems.push(...translationProblems(`package.nls.${locale}.json`, nls, readJson(path.join(ROOT, `package.nls.${locale}.json`))));
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`l10n: ${messages.length} messages, bundle current, ${LOCALES.join(', ')} complete`);
}

/**
 * Folds the fragments of each locale into its bundle. The bundle's own translations come first, then
 * the fragments in name order; a fragment that disagrees with what is already there, drops a placeholder
 * or a link target, or translates a message the sources no longer have is reported and skipped. The
 * bundle is written in the English bundle's order; what still has no translation is listed.
 */
function mergeFragments() {
  const english = readJson(BUNDLE) ?? {};
  const files = fs.existsSync(FRAGMENTS)
    ? fs
        .readdirSync(FRAGMENTS)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  let failed = false;
  for (const locale of LOCALES) {
    const target = path.join(BUNDLE_DIR, `bundle.l10n.${locale}.json`);
    const merged = { ...(readJson(target) ?? {}) };
    const problems = [];
    let added = 0;
    for (const file of files.filter((f) => f.startsWith(`${locale}.`))) {
      const name = `fragments/${file}`;
      let fragment;
      try {
        fragment = JSON.parse(fs.readFileSync(path.join(FRAGMENTS, file), 'utf8'));
      } catch (error) {
        problems.push(`${name}: not JSON (${error.message})`);
        continue;
      }
      for (const [key, value] of Object.entries(fragment)) {
        const where = `${name}: ${JSON.stringify(key)}`;
        if (!(key in english)) problems.push(`${where} is not a message of the sources (changed or removed?)`);
        else if (typeof value !== 'string' || value.trim() === '') problems.push(`${where} has no translation`);
        else if (placeholders(value) !== placeholders(key))
          problems.push(`${where} has placeholders ${placeholders(value) || 'none'}, not ${placeholders(key) || 'none'}`);
        else if (linkTargets(value) !== linkTargets(key))
          problems.push(`${where} links to ${linkTargets(value) || 'nothing'}, not ${linkTargets(key)}`);
        else if (key in merged && merged[key] !== value)
          problems.push(`${where} differs from the translation already merged: ${JSON.stringify(merged[key])}`);
        else if (!(key in merged)) {
          merged[key] = value;
          added += 1;
        }
      }
    }
    const stale = Object.keys(merged).filter((key) => !(key in english));
    const ordered = Object.fromEntries(
      Object.keys(english)
        .filter((key) => key in merged)
        .map((key) => [key, merged[key]]),
    );
    writeJson(target, ordered);
    const missing = Object.keys(english).filter((key) => !(key in ordered));
    console.log(
      `l10n: ${path.relative(ROOT, target)}: ${added} added, ${Object.keys(ordered).length}/${Object.keys(english).length} translated`,
    );
    if (stale.length)
      console.log(`  dropped ${stale.length} no longer in the sources:\n${stale.map((k) => `    ${JSON.stringify(k)}`).join('\n')}`);
    if (missing.length)
      console.log(`  ${missing.length} without a translation:\n${missing.map((k) => `    ${JSON.stringify(k)}`).join('\n')}`);
    if (problems.length) {
      failed = true;
      console.error(`  ${problems.length} skipped:\n${problems.map((p) => `    ${p}`).join('\n')}`);
    }
  }
  if (failed) process.exit(1);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const command = process.argv[2];
  if (command === 'export') await exportBundle();
  else if (command === 'check') await check();
  else if (command === 'merge-fragments') mergeFragments();
  else {
    console.error('usage: node scripts/l10n.mjs export|check|merge-fragments');
    process.exit(2);
  }
}
