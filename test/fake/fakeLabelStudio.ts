// A fake Label Studio 1.22 server (Community by default) for tests, the demo and benchmarks.
// Behaviour follows the real server's source as summarised in the project's API notes: trailing-slash
// rules, legacy tokens + personal access tokens (JWT), the JSON error envelope, DRF pagination, and
// ML backend endpoints whose state comes from real HTTP calls to the backend URLs.
import { createMlConnectionPools, type MlConnectionPools, type NetworkView } from './mlApi';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { authenticate, type AuthKind, type AuthSettings } from './auth';
import { DEFAULT_TIMEOUTS, type MlEnv, type MlTimeouts } from './backendOps';
import { deliverDamaged, faultReply, FaultList, wrapsRealResponse, type FaultHandle, type FaultRule } from './faults';
import { djangoNotFoundPage } from './htmlPages';
import { makeToken, decodeUnverified, verifyJwt, type VerifyResult } from './jwt';
import { deriveFromLabelConfig } from './labelConfig';
import { nowIsoMicro, randomHex } from './pythonish';
import { USER, type BackendState, type FakeBackend, type FakeProject, type FakeTask, type FakeWebhook } from './records';
import { ApiError, errorEnvelope, jsonReply, PlainJsonError, textReply, type Reply } from './reply';
import { resolve, type LsRequest, type Route } from './router';
import { authRoutes } from './routesAuth';
import { mlRoutes } from './routesMl';
import { projectRoutes } from './routesProjects';
import { taskRoutes } from './routesTasks';
import { mediaRoutes } from './routesMedia';
import { predictionRoutes } from './routesPredictions';
import { MediaStore } from './mediaStore';
import { Store } from './store';
import { closeServer } from './closeServer';

export type Edition = 'community' | 'enterprise';

export interface HealthCheckOptions {
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  setupTimeoutMs?: number;
  trainTimeoutMs?: number;
  predictTimeoutMs?: number;
  connectRetries?: number;
}

export interface FakeLabelStudioOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Serve https with this key and certificate (e.g. from certificates.ts). */
  tls?: { key: string; cert: string };
  /** Accepted legacy keys; default: one random 40-hex key. */
  legacyTokens?: string[];
  legacyTokensEnabled?: boolean;
  patEnabled?: boolean;
  accessTokenTtlSeconds?: number;
  edition?: Edition;
  /** Fixed delay before every response. */
  latencyMs?: number;
  /** Origin for absolute `next`/`previous` links and the `hostname` sent to ML servers; default: from Host. */
  publicOrigin?: string;
  healthCheck?: HealthCheckOptions;
  version?: string;
  /** Emulate builds that append the ML server's traceback to `error_message` (stock 1.22 does not). */
  appendMlTraceback?: boolean;
  /** Where Label Studio runs: 'docker' makes its calls to localhost ML backends fail (default 'host'). */
  network?: NetworkView;
  /** The server's clock (ms since the epoch; default the real one): token lifetimes are read from it. */
  now?: () => number;
  /**
   * Reuse keep-alive connections for the calls to ML backends (default false: a new connection per
   * call, as Label Studio's fresh requests.Session per MLApi does). Same calls and answers, less CPU
   * per `/api/ml`: for benchmarks, where the fake's own cost would otherwise be measured.
   */
  reuseMlConnections?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path with query, as received. */
  path: string;
  authKind: AuthKind;
  /** 0 while unanswered (or never answered: 'hang'). */
  status: number;
  startedAt: number;
  /** -1 until the response is finished. */
  durationMs: number;
}

export interface AddProjectInput extends Partial<
  Omit<FakeProject, 'id' | 'created_by' | 'parsed_label_config' | 'control_weights' | 'config_has_control_tags'>
> {
  title: string;
}

export interface AddBackendInput {
  project: number;
  url: string;
  title?: string | null;
  state?: BackendState;
  is_interactive?: boolean;
  error_message?: string | null;
  auth_method?: 'NONE' | 'BASIC_AUTH';
  basic_auth_user?: string | null;
  basic_auth_pass?: string | null;
  description?: string | null;
  extra_params?: unknown;
  model_version?: string | null;
  timeout?: number;
  auto_update?: boolean;
  created_at?: string;
  stickyState?: 'TR' | 'PR';
}

const DEFAULT_LABEL_CONFIG =
  '<View>\n  <Text name="text" value="$text"/>\n  <Choices name="sentiment" toName="text">\n    <Choice value="Positive"/>\n    <Choice value="Negative"/>\n  </Choices>\n</View>';

export class FakeLabelStudio {
  legacyTokens: string[];
  legacyTokensEnabled: boolean;
  patEnabled: boolean;
  accessTokenTtlSeconds: number;
  edition: Edition;
  latencyMs: number;
  publicOrigin: string | undefined;
  healthCheck: MlTimeouts;
  version: string;
  appendMlTraceback: boolean;
  network: NetworkView;

  readonly requests: RecordedRequest[] = [];
  /** Successful PAT → access token exchanges. */
  tokenExchanges = 0;
  /** Every access token this fake minted (tests check that none leaks). */
  readonly issuedAccessTokens: string[] = [];
  /** @internal the in-memory tables; prefer the methods and accessors below. */
  readonly db = new Store();
  /** Task media: uploads, local files, cloud objects (see mediaStore.ts). */
  readonly media = new MediaStore();

  private readonly secret = randomHex(32);
  private readonly clock: () => number;
  private clockOffsetMs = 0;
  private readonly blacklist = new Set<string>();
  private readonly faults = new FaultList();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly routes: Route[];
  private server!: Server;
  private baseUrl = '';
  /** Background work (Enterprise predict jobs) so it never outlives close() unobserved. */
  private readonly background = new Set<Promise<unknown>>();
  private readonly mlPools: MlConnectionPools | undefined;

  private constructor(options: FakeLabelStudioOptions) {
    this.legacyTokens = options.legacyTokens ? [...options.legacyTokens] : [randomHex(20)];
    this.legacyTokensEnabled = options.legacyTokensEnabled ?? true;
    this.patEnabled = options.patEnabled ?? true;
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 300;
    this.edition = options.edition ?? 'community';
    this.latencyMs = options.latencyMs ?? 0;
    this.publicOrigin = options.publicOrigin?.replace(/\/+$/, '');
    this.healthCheck = { ...DEFAULT_TIMEOUTS, ...options.healthCheck };
    this.version = options.version ?? '1.22.0';
    this.appendMlTraceback = options.appendMlTraceback ?? false;
    this.network = options.network ?? 'host';
    this.clock = options.now ?? Date.now;
    this.mlPools = options.reuseMlConnections ? createMlConnectionPools() : undefined;
    this.routes = [
      ...authRoutes(this),
      ...projectRoutes(this),
      ...mlRoutes(this),
      ...taskRoutes(this),
      ...predictionRoutes(this),
      ...mediaRoutes(this),
    ];
  }

  static async start(options: FakeLabelStudioOptions = {}): Promise<FakeLabelStudio> {
    const fake = new FakeLabelStudio(options);
    const handler = (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res);
    fake.server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolveListen, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, host, () => resolveListen());
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.baseUrl = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return fake;
  }

  /** 'http://127.0.0.1:PORT' (https with `tls`), no trailing slash. */
  get url(): string {
    return this.baseUrl;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await closeServer(this.server);
    this.mlPools?.http.destroy();
    this.mlPools?.https.destroy();
    await this.media.objectStore?.close();
  }

  // ---- data -------------------------------------------------------------------------------------

  get projects(): FakeProject[] {
    return [...this.db.projects.values()].sort((a, b) => a.id - b.id);
  }

  get backends(): FakeBackend[] {
    return [...this.db.backends.values()].sort((a, b) => a.id - b.id);
  }

  get tasks(): FakeTask[] {
    return [...this.db.tasks.values()].sort((a, b) => a.id - b.id);
  }

  /** Webhooks created as a side effect of POST /api/ml/ (never removed with the backend). */
  get webhooks(): FakeWebhook[] {
    return this.db.webhooks;
  }

  getProject(id: number): FakeProject | undefined {
    return this.db.projects.get(id);
  }

  /** The live row (mutate it to simulate a DB edit); includes the stored `basic_auth_pass`. */
  getBackend(id: number): FakeBackend | undefined {
    return this.db.backends.get(id);
  }

  /** Inserts a project row (no validation); counters and parsed config are derived unless given. */
  addProject(input: AddProjectInput): FakeProject {
    const id = this.db.nextId('project');
    const labelConfig = input.label_config ?? DEFAULT_LABEL_CONFIG;
    const derived = deriveFromLabelConfig(labelConfig);
    const p: FakeProject = {
      id,
      title: input.title,
      description: input.description ?? '',
      label_config: labelConfig,
      expert_instruction: input.expert_instruction ?? '',
      show_instruction: input.show_instruction ?? false,
      show_skip_button: input.show_skip_button ?? true,
      enable_empty_annotation: input.enable_empty_annotation ?? true,
      show_annotation_history: input.show_annotation_history ?? false,
      organization: input.organization ?? 1,
      color: input.color ?? '#FFFFFF',
      maximum_annotations: input.maximum_annotations ?? 1,
      is_published: input.is_published ?? false,
      model_version: input.model_version ?? '',
      is_draft: input.is_draft ?? false,
      created_by: { ...USER },
      created_at: input.created_at ?? nowIsoMicro(),
      min_annotations_to_start_training: input.min_annotations_to_start_training ?? 0,
      start_training_on_annotation_update: input.start_training_on_annotation_update ?? false,
      show_collab_predictions: input.show_collab_predictions ?? true,
      num_tasks_with_annotations: input.num_tasks_with_annotations ?? 0,
      task_number: input.task_number ?? 0,
      useful_annotation_number: input.useful_annotation_number ?? 0,
      ground_truth_number: input.ground_truth_number ?? 0,
      skipped_annotations_number: input.skipped_annotations_number ?? 0,
      total_annotations_number: input.total_annotations_number ?? 0,
      total_predictions_number: input.total_predictions_number ?? 0,
      sampling: input.sampling ?? 'Sequential sampling',
      show_ground_truth_first: input.show_ground_truth_first ?? false,
      show_overlap_first: input.show_overlap_first ?? false,
      overlap_cohort_percentage: input.overlap_cohort_percentage ?? 100,
      task_data_login: input.task_data_login ?? null,
      task_data_password: input.task_data_password ?? null,
      control_weights: derived.controlWeights,
      parsed_label_config: derived.parsed,
      evaluate_predictions_automatically: input.evaluate_predictions_automatically ?? false,
      config_has_control_tags: derived.hasControlTags,
      skip_queue: input.skip_queue ?? 'REQUEUE_FOR_OTHERS',
      reveal_preannotations_interactively: input.reveal_preannotations_interactively ?? false,
      pinned_at: input.pinned_at ?? null,
      finished_task_number: input.finished_task_number ?? 0,
      queue_total: input.queue_total ?? input.task_number ?? 0,
      queue_done: input.queue_done ?? 0,
      config_suitable_for_bulk_annotation: input.config_suitable_for_bulk_annotation ?? false,
      state: input.state ?? null,
    };
    this.db.projects.set(id, p);
    return p;
  }

  /** Deletes a project and (FK cascade) its backends, tasks and webhooks. */
  deleteProject(id: number): boolean {
    return this.db.deleteProject(id);
  }

  /** Inserts a backend row directly (no health check), like a DB fixture. */
  addBackend(input: AddBackendInput): FakeBackend {
    if (!this.db.projects.has(input.project)) throw new Error(`addBackend: no project ${input.project}`);
    const id = this.db.nextId('backend');
    const created = input.created_at ?? nowIsoMicro();
    const b: FakeBackend = {
      id,
      state: input.stickyState ?? input.state ?? 'DI',
      is_interactive: input.is_interactive ?? false,
      url: input.url,
      error_message: input.error_message ?? null,
      title: input.title === undefined ? 'default' : input.title,
      auth_method: input.auth_method ?? 'NONE',
      basic_auth_user: input.basic_auth_user === undefined ? '' : input.basic_auth_user,
      basic_auth_pass: input.basic_auth_pass === undefined ? '' : input.basic_auth_pass,
      description: input.description === undefined ? '' : input.description,
      extra_params: input.extra_params ?? null,
      model_version: input.model_version === undefined ? '' : input.model_version,
      timeout: input.timeout ?? 100.0,
      created_at: created,
      updated_at: created,
      auto_update: input.auto_update ?? true,
      project: input.project,
      ...(input.stickyState ? { stickyState: input.stickyState } : {}),
    };
    this.db.backends.set(id, b);
    return b;
  }

  addTask(project: number, data: Record<string, unknown>, meta: Record<string, unknown> = {}): FakeTask {
    const p = this.db.projects.get(project);
    if (!p) throw new Error(`addTask: no project ${project}`);
    const id = this.db.nextId('task');
    const now = nowIsoMicro();
    const t: FakeTask = {
      id,
      project,
      inner_id: this.db.tasksOf(project).length + 1,
      data,
      meta,
      created_at: now,
      updated_at: now,
      annotations: [],
      predictions: [],
    };
    this.db.tasks.set(id, t);
    p.task_number++;
    p.queue_total++;
    return t;
  }

  // ---- tokens -----------------------------------------------------------------------------------

  /** The server's time (ms since the epoch): its clock plus what `advanceClock` added. */
  now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  /** Moves the server's clock forward (tokens expire) without waiting. */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** A PAT: HS256 refresh JWT signed with this fake's secret, valid for ~200 years (Community). */
  /** Stores an uploaded file and returns the task data value Label Studio gives it (`/data/upload/<p>/<hex>-<name>`). */
  addUpload(project: number, name: string, data: Buffer = Buffer.from('fake media')): string {
    return this.media.addUpload(project, name, { contentType: 'application/octet-stream', body: data });
  }

  issuePersonalAccessToken(lifetimeSeconds = 200 * 365 * 86_400): string {
    return makeToken('refresh', lifetimeSeconds, this.secret, this.now());
  }

  /** Blacklists the PAT: refreshing it then answers 401 "Token is blacklisted". */
  revokePersonalAccessToken(pat: string): void {
    const jti = decodeUnverified(pat)?.jti;
    if (typeof jti === 'string') this.blacklist.add(jti);
  }

  /** An access token as /api/token/refresh/ would mint it (for tests that skip the exchange). */
  issueAccessToken(ttlSeconds = this.accessTokenTtlSeconds): string {
    const token = makeToken('access', ttlSeconds, this.secret, this.now());
    this.issuedAccessTokens.push(token);
    return token;
  }

  /** @internal used by the refresh view. */
  verifyRefreshToken(token: string): VerifyResult {
    return verifyJwt(token, this.secret, 'refresh', this.now(), (jti) => this.blacklist.has(jti));
  }

  // ---- recording and faults ---------------------------------------------------------------------

  resetRequests(): void {
    this.requests.length = 0;
    this.tokenExchanges = 0;
  }

  /** Faults are matched before routing, in the order added. */
  injectFault(rule: FaultRule): FaultHandle {
    return this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // ---- internals shared with the route modules --------------------------------------------------

  /** @internal */
  authSettings(): AuthSettings {
    return {
      legacyTokens: this.legacyTokens,
      legacyTokensEnabled: this.legacyTokensEnabled,
      patEnabled: this.patEnabled,
      secret: this.secret,
      now: this.now(),
    };
  }

  /** @internal */
  mlEnv(origin: string): MlEnv {
    return {
      timeouts: this.healthCheck,
      version: this.version,
      hostname: this.publicOrigin ?? origin,
      accessToken: this.legacyTokens[0] ?? null,
      appendMlTraceback: this.appendMlTraceback,
      network: this.network,
      pools: this.mlPools,
      project: (id) => this.db.projects.get(id),
      tasksOf: (id) => this.db.tasksOf(id),
      nextPredictionId: () => this.db.nextId('prediction'),
    };
  }

  /** @internal keeps a background job observable; errors are swallowed like a worker's log line. */
  runInBackground(job: () => Promise<unknown>): void {
    const p = job().catch(() => undefined);
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }

  /** @internal a timer cancelled by close(). */
  sleep(ms: number): Promise<void> {
    return new Promise((r) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        r();
      }, ms);
      this.timers.add(t);
    });
  }

  // ---- request pipeline -------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const rawUrl = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const auth = authenticate(req.headers, this.authSettings());
    const record: RecordedRequest = { method, path: rawUrl, authKind: auth.kind, status: 0, startedAt: started, durationMs: -1 };
    this.requests.push(record);
    const finish = (status: number) => {
      record.status = status;
      record.durationMs = Date.now() - started;
    };
    try {
      const body = await readBody(req);
      if (this.latencyMs > 0) await this.sleep(this.latencyMs);
      const parsed = new URL(rawUrl, 'http://fake');
      const fault = this.faults.take(method, parsed.pathname, rawUrl);
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault && !wrapsRealResponse(fault)) {
        const reply = faultReply(fault, req, this.version);
        if (!reply) return; // hang: never answer
        finish(reply.status);
        send(res, reply);
        return;
      }
      if (fault?.kind === 'delay') await this.sleep(fault.ms);
      if (fault?.kind === 'before') await fault.run();
      const origin = this.publicOrigin ?? `http://${req.headers.host ?? this.baseUrl.replace(/^http:\/\//, '')}`;
      const reply = await this.dispatch({
        method,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body,
        params: [],
        origin,
        auth,
      });
      if (fault && fault.kind !== 'delay' && fault.kind !== 'before') {
        record.status = reply.status;
        await deliverDamaged(fault, reply, res, this.timers);
        finish(reply.status);
        return;
      }
      finish(reply.status);
      send(res, reply);
    } catch (err) {
      // Only reachable on a broken socket or a bug in the fake; answer like an unhandled Django error.
      const reply = jsonReply(
        500,
        errorEnvelope(500, String((err as Error)?.message ?? err), this.version, { excInfo: String((err as Error)?.stack ?? err) }),
      );
      finish(500);
      if (!res.headersSent && !res.destroyed) send(res, reply);
    }
  }

  private async dispatch(req: LsRequest): Promise<Reply> {
    const resolved = resolve(this.routes, req.path);
    if (!resolved) return textReply(404, djangoNotFoundPage(), 'text/html; charset=utf-8');
    const routed: LsRequest = { ...req, path: resolved.path, params: resolved.params };
    const { route } = resolved;
    try {
      if (route.auth && routed.auth.failure) {
        throw new ApiError(401, routed.auth.failure, {}, { 'WWW-Authenticate': 'Token' });
      }
      const method = routed.method === 'HEAD' ? 'GET' : routed.method;
      const handler = route.methods[method];
      if (handler) return await handler(routed);
      if (method === 'OPTIONS') return jsonReply(200, optionsMetadata(route));
      throw new ApiError(405, `Method "${routed.method}" not allowed.`, {}, { Allow: allowHeader(route) });
    } catch (err) {
      if (err instanceof ApiError)
        return jsonReply(err.status, errorEnvelope(err.status, err.detail, this.version, err.extras), err.headers);
      if (err instanceof PlainJsonError) return jsonReply(err.status, err.data);
      const e = err as Error;
      return jsonReply(500, errorEnvelope(500, e.message, this.version, { excInfo: e.stack ?? String(e) }));
    }
  }
}

function allowHeader(route: Route): string {
  return [...Object.keys(route.methods), 'OPTIONS'].join(', ');
}

function optionsMetadata(route: Route) {
  return {
    name: 'Label Studio API',
    description: '',
    renders: ['application/json', 'text/html'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    allowed: allowHeader(route),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.end(reply.body);
}
