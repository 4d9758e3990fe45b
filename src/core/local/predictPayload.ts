/**
 * The exact `/predict` body Label Studio 1.22 sends for a task (ML-SERVER.md §1.2): `tasks`,
 * `project` as `<id>.<unix seconds of created_at>`, `label_config`, `params` = {login, password,
 * context}; no `model_version`. Tasks are serialised like `TaskSimpleSerializer`.
 */
import type { LabelStudioClient } from '../api/client';
import * as l10n from '../text/l10n';
import { UnexpectedResponseError } from '../api/errors';

export interface ProjectFacts {
  id: number;
  title: string;
  labelConfig: string;
  createdAt: string;
}

export type TaskJson = Record<string, unknown> & { id: number; data: Record<string, unknown> };

/** Task columns `TaskSimpleSerializer` sends (every column but precomputed_agreement, plus annotations and predictions). */
const TASK_KEYS = [
  'id',
  'data',
  'meta',
  'created_at',
  'updated_at',
  'is_labeled',
  'overlap',
  'inner_id',
  'total_annotations',
  'cancelled_annotations',
  'total_predictions',
  'comment_count',
  'unresolved_comment_count',
  'last_comment_updated_at',
  'project',
  'updated_by',
  'file_upload',
  'comment_authors',
  'annotations',
  'predictions',
];

export function projectUid(project: Pick<ProjectFacts, 'id' | 'createdAt'>): string {
  const seconds = Math.floor(Date.parse(project.createdAt) / 1000);
  return `${project.id}.${Number.isFinite(seconds) ? seconds : 0}`;
}

export function simpleTask(task: TaskJson): TaskJson {
  const out: Record<string, unknown> = {};
  for (const key of TASK_KEYS) if (key in task) out[key] = task[key];
  out.annotations ??= [];
  out.predictions ??= [];
  return out as TaskJson;
}

export function predictBody(project: ProjectFacts, tasks: TaskJson[], context: unknown = null): Record<string, unknown> {
  return {
    tasks: tasks.map(simpleTask),
    project: projectUid(project),
    label_config: project.labelConfig,
    params: { login: null, password: null, context },
  };
}

export async function readProject(client: LabelStudioClient, id: number): Promise<ProjectFacts> {
  const body = (await client.get(`/api/projects/${id}/`)) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw new UnexpectedResponseError(l10n.t('Project {0} came back empty.', id));
  return {
    id,
    title: typeof body.title === 'string' ? body.title : l10n.t('Project {0}', id),
    labelConfig: typeof body.label_config === 'string' ? body.label_config : '<View></View>',
    createdAt: typeof body.created_at === 'string' ? body.created_at : new Date(0).toISOString(),
  };
}

/** The first tasks of a project with every field (`fields=all` adds annotations and predictions). */
export async function readTasks(client: LabelStudioClient, projectId: number, count = 20): Promise<TaskJson[]> {
  const body = (await client.get('/api/tasks/', { query: `project=${projectId}&page_size=${count}&page=1&fields=all` })) as
    Record<string, unknown> | unknown[] | undefined;
  const list = Array.isArray(body)
    ? body
    : Array.isArray(body?.tasks)
      ? body.tasks
      : Array.isArray(body?.results)
        ? body.results
        : undefined;
  if (!list) throw new UnexpectedResponseError(l10n.t('The task list did not have the shape Label Studio sends.'));
  return list.filter(
    (t): t is TaskJson =>
      typeof t === 'object' &&
      t !== null &&
      Number.isInteger((t as TaskJson).id) &&
      typeof (t as TaskJson).data === 'object' &&
      (t as TaskJson).data !== null,
  );
}
