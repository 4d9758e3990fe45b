/**
 * The HTTP seam of the client. `HttpTransport` is all the client needs; `createUndiciTransport`
 * implements it with one keep-alive undici Agent per server (a ProxyAgent behind a proxy).
 */
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { CancelledError, NetworkError, type NetworkReason } from '../api/errors';
import { describeProxy } from './proxy';
import * as l10n from '../text/l10n';

export interface HttpRequest {
  method: string;
  /** Absolute URL on the server's origin. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** How the body is returned: text (default) or base64 (images). */
  encoding?: 'utf8' | 'base64';
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Most connections kept open to the server (the refresh's concurrency). */
  connections: number;
  /** Larger bodies are cut off with an error instead of filling memory. */
  maxBodyBytes: number;
  /** TLS settings for the server, read when the first request is sent (a CA file is read then). */
  tls?: () => TlsSettings;
  /** A proxy to tunnel through (HTTP CONNECT), e.g. http://user:pass@proxy:3128. */
  proxy?: { url: string; strictSSL?: boolean };
}

export interface TlsSettings {
  /** PEM of a private CA, trusted in addition to the usual roots. */
  ca?: string;
  /** false: accept any certificate (explicit, warned `allowSelfSigned`). */
  rejectUnauthorized?: boolean;
}

/** The TLS settings could not be prepared (e.g. the CA file cannot be read). */
class TlsSetupError extends Error {}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

export function createUndiciTransport(options: TransportOptions): HttpTransport {
  // Nothing is loaded or opened until the first request: a server with a token is set up at
  // activation, but the view may stay hidden (then the HTTP stack is never loaded at all).
  let dispatcher: Dispatcher | undefined;
  let closed = false;
  const open = (): Dispatcher => {
    if (dispatcher) return dispatcher;
    if (closed) throw Object.assign(new Error('The client is closed'), { code: 'UND_ERR_CLOSED' });
    return (dispatcher = createDispatcher(options));
  };
  const via = options.proxy ? describeProxy(options.proxy.url) : undefined;
  return {
    send: (request) => send(open, request, options.maxBodyBytes, via),
    close: async () => {
      closed = true;
      await dispatcher?.close();
    },
  };
}

function createDispatcher(options: TransportOptions): Dispatcher {
  let tls: TlsSettings = {};
  try {
    tls = options.tls?.() ?? {};
  } catch (e) {
    throw new TlsSetupError(e instanceof Error ? e.message : String(e));
  }
  const connect = {
    // A private CA is added to the usual roots: `ca` alone would replace them.
    ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}),
    ...(tls.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
  };
  const common = { connections: options.connections, keepAliveTimeout: 30_000, pipelining: 1 };
  const { Agent, ProxyAgent } = loadHttpStack();
  if (!options.proxy) return new Agent({ ...common, connect });
  return new ProxyAgent({
    ...common,
    uri: options.proxy.url,
    requestTls: connect,
    proxyTls: options.proxy.strictSSL === false ? { rejectUnauthorized: false } : {},
  });
}

type Undici = typeof import('undici');

let undici: Undici | undefined;

/**
 * undici, loaded on first use through its public entry point. Activation must not pay for the HTTP
 * stack (~520 KB minified): the production build puts `require('undici')` in its own file,
 * dist/undici.js, which this `require` loads when the first request is sent (see esbuild.mjs).
 */
function loadHttpStack(): Undici {
  // A plain `require` so that the module is read here, not when this file is: `import` would load it at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (undici ??= require('undici') as Undici);
}

async function send(open: () => Dispatcher, request: HttpRequest, maxBodyBytes: number, via?: string): Promise<HttpResponse> {
  const url = new URL(request.url);
  // A timer cleared when the call ends (AbortSignal.timeout would live on for the whole timeout).
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
  try {
    const dispatcher = open();
    const res = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      signal,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
    });
    const body = await readCapped(res.body, maxBodyBytes, request.encoding);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    return { status: res.statusCode, headers, body };
  } catch (e) {
    if (request.signal?.aborted) throw new CancelledError();
    const error = timeout.signal.aborted ? timeoutError(url, request.timeoutMs) : classifyNetworkError(e, url);
    throw via ? new NetworkError(error.reason, l10n.t('{0} (through the proxy {1})', error.message, via), error.detail) : error;
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(
  stream: AsyncIterable<Buffer> & { destroy(): void },
  maxBytes: number,
  encoding: 'utf8' | 'base64' = 'utf8',
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString(encoding);
}

class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super('body too large');
  }
}

function timeoutError(url: URL, ms: number): NetworkError {
  const seconds = ms < 10_000 ? (ms / 1000).toFixed(1).replace(/\.0$/, '') : String(Math.round(ms / 1000));
  return new NetworkError('timeout', l10n.t('{0} did not answer within {1} s.', url.host, seconds), `timeout after ${ms} ms`);
}

const TLS_CODES = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** Maps Node/undici error codes to a reason and a sentence a user understands. */
function classifyNetworkError(e: unknown, url: URL): NetworkError {
  if (e instanceof BodyTooLargeError) {
    const mb = Math.round(e.maxBytes / 1048576);
    return new NetworkError('too-large', l10n.t('{0} sent an answer larger than {1} MB; it was not read.', url.host, mb));
  }
  if (e instanceof TlsSetupError)
    return new NetworkError('tls', l10n.t('TLS settings for {0} could not be used: {1}', url.host, e.message));
  const code = errorCode(e);
  const host = url.host;
  const detail = `${code ?? 'no code'}: ${e instanceof Error ? e.message : String(e)}`;
  const make = (reason: NetworkReason, message: string) => new NetworkError(reason, message, detail);
  if (code === 'ECONNREFUSED')
    return make('refused', l10n.t('Could not connect to {0}: connection refused. Is Label Studio running there?', host));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL')
    return make('dns', l10n.t('Could not find the host {0} (DNS lookup failed). Check the server URL.', url.hostname));
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return make('timeout', l10n.t('{0} did not answer in time.', host));
  }
  if (code && TLS_CODES.test(code)) {
    return make(
      'tls',
      l10n.t(
        'The TLS certificate of {0} was not accepted ({1}). Set "caFile" for this server in labelStudio.servers, or check the URL.',
        host,
        code,
      ),
    );
  }
  if (/Proxy response \((\d+)\)/.test(detail)) {
    const status = /Proxy response \((\d+)\)/.exec(detail)?.[1];
    return make(
      'refused',
      status === '407'
        ? l10n.t('The proxy refused to connect to {0} (status 407: proxy credentials missing or wrong).', host)
        : l10n.t('The proxy refused to connect to {0} (status {1}).', host, status ?? ''),
    );
  }
  if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'EPIPE' ||
    code === 'UND_ERR_CLOSED' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'
  ) {
    return make('reset', l10n.t('The connection to {0} was closed before the answer was complete.', host));
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return make('refused', l10n.t('{0} is unreachable from this machine ({1}).', host, code));
  return make('other', l10n.t('Request to {0} failed: {1}', host, e instanceof Error ? e.message : String(e)));
}

function errorCode(e: unknown): string | undefined {
  // undici wraps the socket's own error in `cause`: the innermost code names the real reason.
  let found: string | undefined;
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') found = code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return found;
}
