// FakeLabelStudio: legacy tokens, personal access tokens (JWT) and their exact 401 answers.
import * as assert from 'node:assert/strict';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { decodeUnverified } from '../fake/jwt';
import { rawRequest, type RawResponse } from '../fake/rawHttp';

const NO_CREDS = 'Authentication credentials were not provided.';
const LEGACY_OFF = 'Authentication token no longer valid: legacy token authentication has been disabled for this organization';

describe('FakeLabelStudio authentication', () => {
  let fake: FakeLabelStudio;
  const LEGACY = '0123456789abcdef0123456789abcdef01234567';

  beforeEach(async () => {
    fake = await FakeLabelStudio.start({ legacyTokens: [LEGACY] });
  });
  afterEach(() => fake.close());

  const whoami = (headers: Record<string, string>) => rawRequest(`${fake.url}/api/current-user/whoami`, { headers });
  const refresh = (body: string | object, headers: Record<string, string> = {}) =>
    rawRequest(`${fake.url}/api/token/refresh/`, { method: 'POST', body, headers });
  const detail = (r: RawResponse) => (r.json as { detail?: string }).detail;

  function assert401(r: RawResponse, expected: string, wwwAuth = 'Token') {
    assert.equal(r.status, 401);
    assert.equal(detail(r), expected);
    assert.equal(r.headers['www-authenticate'], wwwAuth);
    assert.equal((r.json as { status_code: number }).status_code, 401);
  }

  it('accepts a legacy key as `Token <key>`', async () => {
    const r = await whoami({ Authorization: `Token ${LEGACY}` });
    assert.equal(r.status, 200);
    assert.equal((r.json as { username: string }).username, 'ada');
    assert.equal(fake.requests.at(-1)?.authKind, 'token');
  });

  it('returns the Community whoami shape', async () => {
    const r = await whoami({ Authorization: `Token ${LEGACY}` });
    assert.deepEqual(Object.keys(r.json as object), [
      'id',
      'first_name',
      'last_name',
      'username',
      'email',
      'last_activity',
      'custom_hotkeys',
      'avatar',
      'initials',
      'phone',
      'active_organization',
      'active_organization_meta',
      'allow_newsletters',
      'date_joined',
      'permissions',
    ]);
  });

  it('gives the exact 401 details for missing and wrong credentials', async () => {
    assert401(await whoami({}), NO_CREDS);
    assert.equal(fake.requests.at(-1)?.authKind, 'none');
    assert401(await whoami({ Authorization: 'Token nope' }), 'Invalid token.');
    assert.equal(fake.requests.at(-1)?.authKind, 'invalid');
    assert401(await whoami({ Authorization: `Token ${fake.issuePersonalAccessToken()}` }), 'Invalid token.');
    assert401(await whoami({ Authorization: 'Token' }), 'Invalid token header. No credentials provided.');
    assert401(await whoami({ Authorization: 'Token a b' }), 'Invalid token header. Token string should not contain spaces.');
    assert401(await whoami({ Authorization: 'Basic YTpi' }), NO_CREDS);
  });

  it('rejects a known legacy key when the org disabled legacy tokens', async () => {
    fake.legacyTokensEnabled = false;
    assert401(await whoami({ Authorization: `Token ${LEGACY}` }), LEGACY_OFF);
  });

  it('accepts X-Api-Key as a legacy key', async () => {
    assert.equal((await whoami({ 'X-Api-Key': LEGACY })).status, 200);
  });

  it('issues real HS256 refresh JWTs as PATs', () => {
    const pat = fake.issuePersonalAccessToken();
    const [header] = pat.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    const payload = decodeUnverified(pat)!;
    assert.deepEqual(Object.keys(payload), ['token_type', 'exp', 'iat', 'jti', 'user_id']);
    assert.equal(payload.token_type, 'refresh');
    assert.ok(payload.exp > Date.now() / 1000 + 100 * 365 * 86400);
  });

  it('exchanges a PAT (JSON or form) for an access token that works as Bearer', async () => {
    const pat = fake.issuePersonalAccessToken();
    const r = await refresh({ refresh: pat });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json as object), ['access']);
    const access = (r.json as { access: string }).access;
    const payload = decodeUnverified(access)!;
    assert.equal(payload.token_type, 'access');
    assert.equal(payload.exp - payload.iat, 300);
    assert.equal(fake.tokenExchanges, 1);

    const ok = await whoami({ Authorization: `Bearer ${access}` });
    assert.equal(ok.status, 200);
    assert.equal(fake.requests.at(-1)?.authKind, 'bearer');

    const form = await refresh(`refresh=${encodeURIComponent(pat)}`, { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 200);
    assert.equal((await rawRequest(`${fake.url}/api/token/refresh`, { method: 'POST', body: { refresh: pat } })).status, 200);
  });

  it('treats every bad Bearer value as "no credentials"', async () => {
    const pat = fake.issuePersonalAccessToken();
    for (const bearer of [pat, LEGACY, 'not.a.jwt', fake.issueAccessToken(-10)]) {
      assert401(await whoami({ Authorization: `Bearer ${bearer}` }), NO_CREDS);
    }
  });

  it('rejects Bearer tokens when the org disabled PATs, while refresh still mints them', async () => {
    fake.patEnabled = false;
    const r = await refresh({ refresh: fake.issuePersonalAccessToken() });
    assert.equal(r.status, 200);
    assert401(await whoami({ Authorization: `Bearer ${(r.json as { access: string }).access}` }), NO_CREDS);
  });

  it('expires access tokens after accessTokenTtlSeconds (on the clock of the server)', async () => {
    fake.accessTokenTtlSeconds = 60;
    const access = ((await refresh({ refresh: fake.issuePersonalAccessToken() })).json as { access: string }).access;
    const { exp, iat } = decodeUnverified(access)!;
    assert.equal(exp, iat + 60);
    assert.equal((await whoami({ Authorization: `Bearer ${access}` })).status, 200);
    // exp is whole seconds (like simplejwt): 60 s later on the server's clock it has passed, whatever the fraction.
    fake.advanceClock(60_000);
    assert401(await whoami({ Authorization: `Bearer ${access}` }), NO_CREDS);
  });

  it('answers refresh errors with simplejwt messages and a Bearer challenge', async () => {
    const bearer = 'Bearer realm="api"';
    assert401(await refresh({ refresh: 'garbage' }), 'Token is invalid', bearer);
    assert401(await refresh({ refresh: LEGACY }), 'Token is invalid', bearer);
    assert401(await refresh({ refresh: fake.issueAccessToken() }), 'Token has wrong type', bearer);
    assert401(await refresh({ refresh: fake.issuePersonalAccessToken(-5) }), 'Token is expired', bearer);

    const other = await FakeLabelStudio.start();
    try {
      assert401(await refresh({ refresh: other.issuePersonalAccessToken() }), 'Token is invalid', bearer); // wrong signature
    } finally {
      await other.close();
    }

    const pat = fake.issuePersonalAccessToken();
    fake.revokePersonalAccessToken(pat);
    assert401(await refresh({ refresh: pat }), 'Token is blacklisted', bearer);
    assert.equal(fake.tokenExchanges, 0);
  });

  it('answers a refresh without the field with a 400 validation envelope', async () => {
    const r = await refresh({});
    assert.equal(r.status, 400);
    assert.deepEqual(r.json && Object.keys(r.json), ['id', 'status_code', 'version', 'detail', 'exc_info', 'validation_errors']);
    assert.equal(detail(r), 'Validation error');
    assert.deepEqual((r.json as { validation_errors: unknown }).validation_errors, { refresh: ['This field is required.'] });
    const blank = await refresh({ refresh: '' });
    assert.deepEqual((blank.json as { validation_errors: unknown }).validation_errors, { refresh: ['This field may not be blank.'] });
  });

  it('records every request with method, path, auth kind, status and timing', async () => {
    fake.resetRequests();
    await rawRequest(`${fake.url}/api/projects/?page=1`, { headers: { Authorization: `Token ${LEGACY}` } });
    assert.equal(fake.requests.length, 1);
    const [rec] = fake.requests;
    assert.equal(rec.method, 'GET');
    assert.equal(rec.path, '/api/projects/?page=1');
    assert.equal(rec.authKind, 'token');
    assert.equal(rec.status, 200);
    assert.ok(rec.startedAt <= Date.now() && rec.durationMs >= 0);
  });
});
