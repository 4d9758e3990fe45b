/**
 * scripts/l10n.mjs on a small sample project (L10N_ROOT): what `export` collects and how it writes the
 * pseudo-locale, what `check` rejects, and how `merge-fragments` folds the helpers' translations in.
 * The script is ESM and these tests are CommonJS, so it runs as the CLI it is.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './resolvedManifest';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'l10n.mjs');

function run(root: string, command: string) {
  const result = spawnSync(process.execPath, [SCRIPT, command], { env: { ...process.env, L10N_ROOT: root }, encoding: 'utf8' });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const write = (root: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const read = (root: string, file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

describe('scripts/l10n.mjs', function () {
  this.timeout(60_000);
  /** The sample, exported once (parsing loads TypeScript: seconds on a busy machine); each test works on a copy. */
  let exported: string;
  let root: string;

  before(() => {
    exported = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-sample-'));
    write(
      exported,
      'src/vscode/a.ts',
      [
        "import vscode = require('vscode');",
        "vscode.window.showInformationMessage(vscode.l10n.t('Refreshed {0} servers', 2));",
        'const tip = vscode.l10n.t(`Set the token with $(key) or see https://labelstud.io/guide`);',
        "const notText = 'not a message';",
      ].join('\n'),
    );
    write(exported, 'src/core/b.ts', "import * as l10n from '../text/l10n';\nexport const s = l10n.t('Backend {0} is {1}', 'x', 'y');\n");
    write(
      exported,
      'package.json',
      JSON.stringify({ displayName: '%displayName%', contributes: { viewsWelcome: [{ contents: '%welcome%' }] } }),
    );
    write(
      exported,
      'package.nls.json',
      JSON.stringify({
        displayName: 'ML Backends',
        welcome: 'Connect a server (LABEL_STUDIO_URL).\n[Add Server](command:labelStudio.addServer)',
      }),
    );
    const { status, out } = run(exported, 'export');
    assert.equal(status, 0, out);
  });
  after(() => fs.rmSync(exported, { recursive: true, force: true }));

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-sample-'));
    fs.cpSync(exported, root, { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('export collects every literal message of l10n.t and vscode.l10n.t, and nothing else', () => {
    assert.deepEqual(Object.keys(read(root, 'l10n/bundle.l10n.json')), [
      'Backend {0} is {1}',
      'Refreshed {0} servers',
      'Set the token with $(key) or see https://labelstud.io/guide',
    ]);
  });

  it('the pseudo-locale marks every line and accents letters, but keeps placeholders, icons, URLs, env names and buttons working', () => {
    const bundle = read(root, 'l10n/bundle.l10n.qps-ploc.json');
    assert.equal(bundle['Refreshed {0} servers'], '⟦Ŕéƒŕéšĥéđ {0} šéŕṽéŕš⟧');
    assert.equal(
      bundle['Set the token with $(key) or see https://labelstud.io/guide'],
      '⟦Šéţ ţĥé ţóķéñ ŵíţĥ $(key) óŕ šéé https://labelstud.io/guide⟧',
    );
    const nls = read(root, 'package.nls.qps-ploc.json');
    assert.equal(nls.displayName, '⟦ṀĹ Ɓáçķéñđš⟧');
    assert.equal(nls.welcome, '⟦Çóññéçţ á šéŕṽéŕ (LABEL_STUDIO_URL).⟧\n[⟦Áđđ Šéŕṽéŕ⟧](command:labelStudio.addServer)');
  });

  it('export refuses a message that is not a literal', () => {
    write(root, 'src/vscode/c.ts', "import vscode = require('vscode');\nconst n = 3;\nvscode.l10n.t(`Found ${n} backends`);\n");
    const { status, out } = run(root, 'export');
    assert.notEqual(status, 0);
    assert.match(out, /src\/vscode\/c\.ts:3: the message of l10n\.t must be a string literal/);
  });

  it('check names what is stale, missing or broken', () => {
    write(
      root,
      'l10n/bundle.l10n.zh-cn.json',
      JSON.stringify({ 'Backend {0} is {1}': '后端 {0}', 'Refreshed {0} servers': '已刷新 {0} 个服务器' }),
    );
    write(
      root,
      'package.nls.zh-cn.json',
      JSON.stringify({ displayName: 'ML 后端', welcome: '连接服务器。\n[添加服务器](command:labelStudio.removeServer)' }),
    );
    write(root, 'src/vscode/d.ts', "import vscode = require('vscode');\nvscode.l10n.t('A new message');\n");
    const { status, out } = run(root, 'check');
    assert.equal(status, 1);
    assert.match(out, /bundle\.l10n\.json is stale/);
    assert.match(out, /"Backend \{0\} is \{1\}" has placeholders \{0\}, not \{0\},\{1\}/);
    assert.match(out, /no translation of "Set the token with/);
    assert.match(
      out,
      /package\.nls\.zh-cn\.json: "welcome" links to command:labelStudio\.removeServer, not command:labelStudio\.addServer/,
    );
  });

  it('check passes a project whose bundle is current and whose translations are complete', () => {
    write(
      root,
      'l10n/bundle.l10n.zh-cn.json',
      JSON.stringify({
        'Backend {0} is {1}': '后端 {0} 的状态：{1}',
        'Refreshed {0} servers': '已刷新 {0} 个服务器',
        'Set the token with $(key) or see https://labelstud.io/guide': '用 $(key) 设置令牌，或参阅 https://labelstud.io/guide',
      }),
    );
    write(
      root,
      'package.nls.zh-cn.json',
      JSON.stringify({ displayName: 'ML 后端', welcome: '连接服务器。\n[添加服务器](command:labelStudio.addServer)' }),
    );
    const { status, out } = run(root, 'check');
    assert.equal(status, 0, out);
  });

  it('merge-fragments folds the fragments into the bundle, lists what is missing, and skips what is wrong', () => {
    write(root, 'l10n/fragments/zh-cn.adapters.json', JSON.stringify({ 'Refreshed {0} servers': '已刷新 {0} 个服务器' }));
    write(
      root,
      'l10n/fragments/zh-cn.core.json',
      JSON.stringify({
        'Refreshed {0} servers': '刷新了 {0} 个服务器',
        'Backend {0} is {1}': '后端 {0}',
        'A message nobody calls': '没有人用的消息',
      }),
    );
    const { status, out } = run(root, 'merge-fragments');
    assert.equal(status, 1, 'a fragment had problems');
    assert.deepEqual(read(root, 'l10n/bundle.l10n.zh-cn.json'), { 'Refreshed {0} servers': '已刷新 {0} 个服务器' });
    assert.match(out, /1 added, 1\/3 translated/);
    assert.match(out, /2 without a translation:\n\s+"Backend \{0\} is \{1\}"\n\s+"Set the token with/);
    assert.match(out, /zh-cn\.core\.json: "Refreshed \{0\} servers" differs from the translation already merged/);
    assert.match(out, /zh-cn\.core\.json: "Backend \{0\} is \{1\}" has placeholders \{0\}, not \{0\},\{1\}/);
    assert.match(out, /zh-cn\.core\.json: "A message nobody calls" is not a message of the sources/);
  });

  it('merge-fragments keeps the translations already in the bundle and drops those the sources no longer have', () => {
    write(root, 'l10n/bundle.l10n.zh-cn.json', JSON.stringify({ 'Backend {0} is {1}': '后端 {0}：{1}', 'Gone message': '已删除' }));
    write(root, 'l10n/fragments/zh-cn.house.json', JSON.stringify({ 'Refreshed {0} servers': '已刷新 {0} 个服务器' }));
    const { status, out } = run(root, 'merge-fragments');
    assert.equal(status, 0, out);
    assert.deepEqual(read(root, 'l10n/bundle.l10n.zh-cn.json'), {
      'Backend {0} is {1}': '后端 {0}：{1}',
      'Refreshed {0} servers': '已刷新 {0} 个服务器',
    });
    assert.match(out, /dropped 1 no longer in the sources:\n\s+"Gone message"/);
  });
});
