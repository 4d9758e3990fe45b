// /api/projects/ (paginated list, create) and /api/projects/{id}/ (retrieve, update, delete).
// Both are registered WITH a trailing slash; the slash-less forms work through the append-slash retry.
import type { FakeLabelStudio } from './fakeLabelStudio';
import { deriveFromLabelConfig } from './labelConfig';
import { pageLinks, paginate } from './pagination';
import { serializeProject, type FakeProject } from './records';
import { ApiError, emptyReply, jsonReply, ValidationFailed } from './reply';
import { parseData, type LsRequest, type Route } from './router';
import { validateProjectModelVersion } from './routesPredictions';

export function projectRoutes(fake: FakeLabelStudio): Route[] {
  const getProject = (req: LsRequest): FakeProject => {
    const p = fake.getProject(Number(req.params[0]));
    if (!p) throw new ApiError(404, 'No Project matches the given query.');
    return p;
  };
  return [
    {
      pattern: /^\/api\/projects\/$/,
      auth: true,
      methods: {
        GET: (req) => listProjects(fake, req),
        POST: (req) => {
          const data = parseData(req);
          const title = data.title === undefined ? '' : data.title;
          validateTitle(title);
          const p = fake.addProject({ title: String(title ?? ''), ...pickEditable(data) });
          return jsonReply(201, serializeProject(p));
        },
      },
    },
    {
      pattern: /^\/api\/projects\/(\d+)\/$/,
      auth: true,
      methods: {
        GET: (req) => jsonReply(200, serializeProject(getProject(req))),
        PATCH: (req) => jsonReply(200, serializeProject(updateProject(getProject(req), validated(fake, getProject(req), parseData(req))))),
        PUT: (req) => jsonReply(200, serializeProject(updateProject(getProject(req), validated(fake, getProject(req), parseData(req))))),
        DELETE: (req) => {
          fake.deleteProject(getProject(req).id);
          return emptyReply(204);
        },
      },
    },
  ];
}

function validated(fake: FakeLabelStudio, p: FakeProject, data: Record<string, unknown>): Record<string, unknown> {
  validateProjectModelVersion(fake, p, data);
  return data;
}

function listProjects(fake: FakeLabelStudio, req: LsRequest) {
  let projects = [...fake.projects];
  const ids = req.query.get('ids');
  if (ids) {
    const wanted = new Set(ids.split(',').map((s) => Number(s.trim())));
    projects = projects.filter((p) => wanted.has(p.id));
  }
  const title = req.query.get('title');
  if (title) projects = projects.filter((p) => (p.title ?? '').toLowerCase().includes(title.toLowerCase()));
  const filter = req.query.get('filter');
  if (filter === 'pinned_only') projects = projects.filter((p) => p.pinned_at !== null);
  if (filter === 'exclude_pinned') projects = projects.filter((p) => p.pinned_at === null);
  // Pinned first (most recently pinned first), then newest first.
  projects.sort((a, b) => {
    if ((a.pinned_at === null) !== (b.pinned_at === null)) return a.pinned_at === null ? 1 : -1;
    if (a.pinned_at && b.pinned_at && a.pinned_at !== b.pinned_at) return a.pinned_at < b.pinned_at ? 1 : -1;
    if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
    return b.id - a.id;
  });
  const page = paginate(projects, req.query, { defaultSize: 30, maxSize: 100 });
  const search = req.query.size ? `?${req.query.toString()}` : '';
  const links = pageLinks(page, `${req.origin}${req.path}${search}`);
  const include = req.query
    .get('include')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return jsonReply(200, {
    count: page.count,
    next: links.next,
    previous: links.previous,
    results: page.items.map((p) => serializeProject(p, include)),
  });
}

function validateTitle(title: unknown): void {
  if (title === null) return;
  const s = String(title);
  if (s.length < 3) throw new ValidationFailed({ title: ['Ensure this field has at least 3 characters.'] });
  if (s.length > 50) throw new ValidationFailed({ title: ['Ensure this field has no more than 50 characters.'] });
}

const EDITABLE = [
  'description',
  'label_config',
  'expert_instruction',
  'show_instruction',
  'show_skip_button',
  'enable_empty_annotation',
  'show_annotation_history',
  'color',
  'maximum_annotations',
  'is_published',
  'model_version',
  'is_draft',
  'min_annotations_to_start_training',
  'show_collab_predictions',
  'sampling',
  'show_ground_truth_first',
  'show_overlap_first',
  'overlap_cohort_percentage',
  'task_data_login',
  'task_data_password',
  'evaluate_predictions_automatically',
  'skip_queue',
  'reveal_preannotations_interactively',
  'pinned_at',
] as const;

function pickEditable(data: Record<string, unknown>): Partial<Omit<FakeProject, 'title'>> {
  return Object.fromEntries(EDITABLE.filter((k) => k in data).map((k) => [k, data[k]])) as Partial<Omit<FakeProject, 'title'>>;
}

function updateProject(p: FakeProject, data: Record<string, unknown>): FakeProject {
  if ('title' in data) {
    validateTitle(data.title);
    p.title = data.title === null ? null : String(data.title);
  }
  Object.assign(p, pickEditable(data));
  // Hiding predictions from annotators also clears the chosen version (Project.save).
  if (data.show_collab_predictions === false || data.show_collab_predictions === 'false') p.model_version = '';
  if ('label_config' in data) {
    const derived = deriveFromLabelConfig(p.label_config);
    p.parsed_label_config = derived.parsed;
    p.control_weights = derived.controlWeights;
    p.config_has_control_tags = derived.hasControlTags;
  }
  return p;
}
