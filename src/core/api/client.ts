/**
 * Label Studio REST client: the endpoints, typed. Authentication (both token kinds) is its TokenSession's
 * job; retries, timeouts, logging and typed errors are its RequestPipeline's.
 * Paths follow the server's trailing-slash rules exactly (see the fake server's notes): list and
 * create routes end with "/", routes of one backend (`/api/ml/{id}…`) must not.
 */
import type { HttpResponse, HttpTransport } from '../net/http';
import { readBackend, readBackendListReport, readProjectPage, readTaskPage, type MlBackend, type ProjectRef, type TaskRef } from './models';
import { detailOf, errorFromResponse, looksLikeHtml, readJson } from './responses';
import { hostOf } from '../net/serverUrl';
import type { TokenKind } from './token';
import { RequestPipeline, type RequestLogEntry, type RequestOptions } from './requestPipeline';
import { TokenSession } from './tokenSession';
import * as l10n from '../text/l10n';

export type { RequestLogEntry, RequestOptions } from './requestPipeline';

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
const MAX_PROJECT_PAGES = 1000;

export class LabelStudioClient {
  readonly baseUrl: string;
  readonly host: string;
  readonly tokenKind: TokenKind['kind'];
  private readonly timeouts: Timeouts;
  /** The token, the access token it is exchanged for, and the secrets to mask. */
  private readonly session: TokenSession;
  private readonly pipeline: RequestPipeline;
  /** Most `GET /api/ml/?project=` exchanges this client lets out at once (Infinity: no limit of its own). */
  readonly backendListConcurrency: number;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl;
    this.host = hostOf(options.baseUrl);
    const now = options.now ?? Date.now;
    this.session = new TokenSession(options.token, this.host, now);
    this.tokenKind = this.session.kind;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.backendListConcurrency = options.backendListConcurrency ?? Infinity;
    const setup = { baseUrl: this.baseUrl, host: this.host, defaultTimeoutMs: this.timeouts.default, now, sleep };
    // The pipeline reads `transport`, `onRequest` and `maxRetryAfterMs` from the options at each use, as before.
    this.pipeline = new RequestPipeline(options, { ...setup, backendListConcurrency: this.backendListConcurrency }, this.session);
  }

  /** How many times the personal access token was exchanged (for tests and benchmarks). */
  get tokenExchangeCount(): number {
    return this.session.exchangeCount;
  }

  /** Every project of the user's organisation, page by page; `onPage` sees each page as it arrives. */
  async listProjects(onPage?: (page: ProjectRef[]) => void, signal?: AbortSignal): Promise<ProjectRef[]> {
    const seen = new Map<number, ProjectRef>();
    // Pages are counted here rather than following `next`: behind a proxy `next` can name another host.
    for (let page = 1; page <= MAX_PROJECT_PAGES; page++) {
      const query = `include=id,title&page_size=${PROJECT_PAGE_SIZE}&page=${page}`;
      const { results, hasNext, count } = await this.pipeline.call('GET', '/api/projects/', { query, signal }, (res) =>
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
    return this.pipeline.call('GET', '/api/ml/', options, (res) => readBackendListReport(readJson(res, this.host), this.host));
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
    return this.pipeline.call(method, path, options, (res) => readJson(res, this.host));
  }

  /** Like `request`, but returns the raw answer of any status for callers that read odd bodies themselves. */
  send(method: string, path: string, options: RequestOptions = {}, acceptStatus?: (status: number) => boolean): Promise<HttpResponse> {
    return this.pipeline.call(method, path, options, (res) => res, acceptStatus);
  }
}
