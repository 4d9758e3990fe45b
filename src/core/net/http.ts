/**
 * The HTTP seam of the client. `HttpTransport` is all the client needs; `createUndiciTransport`
 * implements it with one keep-alive undici Agent per server (a ProxyAgent behind a proxy).
 */
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { CancelledError, NetworkError, type NetworkReason } from '../api/errors';
import { describeProxy } from './proxy';

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
    throw via ? new NetworkError(error.reason, `${error.message} (through the proxy ${via})`, error.detail) : error;
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
  const wait = ms < 10_000 ? `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s` : `${Math.round(ms / 1000)} s`;
  return new NetworkError('timeout', `${url.host} did not answer within ${wait}.`, `timeout after ${ms} ms`);
}

const TLS_CODES = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** Maps Node/undici error codes to a reason and a sentence a user understands. */
function classifyNetworkError(e: unknown, url: URL): NetworkError {
  if (e instanceof BodyTooLargeError) {
    return new NetworkError('too-large', `${url.host} sent an answer larger than ${Math.round(e.maxBytes / 1048576)} MB; it was not read.`);
  }
  if (e instanceof TlsSetupError) return new NetworkError('tls', `TLS settings for ${url.host} could not be used: ${e.message}`);
  const code = errorCode(e);
  const host = url.host;
  const detail = `${code ?? 'no code'}: ${e instanceof Error ? e.message : String(e)}`;
  const make = (reason: NetworkReason, message: string) => new NetworkError(reason, message, detail);
  if (code === 'ECONNREFUSED') return make('refused', `Could not connect to ${host}: connection refused. Is Label Studio running there?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL')
    return make('dns', `Could not find the host ${url.hostname} (DNS lookup failed). Check the server URL.`);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return make('timeout', `${host} did not answer in time.`);
  }
  if (code && TLS_CODES.test(code)) {
    return make(
      'tls',
      `The TLS certificate of ${host} was not accepted (${code}). Set "caFile" for this server in labelStudio.servers, or check the URL.`,
    );
  }
  if (/Proxy response \((\d+)\)/.test(detail)) {
    const status = /Proxy response \((\d+)\)/.exec(detail)?.[1];
    return make(
      'refused',
      `The proxy refused to connect to ${host} (status ${status}${status === '407' ? ': proxy credentials missing or wrong' : ''}).`,
    );
  }
  if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'EPIPE' ||
    code === 'UND_ERR_CLOSED' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'
  ) {
    return make('reset', `The connection to ${host} was closed before the answer was complete.`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return make('refused', `${host} is unreachable from this machine (${code}).`);
  return make('other', `Request to ${host} failed: ${e instanceof Error ? e.message : String(e)}`);
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
