// Task detail (GET /api/tasks/{id}/), stored predictions (/api/predictions/?task=|project=, a bare
// list with no pagination) and the project's model versions (/api/projects/{id}/model-versions/),
// plus the check Label Studio runs when a project's model_version is PATCHed (PREDICTIONS.md §1.3, §2).
import type { FakeLabelStudio } from './fakeLabelStudio';
import { serializeBackend, serializeTaskForList, type FakePrediction, type FakeProject, type FakeTask } from './records';
import { ApiError, jsonReply, ValidationFailed } from './reply';
import type { LsRequest, Route } from './router';

const NOT_A_CHOICE = 'Select a valid choice. That choice is not one of the available choices.';

/** DataManagerTaskSerializer for one task: predictions, annotations and drafts first, DM fields computed. */
export function serializeTaskDetail(fake: FakeLabelStudio, t: FakeTask, resolveUri = true) {
  const { id, annotations, predictions, ...rest } = serializeTaskForList(t, true, resolveUri);
  const project = fake.getProject(t.project);
  const current = t.predictions.filter((p) => project && p.model_version === project.model_version && typeof p.score === 'number');
  return {
    id,
    predictions,
    annotations,
    ...rest,
    annotations_results: '',
    predictions_results: '',
    predictions_score: current.length ? current.reduce((n, p) => n + (p.score as number), 0) / current.length : null,
  };
}

function allPredictions(fake: FakeLabelStudio): FakePrediction[] {
  return fake.tasks.flatMap((t) => t.predictions);
}

/** `{static: [{model_version, count, latest}], live: [backend…]}` (extended) or `{version: count}`. */
export function projectModelVersions(fake: FakeLabelStudio, p: FakeProject, extended: boolean, includeLive: boolean): unknown {
  const versions = new Map<string, { count: number; latest: string }>();
  for (const t of fake.db.tasksOf(p.id)) {
    for (const pr of t.predictions) {
      const v = versions.get(pr.model_version);
      if (!v) versions.set(pr.model_version, { count: 1, latest: pr.created_at });
      else {
        v.count++;
        if (pr.created_at > v.latest) v.latest = pr.created_at;
      }
    }
  }
  if (!extended) {
    const out: Record<string, number> = Object.fromEntries([...versions].map(([k, v]) => [k, v.count]));
    if (p.model_version && !(p.model_version in out)) out[p.model_version] = 0;
    return out;
  }
  const body: Record<string, unknown> = {
    static: [...versions].map(([model_version, v]) => ({ model_version, count: v.count, latest: v.latest })),
  };
  if (includeLive) body.live = fake.db.backendsOf(p.id).map(serializeBackend);
  return body;
}

/** ProjectSerializer.validate_model_version: a backend title of the project or a stored prediction version. */
export function validateProjectModelVersion(fake: FakeLabelStudio, p: FakeProject, data: Record<string, unknown>): void {
  if (!('model_version' in data)) return;
  const v = data.model_version;
  if (v === null || v === '') return;
  const value = String(v);
  const live = fake.db.backendsOf(p.id).some((b) => b.title === value);
  const stored = fake.db.tasksOf(p.id).some((t) => t.predictions.some((pr) => pr.model_version === value));
  if (!live && !stored)
    throw new ValidationFailed({ model_version: ["Model version doesn't exist either as live model or as static predictions."] });
}

function flag(req: LsRequest, key: string): boolean {
  return ['true', '1', 'yes'].includes((req.query.get(key) ?? '').toLowerCase());
}

function intFilter(req: LsRequest, key: string, exists: (id: number) => boolean): number | undefined {
  const raw = req.query.get(key);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || !exists(Number(raw))) throw new ValidationFailed({ [key]: [NOT_A_CHOICE] });
  return Number(raw);
}

export function predictionRoutes(fake: FakeLabelStudio): Route[] {
  return [
    {
      pattern: /^\/api\/tasks\/(\d+)\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          const t = fake.db.tasks.get(Number(req.params[0]));
          if (!t) throw new ApiError(404, 'No Task matches the given query.');
          return jsonReply(200, serializeTaskDetail(fake, t, req.query.get('resolve_uri') !== 'false'));
        },
      },
    },
    {
      pattern: /^\/api\/predictions\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          const task = intFilter(req, 'task', (id) => fake.db.tasks.has(id));
          const project =
            intFilter(req, 'project', (id) => fake.db.projects.has(id)) ??
            intFilter(req, 'task__project', (id) => fake.db.projects.has(id));
          let list = allPredictions(fake);
          if (task !== undefined) list = list.filter((p) => p.task === task);
          if (project !== undefined) list = list.filter((p) => p.project === project);
          return jsonReply(200, list);
        },
      },
    },
    {
      pattern: /^\/api\/predictions\/(\d+)\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          const p = allPredictions(fake).find((x) => x.id === Number(req.params[0]));
          if (!p) throw new ApiError(404, 'No Prediction matches the given query.');
          return jsonReply(200, p);
        },
      },
    },
    {
      pattern: /^\/api\/projects\/(\d+)\/model-versions\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          const p = fake.getProject(Number(req.params[0]));
          if (!p) throw new ApiError(404, 'No Project matches the given query.');
          return jsonReply(200, projectModelVersions(fake, p, flag(req, 'extended'), flag(req, 'include_live_models')));
        },
      },
    },
  ];
}
