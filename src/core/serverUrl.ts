/** Server addresses: one canonical form, so that settings, secrets and requests agree on "which server". */

export class InvalidServerUrlError extends Error {}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Canonical base URL of a Label Studio server: http(s) scheme, lower-case host, no default port,
 * path prefix kept (servers behind a reverse proxy may live under /label-studio), no trailing slash.
 * `localhost:8080` becomes `http://localhost:8080`.
 */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new InvalidServerUrlError('Enter the address of your Label Studio server, e.g. http://localhost:8080');
  let url: URL;
  try {
    url = new URL(SCHEME.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    throw new InvalidServerUrlError(`"${trimmed}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidServerUrlError(`Label Studio is reached over http:// or https://, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    throw new InvalidServerUrlError('Leave user name and password out of the URL; the API token is stored separately.');
  }
  if (url.search || url.hash) {
    throw new InvalidServerUrlError('Give the server address only, without "?" or "#" parts.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** Host (and port) for labels and messages. */
export function hostOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.pathname && url.pathname !== '/' ? `${url.host}${url.pathname}` : url.host;
}

/** True for localhost, 127.0.0.0/8 and ::1: plain http there does not cross a network. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/** SecretStorage key of a server's token: the normalised address, so a token never follows a URL edit. */
export function tokenSecretKey(baseUrl: string): string {
  return `labelStudio.token:${baseUrl}`;
}
