// GET /api/tasks/ (Community Data Manager task list) and POST /api/dm/actions/ (only the
// `retrieve_tasks_predictions` action, Community's "predict all tasks").
import { predictTasks } from './backendOps';
import type { FakeLabelStudio } from './fakeLabelStudio';
import { paginate } from './pagination';
import { serializeTaskForList, type FakeTask } from './records';
import { ApiError, jsonReply, PlainJsonError, PythonCrash, ValidationFailed } from './reply';
import { parseData, type LsRequest, type Route } from './router';
import { pythonTraceback } from './pythonish';

const ACTIONS = [
  {
    id: 'retrieve_tasks_predictions',
    title: 'Retrieve Predictions',
    order: 90,
    permission: 'predictions.any',
    experimental: false,
    dialog: {
      title: 'Retrieve Predictions',
      text: 'Send the selected tasks to all ML backends connected to the project. This operation might be abruptly interrupted due to a timeout. The recommended way to get predictions is to update tasks using the Label Studio API.',
      type: 'confirm',
      form: null,
    },
  },
];

/** core.utils.common.int_from_request */
function intParam(req: LsRequest, key: string, fallback: number): number {
  const raw = req.query.get(key);
  if (raw === null) return fallback;
  if (!/^\s*-?\d+\s*$/.test(raw))
    throw new ValidationFailed({ [key]: [`Incorrect value in key "${key}" = "${raw}". It should be digit.`] });
  return Number(raw);
}

export function taskRoutes(fake: FakeLabelStudio): Route[] {
  return [
    {
      pattern: /^\/api\/tasks\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          const projectId = intParam(req, 'project', 0);
          if (!projectId) throw new PlainJsonError(404, { detail: 'Neither project nor view id specified' });
          if (!fake.getProject(projectId)) throw new ApiError(404, 'No Project matches the given query.');
          const tasks = fake.db.tasksOf(projectId);
          // TaskPagination: page_size 100 by default, no cap unless TASK_API_PAGE_SIZE_MAX is set.
          const page = paginate(tasks, req.query, { defaultSize: 100 });
          const allFields = req.query.get('fields') === 'all';
          return jsonReply(200, {
            total_annotations: tasks.reduce((n, t) => n + t.annotations.length, 0),
            total_predictions: tasks.reduce((n, t) => n + t.predictions.length, 0),
            total: page.count,
            tasks: page.items.map((t) => serializeTaskForList(t, allFields, req.query.get('resolve_uri') !== 'false')),
          });
        },
      },
    },
    {
      pattern: /^\/api\/dm\/actions\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          if (!fake.getProject(intParam(req, 'project', 0))) throw new ApiError(404, 'No Project matches the given query.');
          return jsonReply(200, ACTIONS);
        },
        POST: async (req) => {
          const project = fake.getProject(intParam(req, 'project', 0));
          if (!project) throw new ApiError(404, 'No Project matches the given query.');
          const actionId = req.query.get('id');
          if (actionId === null) throw new PlainJsonError(422, { detail: 'No action id "None", use ?id=<action-id>' });
          if (actionId !== 'retrieve_tasks_predictions') throw unknownAction(actionId);
          const selected = selectTasks(fake.db.tasksOf(project.id), parseData(req));
          // The project's FIRST backend only; it silently does nothing when DI/ER.
          const backend = fake.db.backendsOf(project.id)[0];
          if (backend && selected.length) await predictTasks(fake.mlEnv(req.origin), backend, selected);
          return jsonReply(200, { processed_items: selected.length, detail: `Retrieved ${selected.length} predictions` });
        },
      },
    },
  ];
}

/** Data Manager selection: `{}` = all, `{"selectedItems": {"all": true, "excluded": []}}` or `{"all": false, "included": [...]}`. */
function selectTasks(tasks: FakeTask[], data: Record<string, unknown>): FakeTask[] {
  const sel = data.selectedItems as { all?: unknown; included?: unknown; excluded?: unknown } | undefined;
  if (!sel || typeof sel !== 'object') return tasks;
  if (sel.all === true || sel.all === 'true') {
    const excluded = new Set(Array.isArray(sel.excluded) ? sel.excluded.map(Number) : []);
    return tasks.filter((t) => !excluded.has(t.id));
  }
  const included = new Set(Array.isArray(sel.included) ? sel.included.map(Number) : []);
  return tasks.filter((t) => included.has(t.id));
}

function unknownAction(id: string): PythonCrash {
  const msg = `Can't find '${id}' in registered actions`;
  return new PythonCrash(
    msg,
    pythonTraceback(
      [
        ['/usr/local/lib/python3.12/site-packages/rest_framework/views.py', 512, 'dispatch'],
        ['/label-studio/label_studio/data_manager/api.py', 412, 'post'],
        ['/label-studio/label_studio/data_manager/actions/__init__.py', 102, 'perform_action'],
      ],
      `data_manager.functions.DataManagerException: ${msg}`,
    ),
  );
}
