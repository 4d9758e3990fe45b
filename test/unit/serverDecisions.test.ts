import * as assert from 'node:assert/strict';
import { HttpStatusError } from '../../src/core/api/errors';
import { environmentServer } from '../../src/core/servers/environmentServer';
import { insecureWarnings } from '../../src/core/servers/insecureWarnings';
import { ServerModel } from '../../src/core/servers/serverModel';
import type { ServerEntry } from '../../src/core/servers/serverRegistry';
import * as l10n from '../../src/core/text/l10n';
import { serverContextKeys } from '../../src/core/view/contextKeys';
import { NO_FILTER } from '../../src/core/view/filter';
import { viewMessage } from '../../src/core/view/viewMessage';

/** An entry as the registry holds it; `withToken` gives it a (never used) client. */
function entry(baseUrl: string, options: { name?: string; withToken?: boolean } = {}): ServerEntry {
  const client = options.withToken ? ({} as ServerEntry['client']) : undefined;
  return { config: { baseUrl, name: options.name }, model: new ServerModel(), client };
}

describe('Server decisions: environment, insecure connections, context keys, view message', () => {
  afterEach(() => l10n.setTranslator(undefined));

  it('LABEL_STUDIO_URL names a server when it is a valid http(s) address, normalised', () => {
    assert.equal(environmentServer({ LABEL_STUDIO_URL: 'HTTP://LS.example.com:8080/' }), 'http://ls.example.com:8080');
    assert.equal(environmentServer({}), undefined);
    assert.equal(environmentServer({ LABEL_STUDIO_URL: '' }), undefined);
    assert.equal(environmentServer({ LABEL_STUDIO_URL: 'ftp://ls.example.com' }), undefined);
    assert.equal(environmentServer({ LABEL_STUDIO_URL: 'not a url' }), undefined);
  });

  it('warns about plain HTTP to another machine, never to a loopback address', () => {
    const [clear, ...rest] = insecureWarnings({ baseUrl: 'http://ls.example.com:8080' });
    assert.equal(rest.length, 0);
    assert.equal(clear.key, 'clear|http://ls.example.com:8080');
    assert.match(clear.text, /^ls\.example\.com:8080 uses plain HTTP: the API token travels unencrypted/);
    for (const baseUrl of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'https://ls.example.com']) {
      assert.deepEqual(insecureWarnings({ baseUrl }), [], baseUrl);
    }
  });

  it('warns about allowSelfSigned on https only (on http it changes nothing)', () => {
    const [tls] = insecureWarnings({ baseUrl: 'https://ls.example.com', allowSelfSigned: true });
    assert.equal(tls.key, 'tls|https://ls.example.com');
    assert.match(tls.text, /Certificate checks are off for ls\.example\.com \("allowSelfSigned"\).*"caFile"/);
    const both = insecureWarnings({ baseUrl: 'http://ls.example.com', allowSelfSigned: true });
    assert.deepEqual(
      both.map((w) => w.key),
      ['clear|http://ls.example.com'],
    );
  });

  it('the warning is the translator’s (core text goes through l10n.t)', () => {
    l10n.setTranslator((message, args) => `«${l10n.formatMessage(message, args)}»`);
    assert.match(insecureWarnings({ baseUrl: 'http://a.example' })[0].text, /^«a\.example uses plain HTTP.*»$/);
    assert.match(viewMessage('bad', NO_FILTER, []) ?? '', /^«Settings problem: bad»$/);
  });

  it('context keys: the server count, one server without a token, a valid environment server', () => {
    assert.deepEqual(serverContextKeys([], {}), {
      'labelStudio.serverCount': 0,
      'labelStudio.needsToken': false,
      'labelStudio.environmentServer': false,
    });
    assert.deepEqual(serverContextKeys([entry('http://a.example')], { LABEL_STUDIO_URL: 'http://a.example' }), {
      'labelStudio.serverCount': 1,
      'labelStudio.needsToken': true,
      'labelStudio.environmentServer': true,
    });
    const two = [entry('http://a.example'), entry('http://b.example', { withToken: true })];
    assert.equal(serverContextKeys(two, {})['labelStudio.needsToken'], false, 'two servers: the tree explains the missing token');
    assert.equal(serverContextKeys([entry('http://a.example', { withToken: true })], {})['labelStudio.needsToken'], false);
    assert.equal(serverContextKeys([], { LABEL_STUDIO_URL: 'http://ls.example.com/?page=1' })['labelStudio.environmentServer'], false);
  });

  it('the view message joins the settings problem, the filter and stale servers; nothing to say is no message', () => {
    assert.equal(viewMessage(undefined, NO_FILTER, [entry('http://a.example')]), undefined);
    assert.equal(
      viewMessage('labelStudio.servers[0] has no "url".', { states: ['ER', 'DI'], text: ' yolo ' }, []),
      'Settings problem: labelStudio.servers[0] has no "url". — Filtered: Error, Disconnected · "yolo" (Clear Filter is in the title bar)',
    );
    const stale = entry('http://a.example', { name: 'Lab' });
    stale.model.setStatus({ kind: 'failed', error: new HttpStatusError(503, 'busy') });
    assert.equal(viewMessage(undefined, NO_FILTER, [stale]), undefined, 'no data shown yet: nothing is stale');
    stale.model.loadedAt = new Date(2026, 0, 14, 16, 2).getTime();
    assert.equal(
      viewMessage(undefined, NO_FILTER, [stale, entry('http://b.example')]),
      'Lab: showing data from 16:02; the last refresh failed (Label Studio error 503)',
    );
  });

  it('the view message is flattened: a settings problem cannot add lines or links', () => {
    const message = viewMessage('bad\nline [x](command:evil) https://evil.example', NO_FILTER, []) ?? '';
    assert.doesNotMatch(message, /\n|\]\(command:|https:\/\//);
  });
});
