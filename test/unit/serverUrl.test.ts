import * as assert from 'node:assert/strict';
import { hostOf, InvalidServerUrlError, isLoopback, normaliseServerUrl, tokenSecretKey } from '../../src/core/net/serverUrl';

describe('normaliseServerUrl', () => {
  const cases: Array<[string, string]> = [
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['localhost:8080', 'http://localhost:8080'],
    ['  HTTPS://LS.Example.COM:443/  ', 'https://ls.example.com'],
    ['http://example.com:80', 'http://example.com'],
    ['https://example.com/label-studio//', 'https://example.com/label-studio'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(normaliseServerUrl(input), expected));
  }

  for (const bad of [
    '',
    'ftp://example.com',
    'http://user:pw@example.com',
    'http://example.com/?x=1',
    'http://example.com/#a',
    'http://exa mple.com',
  ]) {
    it(`rejects ${JSON.stringify(bad)} with a readable reason`, () => {
      assert.throws(
        () => normaliseServerUrl(bad),
        (e: unknown) => e instanceof InvalidServerUrlError && e.message.length > 10,
      );
    });
  }

  it('derives the host label, loopback and the secret key from the normalised URL', () => {
    const base = normaliseServerUrl('https://example.com:8443/ls/');
    assert.equal(hostOf(base), 'example.com:8443/ls');
    assert.equal(tokenSecretKey(base), 'labelStudio.token:https://example.com:8443/ls');
    assert.equal(isLoopback(base), false);
    assert.equal(isLoopback('http://127.0.0.1:8080'), true);
    assert.equal(isLoopback('http://localhost'), true);
  });

  it('gives different secret keys to servers that differ only by scheme or port', () => {
    const keys = new Set(
      ['http://example.com', 'https://example.com', 'http://example.com:8080'].map((u) => tokenSecretKey(normaliseServerUrl(u))),
    );
    assert.equal(keys.size, 3);
  });
});
