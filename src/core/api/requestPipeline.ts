/**
 * How every call of the Label Studio client travels: the credentials of its token session, the
 * retries (a reset GET once, a renewed access token once, Retry-After twice), the `/api/ml/?project=`
 * lane, the masking of credentials in answers, and one log line per attempt with why it failed.
 */
import { logText, NetworkError, redactError, redactText, TokenRejectedError } from './errors';
import type { HttpResponse, HttpTransport } from '../net/http';
import { errorFromResponse, isAuthFailure, redirectError, unauthorizedDetail } from './responses';
import { RequestLane, type LaneSlot } from '../scheduling/requestLane';
import { describeTokenKind } from './token';
import type { ExchangeWire, TokenSession } from './tokenSession';

export interface RequestLogEntry {
  method: string;
  /** Path and query only: tokens never travel in URLs, so this is safe to log. */
  path: string;
  status?: number;
  ms: number;
  /** Why the answer was not used: network reason and code, or HTTP status and the server's words. Never a token. */
  error?: string;
  retry?: string;
}

export interface RequestOptions {
  query?: string;
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** 'backendList': the exchange waits for a slot of the `/api/ml/?project=` lane (see RequestLane). */
  lane?: 'backendList';
  /** `base64`: the body as base64 (media files). */
  encoding?: 'utf8' | 'base64';
  /** Cancels the call only while it waits for its lane (never once sent). */
  laneSignal?: AbortSignal;
}

/** Per call: the lane slot it holds between attempts. */
export interface CallOptions extends RequestOptions {
  slot?: LaneSlot;
}

export interface Attempt {
  res: HttpResponse;
  /** The log line of this attempt, written once the client knows whether the answer was usable. */
  entry: RequestLogEntry;
}

/** What the pipeline reads from the client's options, at each use. */
export interface PipelineOptions {
  transport: HttpTransport;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Longest Retry-After (ms) waited for before giving up on a 429/503 (default 10 s). */
  maxRetryAfterMs?: number;
}

/** What the client settled at construction. */
export interface PipelineSetup {
  baseUrl: string;
  host: string;
  defaultTimeoutMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  backendListConcurrency: number;
}

export class RequestPipeline implements ExchangeWire {
  /** Project pages and every other call never wait behind these: they have a lane (and a connection) of their own. */
  private readonly backendListLane: RequestLane;

  constructor(
    private readonly options: PipelineOptions,
    private readonly setup: PipelineSetup,
    private readonly session: TokenSession,
  ) {
    this.backendListLane = new RequestLane(setup.backendListConcurrency);
  }

  /**
   * One call: credentials, the retries (a reset GET once, a renewed access token once, Retry-After
   * twice), then `read` on the accepted answer. Every attempt is logged once, with why it failed.
   */
  async call<T>(
    method: string,
    path: string,
    options: RequestOptions,
    read: (res: HttpResponse) => T,
    acceptStatus?: (status: number) => boolean,
  ): Promise<T> {
    // A lane call keeps its slot across its retries (a throttled server gets no other call in its
    // place); after a failed answer the slot passes on only once the caller has seen the failure.
    const slot: LaneSlot = {};
    try {
      return await this.attempts(method, path, { ...options, slot }, read, acceptStatus);
    } finally {
      if (slot.release) setImmediate(slot.release);
    }
  }

  private async attempts<T>(
    method: string,
    path: string,
    options: CallOptions,
    read: (res: HttpResponse) => T,
    acceptStatus?: (status: number) => boolean,
  ): Promise<T> {
    const idempotent = method === 'GET' || method === 'HEAD';
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const auth = await this.session.authorization(this, options.signal);
      let sent: Attempt;
      try {
        sent = await this.transport(method, path, options, auth.header, attempt > 0 ? 'retry' : undefined);
      } catch (e) {
        if (idempotent && attempt === 0 && e instanceof NetworkError && e.reason === 'reset') continue;
        throw e;
      }
      const { res, entry } = sent;
      if (res.status === 401 && !(acceptStatus?.(401) && !isAuthFailure(res))) {
        if (auth.kind === 'bearer' && this.session.kind === 'personal-access' && !renewed) {
          renewed = true;
          this.session.dropAccessToken(auth.token);
          this.log(entry, 'HTTP 401: the access token was not accepted; renewing it and retrying once');
          continue;
        }
        const rejected = new TokenRejectedError(this.setup.host, unauthorizedDetail(res), describeTokenKind(this.session.kind));
        this.log(entry, logText(rejected));
        throw rejected;
      }
      const wait = idempotent && attempt < 2 ? this.retryDelay(res) : undefined;
      if (wait !== undefined) {
        this.log(entry, `HTTP ${res.status}: waiting ${wait} ms as the server asks (Retry-After), then retrying`);
        await this.setup.sleep(wait);
        continue;
      }
      let value: T;
      try {
        if (!((res.status >= 200 && res.status < 300) || acceptStatus?.(res.status))) {
          throw res.status >= 300 && res.status < 400 ? redirectError(this.setup.host, res) : errorFromResponse(res, this.setup.host);
        }
        value = read(res);
      } catch (e) {
        const error = redactError(e, this.session.secrets());
        this.log(entry, logText(error));
        throw error;
      }
      this.log(entry);
      return value;
    }
  }

  private retryDelay(res: HttpResponse): number | undefined {
    if (res.status !== 429 && res.status !== 503) return undefined;
    const header = res.headers['retry-after'];
    if (header === undefined) return res.status === 503 ? 1000 : undefined;
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - this.setup.now();
    if (!Number.isFinite(ms)) return undefined;
    return ms <= (this.options.maxRetryAfterMs ?? 10_000) ? Math.max(0, ms) : undefined;
  }

  /** One HTTP exchange. Failures to get an answer are logged here; answers are logged by the caller. */
  async transport(method: string, path: string, options: CallOptions, authHeader: string | undefined, retry?: string): Promise<Attempt> {
    const pathAndQuery = options.query ? `${path}?${options.query}` : path;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authHeader) headers.authorization = authHeader;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let started = this.setup.now();
    try {
      const exchange = () => {
        started = this.setup.now();
        return this.options.transport.send({
          method,
          url: this.setup.baseUrl + pathAndQuery,
          headers,
          body,
          timeoutMs: options.timeoutMs ?? this.setup.defaultTimeoutMs,
          signal: options.signal,
          encoding: options.encoding,
        });
      };
      const lane = options.lane === 'backendList' ? this.backendListLane : undefined;
      const keep = (r: HttpResponse) => r.status < 200 || r.status >= 300;
      const signals = [options.signal, options.laneSignal];
      const res = await (lane ? lane.run(exchange, { signals, slot: options.slot, keep }) : exchange());
      // Masked before anything reads it, whatever the status: a server that echoes the credentials
      // (even in a 200 answer that is then quoted, cut, in an error) never gets them shown or logged.
      const answer = this.redactResponse(res);
      return { res: answer, entry: { method, path: pathAndQuery, status: res.status, ms: this.setup.now() - started, retry } };
    } catch (e) {
      this.options.onRequest?.({ method, path: pathAndQuery, ms: this.setup.now() - started, error: logText(e), retry });
      throw e;
    }
  }

  log(entry: RequestLogEntry, error?: string): void {
    this.options.onRequest?.(error === undefined ? entry : { ...entry, error: redactText(error, this.session.secrets()) });
  }

  private redactResponse(res: HttpResponse): HttpResponse {
    const secrets = this.session.secrets();
    const headers = { ...res.headers };
    if (headers.location) headers.location = redactText(headers.location, secrets);
    return { ...res, headers, body: redactText(res.body, secrets) };
  }
}
