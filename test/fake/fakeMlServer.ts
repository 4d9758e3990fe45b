// A label-studio-ml-backend-style server (ML SDK 2.x routes: /health, /, /setup, /predict, /webhook,
// /metrics; /versions only when enabled). One process serves many "models" by path prefix, so
// `http://127.0.0.1:PORT/<name>` is one backend URL and the root ('' name) is another.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flaskErrorPage } from './htmlPages';
import { pythonTraceback } from './pythonish';
import { closeServer } from './closeServer';

export interface PredictionValue {
  model_version?: string | null;
  score?: number;
  result: unknown[];
  [key: string]: unknown;
}

export interface ModelBehaviour {
  /** 'down' = the SDK's JSON 500 from /health; 'unauthorized' = 401 whatever the credentials. Default 'up'. */
  health?: 'up' | 'down' | 'unauthorized';
  /** 'error' = the SDK's JSON 500 with a traceback from /setup. Default 'ok'. */
  setup?: 'ok' | 'error';
  /** 'error' = Flask's HTML 500 from /webhook (that route is not wrapped by the SDK's handler). Default 'ok'. */
  train?: 'ok' | 'error';
  /** 'error' = the SDK's JSON 500 from /predict. Default 'ok'. */
  predict?: 'ok' | 'error';
  healthDelayMs?: number;
  setupDelayMs?: number;
  trainDelayMs?: number;
  predictDelayMs?: number;
  /** Like BASIC_AUTH_USER/BASIC_AUTH_PASS: every route answers 401 without these credentials. */
  basicAuth?: { user: string; pass: string };
  /** Returned by /setup. Default '0.0.1'. */
  modelVersion?: string | null;
  /** Returned by /health. Default 'NewModel'. */
  modelClass?: string;
  /** Enables GET /versions (removed from the current SDK, so it is a 404 by default). */
  versions?: string[];
  /** Per-task predictions (cycled), or a function of the tasks. Default: one empty-result prediction per task. */
  predictions?: PredictionValue[] | ((tasks: unknown[]) => PredictionValue[]);
  /** Predictions for given task ids (before `predictions`): e.g. one task answered with each mistake class. */
  predictionsByTask?: Record<number, PredictionValue>;
  /** Exception raised by /setup when setup is 'error'. */
  setupError?: { exception: string; message: string; traceback?: string };
}

export interface MlRecordedRequest {
  /** Model name the request was routed to ('' = root). */
  model: string;
  method: string;
  /** Path as received (with the model prefix). */
  path: string;
  /** Route inside the model: '/health', '/setup', ... */
  route: string;
  body: unknown;
  authorization: string | undefined;
  at: number;
  /** HTTP status sent (0 until answered). */
  status: number;
}

export interface FakeMlServerOptions {
  port?: number;
  host?: string;
  models?: Record<string, ModelBehaviour>;
}

const DEFAULT_SETUP_ERROR: NonNullable<ModelBehaviour['setupError']> = {
  exception: 'FileNotFoundError',
  message: "[Errno 2] No such file or directory: '/data/models/checkpoint.pt'",
};

function sdkTraceback(where: string, exception: string, message: string): string {
  return pythonTraceback(
    [
      ['/usr/local/lib/python3.11/site-packages/label_studio_ml/exceptions.py', 47, 'exception_f'],
      ['/usr/local/lib/python3.11/site-packages/label_studio_ml/api.py', where === 'setup' ? 75 : 52, `_${where}`],
      ['/app/model.py', 41, where === 'setup' ? 'setup' : 'predict'],
      ['/app/model.py', 23, 'load_checkpoint'],
    ],
    `${exception}: ${message}`,
  );
}

export class FakeMlServer {
  readonly requests: MlRecordedRequest[] = [];
  private readonly models = new Map<string, ModelBehaviour>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server!: Server;
  private baseUrl = '';

  private constructor(options: FakeMlServerOptions) {
    this.models.set('', {});
    for (const [name, b] of Object.entries(options.models ?? {})) this.models.set(normalise(name), b);
  }

  static async start(options: FakeMlServerOptions = {}): Promise<FakeMlServer> {
    const ml = new FakeMlServer(options);
    ml.server = createServer((req, res) => void ml.handle(req, res));
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      ml.server.once('error', reject);
      ml.server.listen(options.port ?? 0, host, () => resolve());
    });
    ml.baseUrl = `http://${host}:${(ml.server.address() as AddressInfo).port}`;
    return ml;
  }

  /** Root URL, no trailing slash (the '' model). */
  get url(): string {
    return this.baseUrl;
  }

  /** Backend URL of a model name ('' = root). */
  urlFor(name: string): string {
    const n = normalise(name);
    return n ? `${this.baseUrl}/${n}` : this.baseUrl;
  }

  /** Sets (replaces) a model's behaviour and returns its backend URL. */
  model(name: string, behaviour: ModelBehaviour = {}): string {
    this.models.set(normalise(name), behaviour);
    return this.urlFor(name);
  }

  /** Changes some fields of an existing model's behaviour. */
  updateModel(name: string, patch: Partial<ModelBehaviour>): void {
    const n = normalise(name);
    this.models.set(n, { ...(this.models.get(n) ?? {}), ...patch });
  }

  behaviour(name: string): ModelBehaviour | undefined {
    return this.models.get(normalise(name));
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await closeServer(this.server);
  }

  private sleep(ms: number | undefined): Promise<void> {
    if (!ms) return Promise.resolve();
    return new Promise((r) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        r();
      }, ms);
      this.timers.add(t);
    });
  }

  /** Longest registered name that prefixes the path; else the root model. */
  private route(pathname: string): { name: string; route: string } {
    const names = [...this.models.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
    for (const name of names) {
      if (pathname === `/${name}` || pathname.startsWith(`/${name}/`)) {
        return { name, route: pathname.slice(name.length + 1) || '/' };
      }
    }
    return { name: '', route: pathname || '/' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const url = new URL(req.url ?? '/', 'http://ml');
    const { name, route } = this.route(url.pathname);
    const record: MlRecordedRequest = {
      model: name,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      route,
      body,
      authorization: req.headers.authorization,
      at: Date.now(),
      status: 0,
    };
    this.requests.push(record);
    const b = this.models.get(name) ?? {};
    const reply = await this.answer(b, record, url.searchParams);
    record.status = reply.status;
    if (res.destroyed) return;
    res.writeHead(reply.status, reply.reason, {
      'Content-Type': reply.type,
      'Content-Length': Buffer.byteLength(reply.body),
      ...reply.headers,
    });
    res.end(reply.body);
  }

  private async answer(b: ModelBehaviour, r: MlRecordedRequest, query: URLSearchParams): Promise<MlReply> {
    if (b.basicAuth) {
      const expected = `Basic ${Buffer.from(`${b.basicAuth.user}:${b.basicAuth.pass}`).toString('base64')}`;
      if (r.authorization !== expected) return unauthorized();
    }
    const requestArgs = Object.fromEntries(query);
    const route = `${r.method} ${r.route}`;
    switch (route) {
      case 'GET /health':
      case 'GET /': {
        await this.sleep(b.healthDelayMs);
        if (b.health === 'unauthorized') return unauthorized();
        if (b.health === 'down') {
          return sdkError(
            requestArgs,
            'ConnectionError',
            'model server is shutting down',
            sdkTraceback('health', 'ConnectionError', 'model server is shutting down'),
          );
        }
        return json(200, { status: 'UP', model_class: b.modelClass ?? 'NewModel' });
      }
      case 'POST /setup': {
        await this.sleep(b.setupDelayMs);
        if (b.setup === 'error') {
          const e = b.setupError ?? DEFAULT_SETUP_ERROR;
          return sdkError(requestArgs, e.exception, e.message, e.traceback ?? sdkTraceback('setup', e.exception, e.message));
        }
        return json(200, { model_version: b.modelVersion === undefined ? '0.0.1' : b.modelVersion });
      }
      case 'POST /predict': {
        await this.sleep(b.predictDelayMs);
        if (b.predict === 'error') {
          return sdkError(requestArgs, 'RuntimeError', 'CUDA out of memory', sdkTraceback('predict', 'RuntimeError', 'CUDA out of memory'));
        }
        const tasks = Array.isArray((r.body as { tasks?: unknown })?.tasks) ? (r.body as { tasks: unknown[] }).tasks : [];
        return json(200, { results: predictionsFor(b, tasks), model_version: b.modelVersion ?? '0.0.1' });
      }
      case 'POST /webhook': {
        await this.sleep(b.trainDelayMs);
        const action = (r.body as { action?: unknown })?.action;
        if (!['ANNOTATION_CREATED', 'ANNOTATION_UPDATED', 'ANNOTATION_DELETED', 'START_TRAINING'].includes(String(action))) {
          return json(200, { status: 'Unknown event' });
        }
        if (b.train === 'error') {
          return {
            status: 500,
            reason: 'INTERNAL SERVER ERROR',
            type: 'text/html; charset=utf-8',
            body: flaskErrorPage(
              500,
              'Internal Server Error',
              'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
            ),
          };
        }
        return json(201, { result: { model_version: b.modelVersion ?? '0.0.1', event: action }, status: 'ok' });
      }
      case 'GET /versions':
        if (b.versions) return json(200, { versions: b.versions });
        return notFound();
      case 'GET /metrics':
        return json(200, {});
      default:
        return notFound();
    }
  }
}

interface MlReply {
  status: number;
  reason: string;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

// werkzeug sends upper-case reason phrases; they end up in LS error messages ("INTERNAL SERVER ERROR").
const REASONS: Record<number, string> = { 200: 'OK', 201: 'CREATED', 401: 'UNAUTHORIZED', 404: 'NOT FOUND', 500: 'INTERNAL SERVER ERROR' };

function json(status: number, data: unknown): MlReply {
  return { status, reason: REASONS[status] ?? 'OK', type: 'application/json', body: `${JSON.stringify(data)}\n` };
}

function sdkError(requestArgs: Record<string, string>, exception: string, message: string, traceback: string): MlReply {
  return json(500, { status: 500, detail: `${exception}: ${message}`, request: requestArgs, result: { traceback } });
}

function unauthorized(): MlReply {
  return {
    status: 401,
    reason: 'UNAUTHORIZED',
    type: 'text/html; charset=utf-8',
    body: 'Unauthorized',
    headers: { 'WWW-Authenticate': 'Basic realm="Login required"' },
  };
}

function notFound(): MlReply {
  return {
    status: 404,
    reason: 'NOT FOUND',
    type: 'text/html; charset=utf-8',
    body: flaskErrorPage(
      404,
      'Not Found',
      'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
    ),
  };
}

function predictionsFor(b: ModelBehaviour, tasks: unknown[]): PredictionValue[] {
  const version = b.modelVersion ?? '0.0.1';
  const byTask = b.predictionsByTask;
  if (byTask) {
    const ids = tasks.map((t) => Number((t as { id?: unknown } | null)?.id));
    if (ids.some((id) => byTask[id])) {
      const rest = predictionsFor({ ...b, predictionsByTask: undefined }, tasks);
      return ids.map((id, i) => (byTask[id] ? { model_version: version, ...byTask[id] } : rest[i]));
    }
  }
  if (typeof b.predictions === 'function') return b.predictions(tasks);
  if (Array.isArray(b.predictions) && b.predictions.length) {
    const list = b.predictions;
    return tasks.map((_, i) => ({ model_version: version, ...list[i % list.length] }));
  }
  return tasks.map(() => ({ model_version: version, score: 0.5, result: [] }));
}

function normalise(name: string): string {
  return name.replace(/^\/+|\/+$/g, '');
}

/** `http://127.0.0.1:<port>` where nothing listens (the port was free a moment ago): a "down" backend. */
export async function closedPortUrl(host = '127.0.0.1'): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://${host}:${port}`;
}
