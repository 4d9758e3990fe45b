import * as assert from 'node:assert/strict';
import { bypasses, describeProxy, proxyFor } from '../../src/core/net/proxy';

describe('choosing a proxy', () => {
  it("VS Code's http.proxy wins over the environment", () => {
    assert.deepEqual(proxyFor('https://ls.example.com', { proxy: 'http://corp:3128' }, { HTTPS_PROXY: 'http://env:8080' }), {
      url: 'http://corp:3128',
      source: 'http.proxy',
    });
  });

  it('HTTPS_PROXY for https targets, HTTP_PROXY otherwise, lower-case names too, scheme added', () => {
    assert.deepEqual(proxyFor('https://ls.example.com', {}, { https_proxy: 'env:8080' }), {
      url: 'http://env:8080',
      source: 'HTTPS_PROXY',
    });
    assert.deepEqual(proxyFor('http://ls.example.com', {}, { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' }), {
      url: 'http://p:2',
      source: 'HTTP_PROXY',
    });
    assert.equal(proxyFor('http://ls.example.com', {}, {}), undefined);
  });

  it('NO_PROXY and http.noProxy bypass the proxy', () => {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'localhost,.internal.example.com,10.0.0.5' };
    assert.equal(proxyFor('https://localhost:8080', {}, env), undefined);
    assert.equal(proxyFor('https://ls.internal.example.com', {}, env), undefined);
    assert.equal(proxyFor('https://10.0.0.5', {}, env), undefined);
    assert.ok(proxyFor('https://ls.example.com', {}, env));
    assert.equal(proxyFor('https://ls.example.com', { proxy: 'http://p:1', noProxy: ['example.com'] }, {}), undefined);
  });

  it('NO_PROXY rules: *, suffixes, ports, IPv6', () => {
    const u = (s: string) => new URL(s);
    assert.equal(bypasses(u('https://a.b.com'), ['*']), true);
    assert.equal(bypasses(u('https://a.b.com'), ['b.com']), true);
    assert.equal(bypasses(u('https://ab.com'), ['b.com']), false, 'a suffix matches whole labels only');
    assert.equal(bypasses(u('https://a.b.com:8443'), ['b.com:443']), false);
    assert.equal(bypasses(u('https://a.b.com'), ['*.b.com:443']), true);
    assert.equal(bypasses(u('http://[::1]:8080'), ['[::1]']), true);
    assert.equal(bypasses(u('https://a.b.com'), ['', ' ']), false);
  });

  it('a proxy is described without its credentials', () => {
    assert.equal(describeProxy('http://user:secret@proxy.corp:3128/'), 'http://proxy.corp:3128');
  });
});
