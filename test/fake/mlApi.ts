// How Label Studio's `ml/api_connector.py` (python-requests) talks to an ML server, reproduced with
// node:http: real connect/read timeouts, 2 retries on connection errors (HTTPAdapter(max_retries=2)),
// Basic auth when both user and password are set, and error strings formatted like `str(exception)`
// from requests/urllib3, because that text is what ends up in `error_message`.
import * as http from 'node:http';
import * as https from 'node:https';
import { pyFloat } from './pythonish';

export interface MlCallOptions {
  method: 'GET' | 'POST';
  /** The backend's URL (may have a path and/or trailing slash). */
  baseUrl: string;
  /** 'health', 'setup', 'webhook', 'predict', 'versions'. */
  suffix: string;
  json?: unknown;
  basicAuth?: { user: string | null; pass: string | null };
  connectTimeoutMs: number;
  readTimeoutMs: number;
  connectRetries?: number;
  userAgent?: string;
  /** Where the server runs; see `NetworkView`. */
  network?: NetworkView;
  /** Keep-alive pools to reuse connections (benchmarks); unset: a new connection per call, like a fresh requests.Session. */
  pools?: MlConnectionPools;
}

export interface MlConnectionPools {
  http: http.Agent;
  https: https.Agent;
}

/** Keep-alive pools for `MlCallOptions.pools`; `destroy()` them when the server closes. */
export function createMlConnectionPools(): MlConnectionPools {
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
}

/**
 * Where Label Studio runs, which decides what its calls to ML backends reach. 'host': the same
 * network as the tests. 'docker': inside a container, where localhost/127.0.0.1 is the container
 * itself (nothing listens there) and `host.docker.internal` is the host.
 */
export type NetworkView = 'host' | 'docker';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

/** The host a call really goes to, or undefined when nothing can answer there. */
function resolveFrom(network: NetworkView | undefined, hostname: string): string | undefined {
  if (network !== 'docker') return hostname.replace(/^\[|\]$/g, '');
  if (LOOPBACK.test(hostname)) return undefined;
  return hostname === 'host.docker.internal' ? '127.0.0.1' : hostname.replace(/^\[|\]$/g, '');
}

/** `MLApiResult`: `statusCode` is 0 when no HTTP response arrived. */
export interface MlApiResult {
  isError: boolean;
  statusCode: number;
  /** Parsed JSON body on success. */
  response: unknown;
  /** `str(exception)` text on error, else null. */
  errorMessage: string | null;
  url: string;
  /** Raw body of an HTTP error response (only used to emulate builds that copy ML tracebacks). */
  errorBody?: Buffer;
}

/** `urllib.parse.urljoin(url + '/' if needed, suffix)`. */
export function mlUrl(baseUrl: string, suffix: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(suffix, base).toString();
}

// urllib3 prints the connection object's repr; any stable address is fine.
const CONN_REPR = (secure: boolean) => `<urllib3.connection.${secure ? 'HTTPS' : 'HTTP'}Connection object at 0x7f3b2c1d5e50>`;

/** urllib3's pool repr, the prefix of most requests error strings. */
function poolName(target: URL): string {
  const secure = target.protocol === 'https:';
  return `${secure ? 'HTTPS' : 'HTTP'}ConnectionPool(host='${target.hostname}', port=${target.port || (secure ? 443 : 80)})`;
}

type Attempt =
  | { kind: 'response'; status: number; reason: string; body: Buffer }
  | { kind: 'connect-error'; cause: string }
  | { kind: 'error'; message: string };

function describeConnectError(err: NodeJS.ErrnoException, target: URL, connectTimeoutMs: number): string {
  const secure = target.protocol === 'https:';
  if (err.code === 'ETIMEDOUT_CONNECT') {
    return `ConnectTimeoutError(${CONN_REPR(secure)}, 'Connection to ${target.hostname} timed out. (connect timeout=${pyFloat(connectTimeoutMs / 1000)})')`;
  }
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return `NameResolutionError("${CONN_REPR(secure)}: Failed to resolve '${target.hostname}' ([Errno -2] Name or service not known)")`;
  }
  const errno: Record<string, string> = {
    ECONNREFUSED: '[Errno 111] Connection refused',
    EHOSTUNREACH: '[Errno 113] No route to host',
    ENETUNREACH: '[Errno 101] Network is unreachable',
  };
  return `NewConnectionError('${CONN_REPR(secure)}: Failed to establish a new connection: ${errno[err.code ?? ''] ?? `[Errno 111] ${err.message}`}')`;
}

function attempt(target: URL, opts: MlCallOptions, headers: Record<string, string>, payload: Buffer | undefined): Promise<Attempt> {
  const host = resolveFrom(opts.network, target.hostname);
  if (host === undefined) {
    // The container's own loopback: the port is closed there.
    const refused: NodeJS.ErrnoException = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return Promise.resolve({ kind: 'connect-error', cause: describeConnectError(refused, target, opts.connectTimeoutMs) });
  }
  return new Promise((resolve) => {
    const mod = target.protocol === 'https:' ? https : http;
    let settled = false;
    let connected = false;
    const done = (a: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      resolve(a);
    };
    const req = mod.request(
      {
        method: opts.method,
        hostname: host,
        port: target.port || (target.protocol === 'https:' ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        headers,
        agent: opts.pools ? opts.pools[target.protocol === 'https:' ? 'https' : 'http'] : false,
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (!res.complete) return; // 'aborted'/'error' below reports it
          done({ kind: 'response', status: res.statusCode ?? 0, reason: res.statusMessage ?? '', body: Buffer.concat(chunks) });
        });
        res.on('aborted', () => incomplete());
        res.on('error', () => incomplete());
        const incomplete = () => {
          const got = chunks.reduce((n, c) => n + c.length, 0);
          const declared = Number(res.headers['content-length']);
          const more = Number.isFinite(declared) ? `${Math.max(declared - got, 0)} more expected` : 'unknown more expected';
          done({
            kind: 'error',
            message: `("Connection broken: IncompleteRead(${got} bytes read, ${more})", IncompleteRead(${got} bytes read, ${more}))`,
          });
        };
      },
    );
    const connectTimer = setTimeout(() => {
      if (!connected) {
        const err: NodeJS.ErrnoException = new Error('connect timeout');
        err.code = 'ETIMEDOUT_CONNECT';
        req.destroy(err);
      }
    }, opts.connectTimeoutMs);
    const readTimedOut = () => {
      const err: NodeJS.ErrnoException = new Error('read timeout');
      err.code = 'ETIMEDOUT_READ';
      req.destroy(err);
    };
    req.on('socket', (socket) => {
      const open = () => {
        connected = true;
        clearTimeout(connectTimer);
        // requests' read timeout: max idle time while waiting for (more of) the response. A pooled
        // socket gets it through the request, so it ends when the socket goes back to the pool.
        if (opts.pools) req.setTimeout(opts.readTimeoutMs, readTimedOut);
        else socket.setTimeout(opts.readTimeoutMs, readTimedOut);
      };
      if (socket.connecting || !opts.pools) socket.once('connect', open);
      else open(); // a pooled connection, already open
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ETIMEDOUT_READ') {
        done({ kind: 'error', message: `${poolName(target)}: Read timed out. (read timeout=${pyFloat(opts.readTimeoutMs / 1000)})` });
      } else if (!connected) {
        done({ kind: 'connect-error', cause: describeConnectError(err, target, opts.connectTimeoutMs) });
      } else if (err.code === 'ECONNRESET' && err.message === 'socket hang up') {
        done({ kind: 'error', message: "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))" });
      } else if (err.code === 'ECONNRESET') {
        done({ kind: 'error', message: "('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))" });
      } else {
        done({ kind: 'error', message: `('Connection aborted.', ${err.message})` });
      }
    });
    req.end(payload);
  });
}

/** Python's json error text for the common case (e.g. an HTML page): "Expecting value: line 1 column 1 (char 0)". */
function jsonDecodeMessage(text: string, err: unknown): string {
  const leading = text.length - text.trimStart().length;
  const startsLikeJson = /^[[{"\-\dtfn]/.test(text.trimStart());
  const jsPosition = /position (\d+)/.exec(String((err as Error)?.message ?? ''));
  const pos = !startsLikeJson ? leading : jsPosition ? Number(jsPosition[1]) : leading;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - (before.lastIndexOf('\n') + 1) + 1;
  return `Expecting value: line ${line} column ${column} (char ${pos})`;
}

export async function callMl(opts: MlCallOptions): Promise<MlApiResult> {
  const url = mlUrl(opts.baseUrl, opts.suffix);
  const target = new URL(url);
  const headers: Record<string, string> = {
    'User-Agent': opts.userAgent ?? 'heartex/1.22.0',
    Accept: '*/*',
    ...(opts.pools ? {} : { Connection: 'close' }),
  };
  const user = opts.basicAuth?.user;
  const pass = opts.basicAuth?.pass;
  if (user && pass) headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  let payload: Buffer | undefined;
  if (opts.method === 'POST') {
    payload = Buffer.from(JSON.stringify(opts.json ?? {}));
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(payload.length);
  }

  const retries = opts.connectRetries ?? 2;
  let result: Attempt = { kind: 'error', message: 'not attempted' };
  for (let i = 0; i <= retries; i++) {
    result = await attempt(target, opts, headers, payload);
    if (result.kind !== 'connect-error') break;
  }
  if (result.kind === 'connect-error') {
    const message = `${poolName(target)}: Max retries exceeded with url: ${target.pathname}${target.search} (Caused by ${result.cause})`;
    return { isError: true, statusCode: 0, response: { error: message }, errorMessage: message, url };
  }
  if (result.kind === 'error') {
    return { isError: true, statusCode: 0, response: { error: result.message }, errorMessage: result.message, url };
  }
  if (result.status >= 400) {
    const kind = result.status < 500 ? 'Client' : 'Server';
    const message = `${result.status} ${kind} Error: ${result.reason} for url: ${url}`;
    return { isError: true, statusCode: result.status, response: { error: message }, errorMessage: message, url, errorBody: result.body };
  }
  const text = result.body.toString('utf8');
  try {
    return { isError: false, statusCode: result.status, response: JSON.parse(text), errorMessage: null, url };
  } catch (err) {
    const message = jsonDecodeMessage(text, err);
    return { isError: true, statusCode: result.status, response: { error: message, response: text }, errorMessage: message, url };
  }
}

/** The ML SDK's 500 body `{"result": {"traceback": ...}}`, if the error response carried one. */
export function mlTraceback(result: MlApiResult): string | undefined {
  if (!result.errorBody) return undefined;
  try {
    const parsed = JSON.parse(result.errorBody.toString('utf8')) as { result?: { traceback?: unknown } };
    return typeof parsed?.result?.traceback === 'string' ? parsed.result.traceback : undefined;
  } catch {
    return undefined;
  }
}
