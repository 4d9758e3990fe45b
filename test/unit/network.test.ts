import * as assert from 'node:assert/strict';
import { LabelStudioClient } from '../../src/core/api/client';
import { NetworkError } from '../../src/core/api/errors';
import { createUndiciTransport, type HttpTransport, type TransportOptions } from '../../src/core/net/http';
import { proxyFor } from '../../src/core/net/proxy';
import { FakeLabelStudio, FakeProxy, hasOpenssl, makeTestCertificates, type TestCertificates } from '../fake';

describe('TLS and proxies (certificates made with openssl at test time, a local proxy)', function () {
  let certs: TestCertificates;
  const transports: HttpTransport[] = [];
  const fakes: Array<{ close(): Promise<void> }> = [];

  before(function () {
    if (!hasOpenssl()) this.skip();
    certs = makeTestCertificates();
  });
  after(() => certs?.remove());
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });

  async function https(cert: { key: string; cert: string }): Promise<FakeLabelStudio> {
    const fake = await FakeLabelStudio.start({ tls: cert });
    fakes.push(fake);
    return fake;
  }
  function client(fake: FakeLabelStudio, options: Partial<TransportOptions> = {}): LabelStudioClient {
    const transport = createUndiciTransport({ connections: 2, maxBodyBytes: 1 << 20, ...options });
    transports.push(transport);
    return new LabelStudioClient({ baseUrl: fake.url, token: fake.legacyTokens[0], transport });
  }

  it('a certificate from a private CA is refused with a hint, and accepted with that CA (caFile)', async () => {
    const fake = await https(certs.server);
    await assert.rejects(
      client(fake).whoami(),
      (e: unknown) => e instanceof NetworkError && e.reason === 'tls' && /caFile/.test(e.message),
    );
    assert.equal(fake.requests.length, 0, 'nothing, token included, was sent over the untrusted connection');
    assert.equal((await client(fake, { tls: () => ({ ca: certs.caPem }) }).whoami()).username, 'ada');
  });

  it('the private CA adds to the usual roots: a self-signed certificate is still refused', async () => {
    const fake = await https(certs.selfSigned);
    await assert.rejects(
      client(fake, { tls: () => ({ ca: certs.caPem }) }).whoami(),
      (e: unknown) => e instanceof NetworkError && e.reason === 'tls',
    );
  });

  it('allowSelfSigned (rejectUnauthorized false) accepts a self-signed certificate', async () => {
    const fake = await https(certs.selfSigned);
    assert.equal((await client(fake, { tls: () => ({ rejectUnauthorized: false }) }).whoami()).username, 'ada');
  });

  it('an unreadable CA file is a TLS error naming the problem, not a crash', async () => {
    const fake = await https(certs.server);
    const broken = client(fake, {
      tls: () => {
        throw new Error("ENOENT: no such file or directory, open '/nope/ca.pem'");
      },
    });
    await assert.rejects(
      broken.whoami(),
      (e: unknown) => e instanceof NetworkError && e.reason === 'tls' && /no such file.*\/nope\/ca\.pem/.test(e.message),
    );
  });

  it('through a proxy: a CONNECT tunnel, so the proxy never sees the token', async () => {
    const proxy = await FakeProxy.start();
    fakes.push(proxy);
    const plain = await FakeLabelStudio.start();
    fakes.push(plain);
    assert.equal((await client(plain, { proxy: { url: proxy.url } }).whoami()).username, 'ada');
    const secure = await https(certs.server);
    assert.equal((await client(secure, { proxy: { url: proxy.url }, tls: () => ({ ca: certs.caPem }) }).whoami()).username, 'ada');
    assert.deepEqual(proxy.connects, [new URL(plain.url).host, new URL(secure.url).host]);
    assert.ok(proxy.records.every((r) => !r.sawAuthorization));
  });

  it('a proxy that wants credentials: refused without them, works with user:pass in its URL', async () => {
    const proxy = await FakeProxy.start({ user: 'me', pass: 's3cret' });
    fakes.push(proxy);
    const fake = await FakeLabelStudio.start();
    fakes.push(fake);
    await assert.rejects(
      client(fake, { proxy: { url: proxy.url } }).whoami(),
      (e: unknown) =>
        e instanceof NetworkError &&
        /407: proxy credentials/.test(e.message) &&
        /through the proxy http:\/\/127\.0\.0\.1:\d+\)/.test(e.message),
    );
    const withCredentials = proxy.url.replace('http://', 'http://me:s3cret@');
    assert.equal((await client(fake, { proxy: { url: withCredentials } }).whoami()).username, 'ada');
  });

  it('a proxy that is down: the message names the proxy', async () => {
    const fake = await FakeLabelStudio.start();
    fakes.push(fake);
    await assert.rejects(
      client(fake, { proxy: { url: 'http://127.0.0.1:9' } }).whoami(),
      (e: unknown) => e instanceof NetworkError && /through the proxy http:\/\/127\.0\.0\.1:9/.test(e.message),
    );
  });

  it('NO_PROXY sends a server around the proxy (HTTPS_PROXY honoured otherwise); loopback always goes direct', async () => {
    // A name only the proxy resolves: loopback servers never go through a proxy.
    const proxy = await FakeProxy.start({ hosts: { 'ls.behind-proxy.test': '127.0.0.1' } });
    fakes.push(proxy);
    const fake = await FakeLabelStudio.start();
    fakes.push(fake);
    const hidden = fake.url.replace('127.0.0.1', 'ls.behind-proxy.test');
    assert.equal(proxyFor(hidden, {}, { HTTP_PROXY: proxy.url, NO_PROXY: 'behind-proxy.test' }), undefined);
    assert.equal(proxyFor(fake.url, {}, { HTTP_PROXY: proxy.url }), undefined, 'loopback: direct');
    assert.equal((await client(fake, { proxy: proxyFor(fake.url, {}, { HTTP_PROXY: proxy.url }) }).whoami()).username, 'ada');
    const through = proxyFor(hidden, {}, { HTTP_PROXY: proxy.url });
    assert.ok(through);
    const transport = createUndiciTransport({ connections: 1, maxBodyBytes: 1 << 20, proxy: through });
    transports.push(transport);
    const viaProxy = new LabelStudioClient({ baseUrl: hidden, token: fake.legacyTokens[0], transport });
    assert.equal((await viaProxy.whoami()).username, 'ada');
    assert.deepEqual(proxy.connects, [new URL(hidden).host]);
  });
});
