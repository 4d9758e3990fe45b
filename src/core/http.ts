/**
 * The HTTP seam of the client. `HttpTransport` is all the client needs; `createUndiciTransport`
 * implements it with one keep-alive undici Agent per server.
 */
import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import { CancelledError, NetworkError, type NetworkReason } from './errors';

export interface HttpRequest {
  method: string;
  /** Absolute URL on the server's origin. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
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
  /** Builds the dispatcher (proxy, TLS options); defaults to a plain keep-alive Agent. */
  dispatcher?: Dispatcher;
}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

export function createUndiciTransport(options: TransportOptions): HttpTransport {
  // Nothing is loaded or opened until the first request: a server with a token is set up at
  // activation, but the view may stay hidden (then the HTTP stack is never loaded at all).
  let dispatcher = options.dispatcher;
  let closed = false;
  const open = (): Dispatcher => {
    if (dispatcher) return dispatcher;
    if (closed) throw Object.assign(new Error('The client is closed'), { code: 'UND_ERR_CLOSED' });
    return (dispatcher = new (loadHttpStack().Agent)({ connections: options.connections, keepAliveTimeout: 30_000, pipelining: 1 }));
  };
  return {
    send: (request) => send(open, request, options.maxBodyBytes),
    close: async () => {
      closed = true;
      await dispatcher?.close();
    },
  };
}

type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

interface HttpStack {
  Agent: typeof UndiciAgent;
  /** undici's `Dispatcher.prototype.request`, called with the dispatcher as `this` (works for any Dispatcher). */
  request: RequestFn;
}

let httpStack: HttpStack | undefined;

/**
 * undici, loaded on first use and only the parts used. Activation must not pay for the HTTP stack,
 * and the whole package (`require('undici')`) is ~520 KB minified: the Agent alone is ~280 KB.
 * Deep imports only: the production build moves every `undici/...` module into `dist/undici.js`,
 * which these `require`s load when the first request is sent (see esbuild.mjs). A proxy transport
 * adds `require('undici/lib/dispatcher/proxy-agent.js')` here (about 15 KB more in that file).
 */
function loadHttpStack(): HttpStack {
  if (httpStack) return httpStack;
  /* eslint-disable @typescript-eslint/no-var-requires */
  const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
  const request = require('undici/lib/api/api-request.js') as RequestFn;
  // `undici`'s index attaches its API methods to Dispatcher.prototype; deep imports skip that, and
  // ProxyAgent needs `connect` on its internal Client to open a CONNECT tunnel.
  const { prototype } = require('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
  prototype.request ??= request;
  prototype.connect ??= require('undici/lib/api/api-connect.js');
  /* eslint-enable @typescript-eslint/no-var-requires */
  return (httpStack = { Agent, request });
}

async function send(open: () => Dispatcher, request: HttpRequest, maxBodyBytes: number): Promise<HttpResponse> {
  const url = new URL(request.url);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const dispatcher = open();
    const res = await loadHttpStack().request.call(dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      signal,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
    });
    const body = await readCapped(res.body, maxBodyBytes);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    return { status: res.statusCode, headers, body };
  } catch (e) {
    if (request.signal?.aborted) throw new CancelledError();
    if (timeout.aborted) throw timeoutError(url, request.timeoutMs);
    throw classifyNetworkError(e, url);
  }
}

async function readCapped(stream: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number): Promise<string> {
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
  return Buffer.concat(chunks).toString('utf8');
}

class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super('body too large');
  }
}

function timeoutError(url: URL, ms: number): NetworkError {
  return new NetworkError('timeout', `${url.host} did not answer within ${Math.round(ms / 1000)} s.`, `timeout after ${ms} ms`);
}

const TLS_CODES = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** Maps Node/undici error codes to a reason and a sentence a user understands. */
export function classifyNetworkError(e: unknown, url: URL): NetworkError {
  if (e instanceof BodyTooLargeError) {
    return new NetworkError('other', `${url.host} sent an answer larger than ${Math.round(e.maxBytes / 1048576)} MB; it was not read.`);
  }
  const code = errorCode(e);
  const host = url.host;
  const detail = `${code ?? 'no code'}: ${e instanceof Error ? e.message : String(e)}`;
  const make = (reason: NetworkReason, message: string) => new NetworkError(reason, message, detail);
  if (code === 'ECONNREFUSED') return make('refused', `Could not connect to ${host}: connection refused. Is Label Studio running there?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') return make('dns', `Could not find the host ${url.hostname} (DNS lookup failed). Check the server URL.`);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return make('timeout', `${host} did not answer in time.`);
  }
  if (code && TLS_CODES.test(code)) {
    return make('tls', `The TLS certificate of ${host} was not accepted (${code}). Add its CA file or check the URL.`);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
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
