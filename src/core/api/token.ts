/**
 * Label Studio accepts two token kinds in the same input box. The kind is told by decoding the
 * token as a JWT (no signature check), never by trying it against the server: a personal access
 * token (PAT) is a JWT refresh token that is only ever sent in the body of /api/token/refresh/.
 */
import { isObject } from '../text/json';
import * as l10n from '../text/l10n';

export type TokenKind = { kind: 'legacy' } | { kind: 'personal-access'; expiresAt?: number } | { kind: 'access'; expiresAt?: number };

export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!isObject(header) || typeof header.alg !== 'string' || !isObject(payload)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

/** Zero-width, bidi and other invisible characters that ride along when a token is copied. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const QUOTES = /^["'`\u201C\u201D\u2018\u2019\u00AB\u00BB]+|["'`\u201C\u201D\u2018\u2019\u00AB\u00BB,;]+$/g;
const JWT_LIKE = /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;

/**
 * The token in what the user pasted: without invisible characters, surrounding whitespace and
 * quotes, a leading `Authorization:`, `Token ` or `Bearer `, or line breaks inside. When the rest
 * is not a JWT but holds one (`refresh: "eyJ…"`), the JWT.
 */
export function cleanPastedToken(input: string): string {
  let token = input.replace(INVISIBLE, '').trim();
  for (let i = 0; i < 3; i++) {
    token = token
      .replace(QUOTES, '')
      .trim()
      .replace(/^authorization\s*:\s*/i, '')
      .replace(/^(token|bearer)\s+/i, '')
      .trim();
  }
  token = token.replace(/\s+/g, '');
  if (decodeJwtPayload(token)) return token;
  const inside = (token.match(JWT_LIKE) ?? []).filter((t) => decodeJwtPayload(t));
  return inside.length === 1 ? inside[0] : token;
}

/** Contains what looks like a JWT (`eyJ…` with dots): such a text must never be sent as a legacy `Token …`. */
export function looksLikeJwt(token: string): boolean {
  return token.includes('eyJ') && token.includes('.');
}

export function classifyToken(token: string): TokenKind {
  const payload = decodeJwtPayload(cleanPastedToken(token));
  if (!payload) return { kind: 'legacy' };
  const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  return payload.token_type === 'access' ? { kind: 'access', expiresAt } : { kind: 'personal-access', expiresAt };
}

/** Words for the token kind, for tooltips and logs (never the token itself). */
export function describeTokenKind(kind: TokenKind['kind']): string {
  switch (kind) {
    case 'legacy':
      return l10n.t('legacy API token');
    case 'personal-access':
      return l10n.t('personal access token');
    case 'access':
      return l10n.t('access token');
  }
}

/** Why a pasted token cannot be right, or undefined when it may be. */
export function tokenInputProblem(input: string, now: number = Date.now()): string | undefined {
  const token = cleanPastedToken(input);
  if (!token) return l10n.t('Paste a legacy API token or a personal access token.');
  const kind = classifyToken(token);
  if (kind.kind === 'legacy' && looksLikeJwt(token)) {
    return l10n.t('This looks like a personal access token, but it is damaged (it does not decode). Copy it again from Label Studio.');
  }
  if (kind.kind === 'legacy' && !/^[\x21-\x7E]+$/.test(token)) {
    return l10n.t('A legacy token is made of plain letters and digits. Paste only the token.');
  }
  if (kind.kind !== 'legacy' && kind.expiresAt !== undefined && kind.expiresAt <= now) {
    const day = new Date(kind.expiresAt).toISOString().slice(0, 10);
    return kind.kind === 'access'
      ? l10n.t('This access token expired on {0}. Create a new one in Label Studio.', day)
      : l10n.t('This personal access token expired on {0}. Create a new one in Label Studio.', day);
  }
  return undefined;
}

/** simplejwt's default access token lifetime, for tokens that do not state theirs. */
const DEFAULT_ACCESS_LIFETIME_MS = 5 * 60_000;

/** How long an access token lives: from its own claims (the server's clock, so a skewed local clock does not matter). */
export function accessLifetimeMs(token: string, now: number): number {
  const claims = decodeJwtPayload(token);
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
  const iat = typeof claims?.iat === 'number' ? claims.iat * 1000 : undefined;
  if (exp !== undefined && iat !== undefined && exp > iat) return exp - iat;
  if (exp !== undefined && exp > now) return exp - now;
  return DEFAULT_ACCESS_LIFETIME_MS;
}
