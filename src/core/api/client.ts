/**
 * Label Studio REST client: authentication (both token kinds), retries, timeouts and typed errors.
 * Paths follow the server's trailing-slash rules exactly (see the fake server's notes): list and
 * create routes end with "/", routes of one backend (`/api/ml/{id}…`) must not.
 */
import { DamagedTokenError, logText, NetworkError, redactError, redactText, TokenRejectedError, UnexpectedResponseError } from './errors';
import { untilAborted } from '../net/concurrency';
import type { HttpResponse, HttpTransport } from '../net/http';
import { readBackend, readBackendListReport, readProjectPage, readTaskPage, type MlBackend, type ProjectRef, type TaskRef } from './models';
import { detailOf, errorFromResponse, isAuthFailure, looksLikeHtml, readJson, redirectError, unauthorizedDetail } from './responses';
import { RequestLane, type LaneSlot } from '../scheduling/requestLane';
import { hostOf } from '../net/serverUrl';
import { accessLifetimeMs, classifyToken, cleanPastedToken, describeTokenKind, looksLikeJwt, type TokenKind } from './token';
import * as l10n from '../text/l10n';

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

export interface Timeouts {
  /** Ordinary calls. */
  default: number;
  /** `GET /api/ml/?project=`: Label Studio health-checks every backend of the project before answering (~1–3 s per unreachable one). */
  backendList: number;
  /** Calls that also reach the ML server synchronously (create, edit, delete, one backend). */
  backendCall: number;
  /** `POST /api/ml/{id}/train` and prediction calls: Label Studio waits up to 100 s for the ML server. */
  longCall: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { default: 20_000, backendList: 120_000, backendCall: 60_000, longCall: 130_000 };

export interface ClientOptions {
  baseUrl: string;
  token: string;
  transport: HttpTransport;
  onRequest?: (entry: RequestLogEntry) => void;
  timeouts?: Partial<Timeouts>;
  /** The clock (ms since the epoch) for token lifetimes, Retry-After dates and durations; default Date.now (tests pass their own). */
  now?: () => number;
  /** How the client waits before a retry (Retry-After); default a timer (tests pass one that records and returns). */
  sleep?: (ms: number) => Promise<void>;
  /** Longest Retry-After (ms) the client waits for before giving up on a 429/503 (default 10 s: a person may be waiting). */
  maxRetryAfterMs?: number;
  /** Most `GET /api/ml/?project=` exchanges in flight (`requestConcurrency`); more wait in their own lane. Default: no limit. */
  backendListConcurrency?: number;
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
interface CallOptions extends RequestOptions {
  slot?: LaneSlot;
}

export interface ModelVersions {
  versions: string[];
  /** Label Studio's note, e.g. its fallback "Upgrade your ML backend version to latest." */
  message?: string;
  /** The ML server's error, passed through by Label Studio. */
  mlError?: string;
  status?: number;
}

/** A route this server does not have (Community lacks some Enterprise routes). */
export class RouteMissingError extends Error {
  constructor(readonly path: string) {
    super(l10n.t('This Label Studio server has no {0} route.', path));
  }
}

export const PROJECT_PAGE_SIZE = 100;
/** Renew the access token this long before its `exp` (at most a quarter of its lifetime), so a request never leaves with a dying token. */
const ACCESS_TOKEN_MARGIN_MS = 30_000;
const MAX_PROJECT_PAGES = 1000;

interface Attempt {
  res: HttpResponse;
  /** The log line of this attempt, written once the client knows whether the answer was usable. */
  entry: RequestLogEntry;
}

export class LabelStudioClient {
  readonly baseUrl: string;
  readonly host: string;
  readonly tokenKind: TokenKind['kind'];
  /** The token as it is sent: cleaned of quotes, whitespace and invisible characters. */
  private readonly token: string;
  private readonly timeouts: Timeouts;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private access?: { token: string; renewAt: number };
  /** Access tokens this client received (the last few), redacted from errors like the token itself. */
  private readonly accessTokens: string[] = [];
  private exchanging?: Promise<string>;
  private exchanges = 0;
  /** Project pages and every other call never wait behind these: they have a lane (and a connection) of their own. */
  private readonly backendListLane: RequestLane;
  /** Most `GET /api/ml/?project=` exchanges this client lets out at once (Infinity: no limit of its own). */
  readonly backendListConcurrency: number;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl;
    this.host = hostOf(options.baseUrl);
    this.token = cleanPastedToken(options.token);
    this.tokenKind = classifyToken(this.token).kind;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.backendListConcurrency = options.backendListConcurrency ?? Infinity;
    this.backendListLane = new RequestLane(this.backendListConcurrency);
  }

  /** How many times the personal access token was exchanged (for tests and benchmarks). */
  get tokenExchangeCount(): number {
    return this.exchanges;
  }

  /** Every project of the user's organisation, page by page; `onPage` sees each page as it arrives. */
  async listProjects(onPage?: (page: ProjectRef[]) => void, signal?: AbortSignal): Promise<ProjectRef[]> {
    const seen = new Map<number, ProjectRef>();
    // Pages are counted here rather than following `next`: behind a proxy `next` can name another host.
    for (let page = 1; page <= MAX_PROJECT_PAGES; page++) {
      const query = `include=id,title&page_size=${PROJECT_PAGE_SIZE}&page=${page}`;
      const { results, hasNext, count } = await this.call('GET', '/api/projects/', { query, signal }, (res) =>
        readProjectPage(readJson(res, this.host), this.host),
      );
      const fresh = results.filter((p) => !seen.has(p.id));
      for (const p of fresh) seen.set(p.id, p);
      if (fresh.length > 0) onPage?.(fresh);
      // A page that brings nothing new ends the walk too: a server whose `next` loops cannot keep us asking.
      if (!hasNext || fresh.length === 0 || (count !== null && seen.size >= count)) break;
    }
    return [...seen.values()];
  }

  /** `laneSignal`: drops the call if it still waits for a slot when that aborts (a refresh that stops). */
  async listBackends(projectId: number, signal?: AbortSignal, laneSignal?: AbortSignal): Promise<MlBackend[]> {
    return (await this.listBackendsReport(projectId, signal, laneSignal)).backends;
  }

  /** A project's backends, and what was wrong with the items that could not be read (e.g. no `id`). */
  async listBackendsReport(
    projectId: number,
    signal?: AbortSignal,
    laneSignal?: AbortSignal,
  ): Promise<{ backends: MlBackend[]; problems: string[] }> {
    const lane = 'backendList' as const;
    const options = { query: `project=${projectId}`, timeoutMs: this.timeouts.backendList, signal, lane, laneSignal };
    return this.call('GET', '/api/ml/', options, (res) => readBackendListReport(readJson(res, this.host), this.host));
  }

  async getBackend(id: number, signal?: AbortSignal): Promise<MlBackend> {
    return readBackend(await this.get(`/api/ml/${id}`, { timeoutMs: this.timeouts.backendCall, signal }));
  }

  /** `POST /api/ml/`: Label Studio calls the backend's /health and /setup before it answers. */
  async createBackend(payload: Record<string, unknown>, signal?: AbortSignal): Promise<MlBackend> {
    return readBackend(await this.request('POST', '/api/ml/', { body: payload, timeoutMs: this.timeouts.backendCall, signal }));
  }

  /** `PATCH /api/ml/{id}`; the payload must carry `url` and `project` (see backendForm.ts). */
  async updateBackend(id: number, payload: Record<string, unknown>, signal?: AbortSignal): Promise<MlBackend> {
    if (payload.url === undefined || payload.project === undefined) {
      throw new Error('A PATCH of an ML backend must carry url and project: Label Studio crashes without them.');
    }
    return readBackend(await this.request('PATCH', `/api/ml/${id}`, { body: payload, timeoutMs: this.timeouts.backendCall, signal }));
  }

  async deleteBackend(id: number, signal?: AbortSignal): Promise<void> {
    await this.send('DELETE', `/api/ml/${id}`, { timeoutMs: this.timeouts.backendCall, signal });
  }

  /** `POST /api/ml/{id}/train`: may block ~100 s while the ML server trains; answers 200 with an empty body. */
  async startTraining(id: number, signal?: AbortSignal): Promise<void> {
    await this.send('POST', `/api/ml/${id}/train`, { body: {}, timeoutMs: this.timeouts.longCall, signal });
  }

  /**
   * `GET /api/ml/{id}/versions`. Statuses other than 200 carry `{"error": …}` from the ML server
   * (a 401 there is the ML server's, not Label Studio's), so they are read, not thrown.
   */
  async modelVersions(id: number, signal?: AbortSignal): Promise<ModelVersions> {
    const res = await this.send('GET', `/api/ml/${id}/versions`, { timeoutMs: this.timeouts.backendCall, signal }, () => true);
    const body = readJson(res, this.host) as Record<string, unknown> | undefined;
    if (res.status >= 200 && res.status < 300 && Array.isArray(body?.versions)) {
      return { versions: body.versions.map(String), message: typeof body.message === 'string' ? body.message : undefined };
    }
    if (typeof body?.error === 'string') return { versions: [], mlError: body.error, status: res.status };
    throw errorFromResponse(res, this.host);
  }

  /** `POST /api/ml/{id}/interactive-annotating`: ML-side problems come back as 200 `{"errors": […]}`. */
  async interactiveAnnotating(
    id: number,
    task: number,
    context: unknown,
    signal?: AbortSignal,
  ): Promise<{ data?: unknown; errors?: string[] }> {
    const body = (await this.request('POST', `/api/ml/${id}/interactive-annotating`, {
      body: { task, context: context ?? null },
      timeoutMs: this.timeouts.longCall,
      signal,
    })) as Record<string, unknown> | undefined;
    if (Array.isArray(body?.errors)) return { errors: body.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) };
    return { data: body?.data ?? body };
  }

  /** Enterprise only: `POST /api/ml/{id}/predict?batch_size=N`. Community answers its HTML 404 page. */
  async predictAllTasks(id: number, batchSize: number, signal?: AbortSignal): Promise<string> {
    const res = await this.send(
      'POST',
      `/api/ml/${id}/predict`,
      { query: `batch_size=${batchSize}`, timeoutMs: this.timeouts.longCall, signal },
      (s) => s === 404,
    );
    if (res.status === 404) {
      if (looksLikeHtml(res)) throw new RouteMissingError(`/api/ml/${id}/predict`);
      throw errorFromResponse(res, this.host);
    }
    const body = readJson(res, this.host);
    return (
      (typeof body === 'object' && body ? detailOf(body) : typeof body === 'string' ? body : undefined) ??
      l10n.t('Predictions have started.')
    );
  }

  /**
   * Community's "Retrieve predictions" Data Manager action on every task of a project. Label Studio
   * uses the project's first backend and calls it synchronously, so this can take long.
   */
  async retrieveProjectPredictions(
    projectId: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ processedItems?: number; detail?: string }> {
    const body = (await this.request('POST', '/api/dm/actions/', {
      query: `id=retrieve_tasks_predictions&project=${projectId}`,
      body: {},
      timeoutMs,
      signal,
    })) as Record<string, unknown> | undefined;
    return {
      processedItems: typeof body?.processed_items === 'number' ? body.processed_items : undefined,
      detail: typeof body?.detail === 'string' ? body.detail : undefined,
    };
  }

  /** The first tasks of a project (`GET /api/tasks/?project=N`), for picking one to test with. */
  async listTasks(projectId: number, pageSize = 20, signal?: AbortSignal): Promise<TaskRef[]> {
    return readTaskPage(await this.get('/api/tasks/', { query: `project=${projectId}&page_size=${pageSize}&page=1`, signal }));
  }

  /** Checks the credentials: `GET /api/current-user/whoami` (no trailing slash on this route). */
  async whoami(signal?: AbortSignal): Promise<{ id: number; username: string; email: string }> {
    const body = (await this.get('/api/current-user/whoami', { signal })) as Record<string, unknown> | undefined;
    return { id: Number(body?.id), username: String(body?.username ?? ''), email: String(body?.email ?? '') };
  }

  get(path: string, options: RequestOptions = {}): Promise<unknown> {
    return this.request('GET', path, options);
  }

  /** Sends an authenticated request and returns the parsed JSON body (`undefined` when empty). */
  request(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
    return this.call(method, path, options, (res) => readJson(res, this.host));
  }

  /** Like `request`, but returns the raw answer of any status for callers that read odd bodies themselves. */
  send(method: string, path: string, options: RequestOptions = {}, acceptStatus?: (status: number) => boolean): Promise<HttpResponse> {
    return this.call(method, path, options, (res) => res, acceptStatus);
  }

  /**
   * One call: credentials, the retries (a reset GET once, a renewed access token once, Retry-After
   * twice), then `read` on the accepted answer. Every attempt is logged once, with why it failed.
   */
  private async call<T>(
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
      const auth = await this.authorization(options.signal);
      let sent: Attempt;
      try {
        sent = await this.transport(method, path, options, auth.header, attempt > 0 ? 'retry' : undefined);
      } catch (e) {
        if (idempotent && attempt === 0 && e instanceof NetworkError && e.reason === 'reset') continue;
        throw e;
      }
      const { res, entry } = sent;
      if (res.status === 401 && !(acceptStatus?.(401) && !isAuthFailure(res))) {
        if (auth.kind === 'bearer' && this.tokenKind === 'personal-access' && !renewed) {
          renewed = true;
          this.dropAccessToken(auth.token);
          this.log(entry, 'HTTP 401: the access token was not accepted; renewing it and retrying once');
          continue;
        }
        const rejected = new TokenRejectedError(this.host, unauthorizedDetail(res), describeTokenKind(this.tokenKind));
        this.log(entry, logText(rejected));
        throw rejected;
      }
      const wait = idempotent && attempt < 2 ? this.retryDelay(res) : undefined;
      if (wait !== undefined) {
        this.log(entry, `HTTP ${res.status}: waiting ${wait} ms as the server asks (Retry-After), then retrying`);
        await this.sleep(wait);
        continue;
      }
      let value: T;
      try {
        if (!((res.status >= 200 && res.status < 300) || acceptStatus?.(res.status))) {
          throw res.status >= 300 && res.status < 400 ? redirectError(this.host, res) : errorFromResponse(res, this.host);
        }
        value = read(res);
      } catch (e) {
        const error = redactError(e, this.secrets());
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
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - this.now();
    if (!Number.isFinite(ms)) return undefined;
    return ms <= (this.options.maxRetryAfterMs ?? 10_000) ? Math.max(0, ms) : undefined;
  }

  /** One HTTP exchange. Failures to get an answer are logged here; answers are logged by the caller. */
  private async transport(
    method: string,
    path: string,
    options: CallOptions,
    authHeader: string | undefined,
    retry?: string,
  ): Promise<Attempt> {
    const pathAndQuery = options.query ? `${path}?${options.query}` : path;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authHeader) headers.authorization = authHeader;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let started = this.now();
    try {
      const exchange = () => {
        started = this.now();
        return this.options.transport.send({
          method,
          url: this.baseUrl + pathAndQuery,
          headers,
          body,
          timeoutMs: options.timeoutMs ?? this.timeouts.default,
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
      return { res: answer, entry: { method, path: pathAndQuery, status: res.status, ms: this.now() - started, retry } };
    } catch (e) {
      this.options.onRequest?.({ method, path: pathAndQuery, ms: this.now() - started, error: logText(e), retry });
      throw e;
    }
  }

  private log(entry: RequestLogEntry, error?: string): void {
    this.options.onRequest?.(error === undefined ? entry : { ...entry, error: redactText(error, this.secrets()) });
  }

  /** The credentials this client holds: never shown, never logged. */
  private secrets(): string[] {
    return [this.token, this.options.token.trim(), ...this.accessTokens];
  }

  private redactResponse(res: HttpResponse): HttpResponse {
    const secrets = this.secrets();
    const headers = { ...res.headers };
    if (headers.location) headers.location = redactText(headers.location, secrets);
    return { ...res, headers, body: redactText(res.body, secrets) };
  }

  private async authorization(signal?: AbortSignal): Promise<{ kind: 'token' | 'bearer'; header: string; token: string }> {
    const token = this.token;
    // Whatever was pasted, a JWT (even a damaged one) never leaves as a legacy `Token …`.
    if (this.tokenKind === 'legacy' && looksLikeJwt(token)) throw new DamagedTokenError(this.host);
    if (this.tokenKind === 'legacy') return { kind: 'token', header: `Token ${token}`, token };
    if (this.tokenKind === 'access') return { kind: 'bearer', header: `Bearer ${token}`, token };
    const access = await this.accessToken(signal);
    return { kind: 'bearer', header: `Bearer ${access}`, token: access };
  }

  /**
   * A valid access token, exchanging the personal access token when needed (one exchange at a time).
   * The exchange is shared, so no caller's signal cancels it: a caller that gives up stops waiting,
   * the others still get the token.
   */
  private accessToken(signal?: AbortSignal): Promise<string> {
    if (this.access && this.now() < this.access.renewAt) return Promise.resolve(this.access.token);
    this.exchanging ??= this.exchange().finally(() => (this.exchanging = undefined));
    return untilAborted(this.exchanging, signal);
  }

  private dropAccessToken(used: string): void {
    if (this.access?.token === used) this.access = undefined;
  }

  private async exchange(): Promise<string> {
    this.exchanges++;
    const { res, entry } = await this.transport('POST', '/api/token/refresh/', { body: { refresh: this.token } }, undefined);
    let access: string;
    try {
      access = this.readExchange(res);
    } catch (e) {
      const error = redactError(e, this.secrets());
      this.log(entry, logText(error));
      throw error;
    }
    this.log(entry);
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
