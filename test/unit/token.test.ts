import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyToken, decodeJwtPayload, tokenInputProblem } from '../../src/core/api/token';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/label-studio');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

function jwt(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}.c2lnbmF0dXJl`;
}

describe('token kinds', () => {
  it('a personal access token (JWT refresh token) is recognised without contacting the server', () => {
    const pat = fixture('token-refresh-request.json').refresh;
    const kind = classifyToken(pat);
    assert.equal(kind.kind, 'personal-access');
    assert.equal(kind.kind === 'personal-access' && kind.expiresAt, 8075606400 * 1000);
  });

  it('an access token is recognised as such, with its expiry', () => {
    const access = fixture('token-refresh-response.json').access;
    assert.deepEqual(classifyToken(access), { kind: 'access', expiresAt: 1768406700 * 1000 });
  });

  it('a 40-hex legacy key, a custom key and dotted garbage are legacy tokens', () => {
    assert.equal(classifyToken('0123456789abcdef0123456789abcdef01234567').kind, 'legacy');
    assert.equal(classifyToken('my-admin-token').kind, 'legacy');
    assert.equal(classifyToken('a.b.c').kind, 'legacy');
    assert.equal(decodeJwtPayload('e30.e30.x'), undefined, 'a header without alg is not a JWT');
  });

  it('input problems: empty, damaged JWT, expired PAT; a "Token " prefix is dropped, not refused', () => {
    assert.match(tokenInputProblem('   ') ?? '', /Paste/);
    assert.equal(tokenInputProblem('Token 0123456789abcdef0123456789abcdef01234567'), undefined);
    assert.match(tokenInputProblem('eyJhbGciOi%%.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.sig') ?? '', /damaged/);
    const expired = jwt({ token_type: 'refresh', exp: 1_000_000 });
    assert.match(tokenInputProblem(expired, Date.UTC(2026, 0, 1)) ?? '', /expired on 1970-01-12/);
    assert.equal(tokenInputProblem(jwt({ token_type: 'refresh', exp: 4_000_000_000 }), Date.UTC(2026, 0, 1)), undefined);
    assert.equal(tokenInputProblem('0123456789abcdef0123456789abcdef01234567'), undefined);
  });
});
