// The MLBackend model methods of Label Studio 1.22 (`ml/models.py`): the state check that runs on every
// list/retrieve/create/update/delete, training, model versions and predictions. All ML calls are real
// HTTP requests through mlApi.ts.
import { callMl, mlTraceback, type MlApiResult, type MlConnectionPools, type NetworkView } from './mlApi';
import { nowIsoMicro } from './pythonish';
import {
  projectUid,
  serializeProject,
  serializeTaskForMl,
  type FakeBackend,
  type FakePrediction,
  type FakeProject,
  type FakeTask,
} from './records';

export interface MlTimeouts {
  /** Connect timeout for every ML call (LS: ML_CONNECTION_TIMEOUT, 1 s). */
  connectTimeoutMs: number;
  /** Read timeout of GET /health (LS: ML_TIMEOUT_HEALTH, 1 s). */
  readTimeoutMs: number;
  /** Read timeout of POST /setup and GET /versions (LS: ML_TIMEOUT_SETUP, 3 s). */
  setupTimeoutMs: number;
  /** Read timeout of POST /webhook (train) and POST /predict (LS: ML_TIMEOUT_PREDICT, 100 s). */
  trainTimeoutMs: number;
  predictTimeoutMs: number;
  /** Extra attempts after a connection error (HTTPAdapter(max_retries=2)). */
  connectRetries: number;
}

export const DEFAULT_TIMEOUTS: MlTimeouts = {
  connectTimeoutMs: 1000,
  readTimeoutMs: 1000,
  setupTimeoutMs: 3000,
  trainTimeoutMs: 100_000,
  predictTimeoutMs: 100_000,
  connectRetries: 2,
};

export interface MlEnv {
  timeouts: MlTimeouts;
  version: string;
  /** LS `HOSTNAME` as sent to /setup. */
  hostname: string;
  /** Token sent as `access_token` to /setup (the project creator's legacy key), or null. */
  accessToken: string | null;
  /** Emulate builds that append the ML server's traceback to `error_message` (stock 1.22 does not). */
  appendMlTraceback: boolean;
  network: NetworkView;
  /** Keep-alive pools for the ML calls (FakeLabelStudioOptions.reuseMlConnections), or a new connection per call. */
  pools?: MlConnectionPools;
  project(id: number): FakeProject | undefined;
  tasksOf(projectId: number): FakeTask[];
  nextPredictionId(): number;
}

export interface ConnectionAttrs {
  url: string;
  basic_auth_user?: string | null;
  basic_auth_pass?: string | null;
}

function call(env: MlEnv, attrs: ConnectionAttrs, method: 'GET' | 'POST', suffix: string, readTimeoutMs: number, json?: unknown) {
  return callMl({
    method,
    baseUrl: attrs.url,
    suffix,
    json,
    basicAuth: { user: attrs.basic_auth_user ?? null, pass: attrs.basic_auth_pass ?? null },
    connectTimeoutMs: env.timeouts.connectTimeoutMs,
    readTimeoutMs,
    connectRetries: env.timeouts.connectRetries,
    userAgent: `heartex/${env.version}`,
    network: env.network,
    pools: env.pools,
  });
}

export function healthcheck(env: MlEnv, attrs: ConnectionAttrs): Promise<MlApiResult> {
  return call(env, attrs, 'GET', 'health', env.timeouts.readTimeoutMs);
}

export function setup(env: MlEnv, attrs: ConnectionAttrs, project: FakeProject, extraParams: unknown): Promise<MlApiResult> {
  return call(env, attrs, 'POST', 'setup', env.timeouts.setupTimeoutMs, {
    project: projectUid(project),
    schema: project.label_config,
    hostname: env.hostname,
    access_token: env.accessToken,
    extra_params: extraParams ?? null,
  });
}

function errorText(env: MlEnv, result: MlApiResult): string | null {
  const tb = env.appendMlTraceback ? mlTraceback(result) : undefined;
  return tb ? `${result.errorMessage}\n${tb.trimEnd()}` : result.errorMessage;
}

/** `MLBackend.update_state()`; returns the model version reported by /setup (if any). */
export async function updateState(env: MlEnv, b: FakeBackend): Promise<string | null> {
  let modelVersion: string | null = null;
  if (b.stickyState) {
    b.state = b.stickyState;
  } else if ((await healthcheck(env, b)).isError) {
    b.state = 'DI'; // error_message deliberately left as it was
  } else {
    const project = env.project(b.project);
    const res = project ? await setup(env, b, project, b.extra_params) : undefined;
    if (!res || res.isError) {
      b.state = 'ER';
      b.error_message = res ? errorText(env, res) : 'Project.DoesNotExist: Project matching query does not exist.';
    } else {
      b.state = 'CO';
      const v = (res.response as { model_version?: unknown } | null)?.model_version;
      modelVersion = typeof v === 'string' ? v : null;
      if (b.auto_update) b.model_version = modelVersion;
      b.error_message = null;
    }
  }
  b.updated_at = nowIsoMicro();
  return modelVersion;
}

/** `MLBackend.train()` with the shipped START_TRAINING webhook flag on. */
export async function train(env: MlEnv, b: FakeBackend): Promise<void> {
  const project = env.project(b.project);
  const res = await call(env, b, 'POST', 'webhook', env.timeouts.trainTimeoutMs, {
    action: 'START_TRAINING',
    project: project ? serializeProject(project) : null,
  });
  if (res.isError) {
    b.state = 'ER';
    b.error_message = errorText(env, res);
  } else {
    b.state = 'TR';
  }
  b.updated_at = nowIsoMicro();
}

export function getVersions(env: MlEnv, b: FakeBackend): Promise<MlApiResult> {
  // python-requests sends no body with this GET (the request dict is only used for POSTs).
  return call(env, b, 'GET', 'versions', env.timeouts.setupTimeoutMs);
}

export function predictRequest(project: FakeProject, tasks: FakeTask[], context: unknown = null) {
  return {
    tasks: tasks.map(serializeTaskForMl),
    project: projectUid(project),
    label_config: project.label_config,
    params: { login: project.task_data_login, password: project.task_data_password, context },
  };
}

export function callPredict(env: MlEnv, b: FakeBackend, body: unknown): Promise<MlApiResult> {
  return call(env, b, 'POST', 'predict', env.timeouts.predictTimeoutMs, body);
}

/**
 * `MLBackend.predict_tasks()`: state check, skip tasks that already have a prediction for the current
 * model version, one /predict call for the rest (one by one if the server returns a single result).
 * Failures are only logged by the real server, so they are silent here too.
 */
export async function predictTasks(env: MlEnv, b: FakeBackend, tasks: FakeTask[]): Promise<number> {
  const modelVersion = (await updateState(env, b)) ?? b.model_version ?? '';
  if (b.state === 'DI' || b.state === 'ER') return 0;
  const project = env.project(b.project);
  if (!project) return 0;
  const todo = tasks.filter((t) => !t.predictions.some((p) => p.model_version === modelVersion));
  if (todo.length === 0) return 0;
  const batches = await predictBatch(env, b, project, todo);
  let created = 0;
  for (const [task, result] of batches) {
    const now = nowIsoMicro();
    const prediction: FakePrediction = {
      id: env.nextPredictionId(),
      model_version: typeof result.model_version === 'string' ? result.model_version : modelVersion,
      created_ago: '0\u00a0minutes',
      score: typeof result.score === 'number' ? result.score : null,
      result: Array.isArray(result.result) ? result.result : [],
      cluster: null,
      neighbors: null,
      mislabeling: 0,
      created_at: now,
      updated_at: now,
      model: null,
      model_run: null,
      task: task.id,
      project: project.id,
    };
    task.predictions.push(prediction);
    project.total_predictions_number++;
    created++;
  }
  return created;
}

type MlPrediction = { result?: unknown; score?: unknown; model_version?: unknown };

async function predictBatch(env: MlEnv, b: FakeBackend, project: FakeProject, tasks: FakeTask[]): Promise<Array<[FakeTask, MlPrediction]>> {
  const res = await callPredict(env, b, predictRequest(project, tasks));
  const results = (res.response as { results?: unknown } | null)?.results;
  if (res.isError || !Array.isArray(results) || results.length === 0) return [];
  if (results.length === tasks.length) {
    return tasks.map((t, i) => [t, (results[i] ?? {}) as MlPrediction]);
  }
  if (results.length === 1 && tasks.length > 1) {
    const out: Array<[FakeTask, MlPrediction]> = [];
    for (const t of tasks) out.push(...(await predictBatch(env, b, project, [t])));
    return out;
  }
  return [];
}
