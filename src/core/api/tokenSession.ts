/**
 * The credentials of one client: which Authorization header each request carries and, for a personal
 * access token, the access token it is exchanged for at `/api/token/refresh/`, cached until shortly
 * before it expires and renewed by one exchange that every waiting request shares.
 */
import { DamagedTokenError, logText, redactError, TokenRejectedError, UnexpectedResponseError } from './errors';
import { untilAborted } from '../net/concurrency';
import type { HttpResponse } from '../net/http';
import type { Attempt, CallOptions, RequestLogEntry } from './requestPipeline';
import { errorFromResponse, looksLikeHtml, readJson, redirectError, unauthorizedDetail } from './responses';
import { accessLifetimeMs, classifyToken, cleanPastedToken, describeTokenKind, looksLikeJwt, type TokenKind } from './token';
import * as l10n from '../text/l10n';

/** Renew the access token this long before its `exp` (at most a quarter of its lifetime), so a request never leaves with a dying token. */
const ACCESS_TOKEN_MARGIN_MS = 30_000;

/** How the session reaches the server for an exchange, and logs it: the client's request pipeline. */
export interface ExchangeWire {
  transport(method: string, path: string, options: CallOptions, authHeader: string | undefined): Promise<Attempt>;
  log(entry: RequestLogEntry, error?: string): void;
}

export interface Authorization {
  kind: 'token' | 'bearer';
  header: string;
  token: string;
}

export class TokenSession {
  readonly kind: TokenKind['kind'];
  /** The token as it is sent: cleaned of quotes, whitespace and invisible characters. */
  private readonly token: string;
  private access?: { token: string; renewAt: number };
  /** Access tokens this session received (the last few), redacted from errors like the token itself. */
  private readonly accessTokens: string[] = [];
  private exchanging?: Promise<string>;
  private exchanges = 0;

  /** `pasted`: the token as the user gave it; `now`: the clock (ms since the epoch) for token lifetimes. */
  constructor(
    private readonly pasted: string,
    private readonly host: string,
    private readonly now: () => number,
  ) {
    this.token = cleanPastedToken(pasted);
    this.kind = classifyToken(this.token).kind;
  }

  /** How many times the personal access token was exchanged. */
  get exchangeCount(): number {
    return this.exchanges;
  }

  /** The credentials this session holds: never shown, never logged. */
  secrets(): string[] {
    return [this.token, this.pasted.trim(), ...this.accessTokens];
  }

  async authorization(wire: ExchangeWire, signal?: AbortSignal): Promise<Authorization> {
    const token = this.token;
    // Whatever was pasted, a JWT (even a damaged one) never leaves as a legacy `Token …`.
    if (this.kind === 'legacy' && looksLikeJwt(token)) throw new DamagedTokenError(this.host);
    if (this.kind === 'legacy') return { kind: 'token', header: `Token ${token}`, token };
    if (this.kind === 'access') return { kind: 'bearer', header: `Bearer ${token}`, token };
    const access = await this.accessToken(wire, signal);
    return { kind: 'bearer', header: `Bearer ${access}`, token: access };
  }

  /** Forgets the cached access token if it is the one `used` (the server refused it), so the next request renews it. */
  dropAccessToken(used: string): void {
    if (this.access?.token === used) this.access = undefined;
  }

  /**
   * A valid access token, exchanging the personal access token when needed (one exchange at a time).
   * The exchange is shared, so no caller's signal cancels it: a caller that gives up stops waiting,
   * the others still get the token.
   */
  private accessToken(wire: ExchangeWire, signal?: AbortSignal): Promise<string> {
    if (this.access && this.now() < this.access.renewAt) return Promise.resolve(this.access.token);
    this.exchanging ??= this.exchange(wire).finally(() => (this.exchanging = undefined));
    return untilAborted(this.exchanging, signal);
  }

  private async exchange(wire: ExchangeWire): Promise<string> {
    this.exchanges++;
    const { res, entry } = await wire.transport('POST', '/api/token/refresh/', { body: { refresh: this.token } }, undefined);
    let access: string;
    try {
      access = this.readExchange(res);
    } catch (e) {
      const error = redactError(e, this.secrets());
      wire.log(entry, logText(error));
      throw error;
    }
    wire.log(entry);
    const now = this.now();
    const lifetime = accessLifetimeMs(access, now);
    this.access = { token: access, renewAt: now + lifetime - Math.min(ACCESS_TOKEN_MARGIN_MS, lifetime / 4) };
    this.accessTokens.push(access);
    if (this.accessTokens.length > 4) this.accessTokens.shift();
    return access;
  }

  private readExchange(res: HttpResponse): string {
    if (res.status === 401)
      throw new TokenRejectedError(this.host, unauthorizedDetail(res, l10n.t('Token is invalid')), describeTokenKind('personal-access'));
    if (res.status === 404 && looksLikeHtml(res)) {
      throw new UnexpectedResponseError(
        l10n.t(
          '{0} has no /api/token/refresh/ route, which personal access tokens need (Label Studio 1.17 or later). Check the URL, or use a legacy token.',
          this.host,
        ),
        404,
      );
    }
    if (res.status < 200 || res.status >= 300)
      throw res.status >= 300 && res.status < 400 ? redirectError(this.host, res) : errorFromResponse(res, this.host);
    const body = readJson(res, this.host) as { access?: unknown } | undefined;
    if (typeof body?.access !== 'string' || !body.access) {
      throw new UnexpectedResponseError(l10n.t('{0} answered the token exchange without an access token.', this.host), res.status);
    }
    return body.access;
  }
}
