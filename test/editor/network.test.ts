import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import type { TestApi } from '../../src/extension';
import { FakeLabelStudio, FakeProxy, hasOpenssl, makeTestCertificates, type TestCertificates } from '../fake';
import { ScriptedPrompts } from './scriptedPrompts';
import { extensionApi, labelOf, resetExtension, setServers, treeItems } from './helpers';

describe('networks: private CA, self-signed certificates and proxies', function () {
  this.timeout(60_000);
  let api: TestApi;
  let certs: TestCertificates;
  const closers: Array<{ close(): Promise<void> }> = [];

  before(async function () {
    if (!hasOpenssl()) this.skip();
    api = await extensionApi();
    certs = makeTestCertificates();
  });
  after(async () => {
    if (api) await resetExtension(api);
    certs?.remove();
  });
  afterEach(async () => {
    api.setPrompts(undefined);
    await vscode.workspace.getConfiguration('http').update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all(closers.splice(0).map((c) => c.close()));
  });

  async function connect(
    servers: Array<Record<string, unknown>>,
    fake: FakeLabelStudio,
    prompts = new ScriptedPrompts(),
  ): Promise<ScriptedPrompts> {
    api.setPrompts(prompts);
    await setServers(servers as Array<{ url: string }>);
    await api.tokens.set(fake.url, fake.legacyTokens[0]);
    await api.controller.reload();
    await api.controller.refreshAll();
    return prompts;
  }

  async function httpsFake(cert: { key: string; cert: string }): Promise<FakeLabelStudio> {
    const fake = await FakeLabelStudio.start({ tls: cert });
    fake.addProject({ title: 'over TLS' });
    closers.push(fake);
    return fake;
  }

  it('a server whose certificate comes from a private CA: refused with a hint, then loads with caFile', async () => {
    const fake = await httpsFake(certs.server);
    await connect([{ url: fake.url }], fake);
    const [row] = await treeItems(api);
    assert.equal(labelOf(row.item), 'Certificate not trusted');
    assert.match(String(row.item.description), /caFile/);
    await connect([{ url: fake.url, caFile: certs.caFile }], fake);
    assert.deepEqual(
      (await treeItems(api)).map((r) => labelOf(r.item)),
      ['over TLS'],
    );
  });

  it("a caFile that does not exist shows as that server's error", async () => {
    const fake = await httpsFake(certs.server);
    await connect([{ url: fake.url, caFile: '/nonexistent/ca.pem' }], fake);
    const [row] = await treeItems(api);
    assert.match(String(row.item.description), /TLS settings .* could not be used: ENOENT/);
  });

  it('allowSelfSigned accepts a self-signed certificate, with one warning per server', async () => {
    const fake = await httpsFake(certs.selfSigned);
    const prompts = await connect([{ url: fake.url, allowSelfSigned: true }], fake);
    assert.deepEqual(
      (await treeItems(api)).map((r) => labelOf(r.item)),
      ['over TLS'],
    );
    const warnings = prompts.asked.filter((a) => a.kind === 'warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].text, /Certificate checks are off/);
    await api.controller.reload();
    await api.controller.refreshAll();
    assert.equal(prompts.asked.filter((a) => a.kind === 'warn').length, 1, 'not repeated');
  });

  it("VS Code's http.proxy setting is honoured: the server is reached through the proxy", async () => {
    // Loopback servers never go through a proxy: this one has a name only the proxy resolves.
    const proxy = await FakeProxy.start({ hosts: { 'ls.behind-proxy.test': '127.0.0.1' } });
    closers.push(proxy);
    const fake = await FakeLabelStudio.start();
    fake.addProject({ title: 'behind a proxy' });
    closers.push(fake);
    const hidden = fake.url.replace('127.0.0.1', 'ls.behind-proxy.test');
    await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    api.setPrompts(new ScriptedPrompts());
    await setServers([{ url: hidden }]);
    await api.tokens.set(hidden, fake.legacyTokens[0]);
    await api.controller.reload();
    await api.controller.refreshAll();
    assert.deepEqual(
      (await treeItems(api)).map((r) => labelOf(r.item)),
      ['behind a proxy'],
    );
    assert.ok(proxy.connects.includes(new URL(hidden).host), 'the requests went through the proxy');
    assert.ok(
      proxy.records.every((r) => !r.sawAuthorization),
      'the proxy never saw the token',
    );
    await api.tokens.delete(hidden);
  });

  it('a loopback server is reached directly even when http.proxy is set', async () => {
    const proxy = await FakeProxy.start();
    closers.push(proxy);
    const fake = await FakeLabelStudio.start();
    fake.addProject({ title: 'next door' });
    closers.push(fake);
    await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await connect([{ url: fake.url }], fake);
    assert.deepEqual(
      (await treeItems(api)).map((r) => labelOf(r.item)),
      ['next door'],
    );
    assert.deepEqual(proxy.records, [], 'nothing went to the proxy');
  });
});
