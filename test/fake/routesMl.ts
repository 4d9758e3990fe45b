// /api/ml endpoints (Label Studio 1.22 `ml/api.py`). Everything under /api/ml/{id} is registered
// WITHOUT a trailing slash, so `/api/ml/5/` is an HTML 404 while `/api/ml/5` works.
import { callPredict, predictRequest, predictTasks, train, updateState, getVersions } from './backendOps';
import type { FakeLabelStudio } from './fakeLabelStudio';
import { validateBackendInput, type BackendAttrs } from './mlValidation';
import { nowIsoMicro } from './pythonish';
import { serializeBackend, serializeTaskForMl, type FakeBackend } from './records';
import { ApiError, emptyReply, jsonReply, PlainJsonError, ValidationFailed } from './reply';
import { parseData, type LsRequest, type Route } from './router';

export function mlRoutes(fake: FakeLabelStudio): Route[] {
  const env = (req: LsRequest) => fake.mlEnv(req.origin);
  const getBackend = (req: LsRequest): FakeBackend => {
    const b = fake.getBackend(Number(req.params[0]));
    if (!b) throw new ApiError(404, 'No MLBackend matches the given query.');
    return b;
  };

  const routes: Route[] = [
    {
      pattern: /^\/api\/ml\/$/,
      auth: true,
      methods: {
        GET: async (req) => {
          const raw = req.query.get('project');
          // get_object_or_404(Project, pk=None) vs. pk='abc' (ValueError → bare Http404).
          if (raw === null) throw new ApiError(404, 'No Project matches the given query.');
          if (!/^\s*\d+\s*$/.test(raw)) throw new ApiError(404, 'Not found.');
          const project = fake.getProject(Number(raw));
          if (!project) throw new ApiError(404, 'No Project matches the given query.');
          let backends = fake.db.backendsOf(project.id);
          const interactive = req.query.get('is_interactive');
          if (interactive !== null && ['true', 'True', '1', 'false', 'False', '0'].includes(interactive)) {
            const want = ['true', 'True', '1'].includes(interactive);
            backends = backends.filter((b) => b.is_interactive === want);
          }
          // One backend after the other, like the real queryset loop.
          for (const b of backends) await updateState(env(req), b);
          return jsonReply(200, backends.map(serializeBackend));
        },
        POST: async (req) => {
          const attrs = await validateBackendInput(parseData(req), {
            env: env(req),
            partial: false,
            findProject: (id) => fake.getProject(id),
          });
          const b = createBackend(fake, attrs);
          await updateState(env(req), b);
          const project = fake.getProject(b.project);
          if (project && project.show_collab_predictions && !project.model_version) project.model_version = b.title ?? '';
          return jsonReply(201, serializeBackend(b));
        },
      },
    },
    {
      pattern: /^\/api\/ml\/(\d+)$/,
      auth: true,
      methods: {
        GET: async (req) => {
          const b = getBackend(req);
          await updateState(env(req), b);
          return jsonReply(200, serializeBackend(b));
        },
        PATCH: (req) => updateBackend(fake, req, getBackend(req), true),
        PUT: (req) => updateBackend(fake, req, getBackend(req), false),
        DELETE: async (req) => {
          const b = getBackend(req);
          await updateState(env(req), b);
          const project = fake.getProject(b.project);
          if (project && project.model_version === b.title) project.model_version = '';
          fake.db.backends.delete(b.id); // the auto-created webhook stays
          return emptyReply(204);
        },
      },
    },
    {
      pattern: /^\/api\/ml\/(\d+)\/train$/,
      auth: true,
      methods: {
        POST: async (req) => {
          const b = getBackend(req);
          parseData(req); // `use_ground_truth` is accepted and ignored
          await train(env(req), b);
          return emptyReply(200);
        },
      },
    },
    {
      pattern: /^\/api\/ml\/(\d+)\/versions$/,
      auth: true,
      methods: {
        GET: async (req) => {
          const b = getBackend(req);
          const res = await getVersions(env(req), b);
          if (res.statusCode === 200) {
            const versions = (res.response as { versions?: unknown } | null)?.versions;
            return jsonReply(200, { versions: versions ?? [] });
          }
          if (res.statusCode === 404) {
            return jsonReply(200, { versions: [b.model_version], message: 'Upgrade your ML backend version to latest.' });
          }
          throw new PlainJsonError(res.statusCode > 0 ? res.statusCode : 500, { error: String(res.errorMessage) });
        },
      },
    },
    {
      pattern: /^\/api\/ml\/(\d+)\/interactive-annotating$/,
      auth: true,
      methods: { POST: (req) => interactive(fake, req, getBackend(req)) },
    },
    {
      pattern: /^\/api\/ml\/(\d+)\/predict\/test$/,
      auth: true,
      methods: {
        POST: async (req) => {
          const b = getBackend(req);
          if (!req.query.get('random')) {
            throw new PlainJsonError(501, { error: 'Not implemented - you must provide random=true query parameter' });
          }
          const tasks = fake.db.tasksOf(b.project);
          const project = fake.getProject(b.project);
          if (!tasks.length || !project) {
            throw new PlainJsonError(500, {
              detail: 'Project has no tasks to run prediction on, import at least 1 task to run prediction',
            });
          }
          const task = tasks[Math.floor(Math.random() * tasks.length)];
          const request = predictRequest(project, [task]);
          const res = await callPredict(env(req), b, request);
          if (res.isError) {
            throw new PlainJsonError(500, { detail: 'ML backend did not return any predictions, check ML backend logs for more details' });
          }
          return jsonReply(200, {
            status: res.statusCode,
            error_message: res.errorMessage,
            url: res.url,
            task: serializeTaskForMl(task),
            request,
            response: (res.response as { results?: unknown } | null)?.results ?? null,
          });
        },
      },
    },
  ];

  // Enterprise-only "predict all tasks" (starts a background job). On Community the route does not
  // exist at all, so it is Django's HTML 404 even without credentials.
  routes.push({
    pattern: /^\/api\/ml\/(\d+)\/predict$/,
    when: () => fake.edition === 'enterprise',
    auth: true,
    methods: {
      POST: (req) => {
        const b = getBackend(req);
        const batch = req.query.get('batch_size');
        const tasks = fake.db.tasksOf(b.project);
        fake.runInBackground(() => predictTasks(env(req), b, batch && /^\d+$/.test(batch) ? tasks.slice(0, Number(batch)) : tasks));
        return jsonReply(200, { detail: 'Predictions have successfully started.' });
      },
    },
  });
  return routes;
}

function createBackend(fake: FakeLabelStudio, attrs: BackendAttrs): FakeBackend {
  const b = fake.addBackend({
    project: attrs.project!.id,
    url: attrs.url!,
    ...(attrs.title !== undefined ? { title: attrs.title } : {}),
    state: attrs.state ?? 'DI',
    is_interactive: attrs.is_interactive,
    error_message: attrs.error_message,
    auth_method: attrs.auth_method,
    basic_auth_user: attrs.basic_auth_user,
    basic_auth_pass: attrs.basic_auth_pass,
    description: attrs.description,
    extra_params: attrs.extra_params,
    model_version: attrs.model_version,
    timeout: attrs.timeout,
    auto_update: attrs.auto_update,
  });
  // post_save signal: one "send everything" webhook per project and URL.
  const url = `${b.url.replace(/\/+$/, '')}/webhook`;
  if (!fake.webhooks.some((w) => w.project === b.project && w.url === url)) {
    const now = nowIsoMicro();
    fake.webhooks.push({
      id: fake.db.nextId('webhook'),
      organization: 1,
      project: b.project,
      url,
      send_payload: true,
      send_for_all_actions: true,
      headers: {},
      is_active: true,
      actions: [],
      created_at: now,
      updated_at: now,
    });
  }
  return b;
}

async function updateBackend(fake: FakeLabelStudio, req: LsRequest, b: FakeBackend, partial: boolean) {
  const env = fake.mlEnv(req.origin);
  const attrs = await validateBackendInput(parseData(req), { env, partial, instance: b, findProject: (id) => fake.getProject(id) });
  const oldTitle = b.title;
  const { project, ...rest } = attrs;
  Object.assign(b, rest);
  if (project) b.project = project.id;
  // MLBackend.save(): a renamed backend renames the project's model_version if it pointed at the old title.
  const p = fake.getProject(b.project);
  if (p && b.title !== oldTitle && p.model_version === oldTitle) p.model_version = b.title;
  b.updated_at = nowIsoMicro();
  await updateState(env, b);
  return jsonReply(200, serializeBackend(b));
}

async function interactive(fake: FakeLabelStudio, req: LsRequest, b: FakeBackend) {
  const data = parseData(req);
  const raw = data.task;
  if (raw === undefined) throw new ValidationFailed({ task: ['This field is required.'] });
  if (raw === null) throw new ValidationFailed({ task: ['This field may not be null.'] });
  const taskId = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(taskId)) throw new ValidationFailed({ task: ['A valid integer is required.'] });
  const task = fake.db.tasks.get(taskId);
  if (!task || task.project !== b.project) throw new ApiError(404, 'No Task matches the given query.');
  if (!b.is_interactive) return jsonReply(200, { errors: ['Model is not set to be used for interactive preannotations'] });
  const project = fake.getProject(b.project)!;
  const res = await callPredict(fake.mlEnv(req.origin), b, predictRequest(project, [task], data.context ?? null));
  if (res.isError) return jsonReply(200, { errors: [res.errorMessage] });
  const body = res.response;
  if (!(body && typeof body === 'object' && !Array.isArray(body) && 'results' in body)) {
    return jsonReply(200, { errors: ['Incorrect response from ML service: ML backend returns an incorrect response, it must be a dict.'] });
  }
  const results = (body as { results: unknown }).results;
  if (!Array.isArray(results) || results.length < 1) {
    return jsonReply(200, { errors: ['Incorrect response from ML service: ML backend has to return list with more than 1 result.'] });
  }
  return jsonReply(200, { data: results[0] });
}
