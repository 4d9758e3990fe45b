/** Server addresses: one canonical form, so that settings, secrets and requests agree on "which server". */
import * as l10n from '../text/l10n';

export class InvalidServerUrlError extends Error {}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Canonical base URL of a Label Studio server: http(s) scheme, lower-case host, no default port,
 * path prefix kept (servers behind a reverse proxy may live under /label-studio), no trailing slash.
 * `localhost:8080` becomes `http://localhost:8080`.
 */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new InvalidServerUrlError(l10n.t('Enter the address of your Label Studio server, e.g. http://localhost:8080'));
  let url: URL;
  try {
    url = new URL(SCHEME.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    throw new InvalidServerUrlError(l10n.t('"{0}" is not a valid URL.', maskUserInfo(trimmed)));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidServerUrlError(l10n.t('Label Studio is reached over http:// or https://, not {0}//.', url.protocol));
  }
  if (url.username || url.password) {
    throw new InvalidServerUrlError(l10n.t('Leave user name and password out of the URL; the API token is stored separately.'));
  }
  if (url.search || url.hash) {
    throw new InvalidServerUrlError(l10n.t('Give the server address only, without "?" or "#" parts.'));
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * Hides the user info (`user:password@`) of a URL that may not even parse, for messages and logs:
 * everything before the last `@` of the authority becomes `‹redacted›`.
 */
export function maskUserInfo(text: string): string {
  return text.replace(/^(\s*(?:[a-z][a-z0-9+.-]*:)?\/\/|\s*)([^/?#]*@)/i, (_m, start: string) => `${start}‹redacted›@`);
}

/** The origin (scheme://host[:port]) of a normalised base URL. */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** Host (and port) for labels and messages. */
export function hostOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.pathname && url.pathname !== '/' ? `${url.host}${url.pathname}` : url.host;
}

/** True for localhost, 127.0.0.0/8 and ::1: plain http there does not cross a network. */
export function isLoopback(baseUrl: string): boolean {
  return isLoopbackHost(new URL(baseUrl).hostname);
}

/**
 * Loopback host names, strictly: `localhost` and `*.localhost` (RFC 6761), IPv4 literals in
 * 127.0.0.0/8 and the IPv6 literal ::1. A name like `127.evil.example` is an ordinary host.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const quad = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!quad && quad.slice(1).every((n) => Number(n) <= 255);
}

/** SecretStorage key of a server's token: the normalised address, so a token never follows a URL edit. */
export function tokenSecretKey(baseUrl: string): string {
  return `labelStudio.token:${baseUrl}`;
}
