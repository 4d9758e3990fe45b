// Authentication as Label Studio 1.22 does it for API views:
//  - X-Api-Key is rewritten to `Authorization: Token <value>` (XApiKeySupportMiddleware);
//  - a valid `Bearer <access JWT>` authenticates through the JWT middleware (when the org allows PATs),
//    anything wrong with a Bearer token is swallowed there, so DRF then finds "no credentials";
//  - `Token <key>` goes through DRF's TokenAuthentication (with the legacy-token phase-out check).
import type { IncomingHttpHeaders } from 'node:http';
import { verifyJwt } from './jwt';

export type AuthKind = 'none' | 'token' | 'bearer' | 'invalid';

export interface AuthSettings {
  legacyTokens: readonly string[];
  legacyTokensEnabled: boolean;
  patEnabled: boolean;
  secret: string;
  /** The server's clock (ms since the epoch), for token expiry. */
  now: number;
}

export interface AuthOutcome {
  /** 'token'/'bearer' = accepted credential of that kind; 'invalid' = a credential that does not authenticate. */
  kind: AuthKind;
  /** The 401 detail an authenticated API view would answer with; undefined when authenticated. */
  failure?: string;
}

export const NO_CREDENTIALS = 'Authentication credentials were not provided.';
export const LEGACY_DISABLED = 'Authentication token no longer valid: legacy token authentication has been disabled for this organization';

export function authorizationHeader(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return `Token ${apiKey}`;
  return headers.authorization;
}

export function authenticate(headers: IncomingHttpHeaders, s: AuthSettings): AuthOutcome {
  const header = authorizationHeader(headers);
  if (header === undefined || header === '') return { kind: 'none', failure: NO_CREDENTIALS };
  const parts = header.trim().split(/\s+/);
  // simplejwt matches "Bearer" case-sensitively; DRF matches "Token" case-insensitively.
  if (parts[0] === 'Bearer') {
    const ok = parts.length === 2 && s.patEnabled && verifyJwt(parts[1], s.secret, 'access', s.now).ok;
    return ok ? { kind: 'bearer' } : { kind: 'invalid', failure: NO_CREDENTIALS };
  }
  if (parts[0].toLowerCase() === 'token') {
    if (parts.length === 1) return { kind: 'invalid', failure: 'Invalid token header. No credentials provided.' };
    if (parts.length > 2) return { kind: 'invalid', failure: 'Invalid token header. Token string should not contain spaces.' };
    if (!s.legacyTokens.includes(parts[1])) return { kind: 'invalid', failure: 'Invalid token.' };
    if (!s.legacyTokensEnabled) return { kind: 'invalid', failure: LEGACY_DISABLED };
    return { kind: 'token' };
  }
  // Basic, Digest, garbage...: no authenticator claims it.
  return { kind: 'invalid', failure: NO_CREDENTIALS };
}
