// The localisation bundle, kept in step with the sources.
//
//   node scripts/l10n.mjs export   collect every l10n.t('…') / vscode.l10n.t('…') message of src/ into
//                                  l10n/bundle.l10n.json, and write the pseudo-locale (qps-ploc) files
//   node scripts/l10n.mjs check    fail when the bundle is stale, a message is not a literal, or a
//                                  translation misses a message, has one too many or drops a placeholder
//
// Messages are found with TypeScript's own parser (a dev dependency already): a call whose callee ends
// in `l10n.t` — `vscode.l10n.t` in adapters, the core seam `l10n.t` (src/core/text/l10n.ts) in core.
// The pseudo-locale wraps every message in ⟦…⟧ and accents its letters, so a UI test run in that locale
// can tell text that went through l10n from text that did not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SOURCES = ['src'];
const BUNDLE_DIR = path.join(ROOT, 'l10n');
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

function isL10nCall(node) {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

/** Every message of the sources, and every call whose message is not a literal (an error). */
export function collectMessages() {
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

/** The pseudo-locale form of a message: ⟦accented⟧, placeholders and `$(icon)` names untouched. */
export function pseudo(message) {
  const parts = message.split(/(\{\d+\}|\$\([a-z0-9~-]+\)|`[^`]*`|https?:\/\/\S+)/);
  const body = parts.map((part, i) => (i % 2 === 1 ? part : [...part].map((c) => ACCENTED[c] ?? c).join(''))).join('');
  return `⟦${body}⟧`;
}

const placeholders = (message) => [...new Set(message.match(/\{\d+\}/g) ?? [])].sort().join(',');
const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
const writeJson = (file, value) => fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

function exportBundle() {
  const { messages, problems } = collectMessages();
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

function check() {
  const { messages, problems } = collectMessages();
  const bundle = readJson(BUNDLE) ?? {};
  const expected = Object.fromEntries(messages.map((m) => [m, m]));
  if (JSON.stringify(bundle) !== JSON.stringify(expected))
    problems.push('l10n/bundle.l10n.json is stale: run `node scripts/l10n.mjs export`');
  const pseudoBundle = readJson(path.join(BUNDLE_DIR, `bundle.l10n.${PSEUDO}.json`)) ?? {};
  if (messages.some((m) => pseudoBundle[m] !== pseudo(m))) problems.push(`l10n/bundle.l10n.${PSEUDO}.json is stale: run the export`);
  const nls = readJson(NLS);
  problems.push(...manifestProblems(nls));
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

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const command = process.argv[2];
  if (command === 'export') exportBundle();
  else if (command === 'check') check();
  else {
    console.error('usage: node scripts/l10n.mjs export|check');
    process.exit(2);
  }
}
