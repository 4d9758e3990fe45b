// Minimal HS256 JWTs, shaped like djangorestframework-simplejwt's (header {"alg":"HS256","typ":"JWT"},
// claims token_type, exp, iat, jti, user_id in that order) and verified the way simplejwt >= 5.4 does.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenType = 'access' | 'refresh';

export interface JwtPayload {
  token_type: TokenType | string;
  exp: number;
  iat: number;
  jti: string;
  user_id: number;
  [claim: string]: unknown;
}

const HEADER = { alg: 'HS256', typ: 'JWT' };

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function signature(secret: string, signingInput: string): string {
  return createHmac('sha256', secret).update(signingInput).digest('base64url');
}

export function signJwt(payload: JwtPayload, secret: string): string {
  const input = `${b64url(JSON.stringify(HEADER))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${signature(secret, input)}`;
}

export function newJti(): string {
  return randomBytes(16).toString('hex');
}

/** `nowMs`: the server's clock (the fake's, which tests can move forward instead of waiting). */
export function makeToken(type: TokenType, lifetimeSeconds: number, secret: string, nowMs: number, userId = 1): string {
  const iat = Math.floor(nowMs / 1000);
  return signJwt({ token_type: type, exp: iat + lifetimeSeconds, iat, jti: newJti(), user_id: userId }, secret);
}

/** Decodes without checking the signature (what clients do to tell a PAT from a legacy key). */
export function decodeUnverified(token: string): JwtPayload | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? (payload as JwtPayload) : undefined;
  } catch {
    return undefined;
  }
}

export type VerifyResult = { ok: true; payload: JwtPayload } | { ok: false; error: string };

/**
 * simplejwt's checks, in its order: decode + signature ("Token is invalid"), expiry ("Token is expired"),
 * blacklist for refresh tokens ("Token is blacklisted"), token type ("Token has wrong type").
 */
export function verifyJwt(
  token: string,
  secret: string,
  expectedType: TokenType,
  nowMs: number,
  isBlacklisted: (jti: string) => boolean = () => false,
): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, error: 'Token is invalid' };
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, error: 'Token is invalid' };
  }
  if (!header || (header as { alg?: unknown }).alg !== 'HS256') return { ok: false, error: 'Token is invalid' };
  const expected = Buffer.from(signature(secret, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, error: 'Token is invalid' };
  }
  const payload = decodeUnverified(token);
  if (!payload) return { ok: false, error: 'Token is invalid' };
  // PyJWT: expired when exp <= now (no leeway).
  if (typeof payload.exp !== 'number' || payload.exp <= nowMs / 1000) {
    return { ok: false, error: 'Token is expired' };
  }
  if (expectedType === 'refresh' && typeof payload.jti === 'string' && isBlacklisted(payload.jti)) {
    return { ok: false, error: 'Token is blacklisted' };
  }
  if (payload.token_type !== expectedType) return { ok: false, error: 'Token has wrong type' };
  if (typeof payload.jti !== 'string') return { ok: false, error: 'Token has no id' };
  return { ok: true, payload };
}
