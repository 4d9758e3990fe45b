/**
 * The Label Studio calls of the prediction inspector and of Choose Model Version, on top of the
 * existing client (its auth, retries, timeouts and typed errors). Paths follow the server's slash
 * rules: list/detail routes of tasks, predictions and projects end with "/", `/api/ml/{id}` does not.
 */
import type { LabelStudioClient } from '../api/client';
import { HttpStatusError } from '../api/errors';
import type { MlBackend } from '../api/models';
import { readPredictionList, readProjectDetail, readProjectModelVersions, readTaskDetail, readTaskListPage } from './readers';
import type { ProjectDetail, ProjectModelVersions, StoredPrediction, TaskDetail, TaskListPage } from './types';

export const TASK_PAGE_SIZE = 20;

/** A page of a project's tasks (id order) with a one-line preview each; past the last page: no tasks. */
export async function listTaskPreviews(
  client: LabelStudioClient,
  projectId: number,
  page = 1,
  pageSize = TASK_PAGE_SIZE,
  signal?: AbortSignal,
): Promise<TaskListPage> {
  try {
    return readTaskListPage(await client.get('/api/tasks/', { query: `project=${projectId}&page=${page}&page_size=${pageSize}`, signal }));
  } catch (e) {
    // Label Studio answers a page past the end with 404 "Invalid page."
    if (page > 1 && e instanceof HttpStatusError && e.status === 404) return { tasks: [], total: null };
    throw e;
  }
}

/** `GET /api/tasks/{id}/`: the task's data (media URLs resolved) and every stored prediction. */
export async function getTask(client: LabelStudioClient, taskId: number, signal?: AbortSignal): Promise<TaskDetail> {
  return readTaskDetail(await client.get(`/api/tasks/${taskId}/`, { signal }));
}

/** `GET /api/predictions/?task=N`: what Label Studio stored for the task, every model version. */
export async function listStoredPredictions(client: LabelStudioClient, taskId: number, signal?: AbortSignal): Promise<StoredPrediction[]> {
  return readPredictionList(await client.get('/api/predictions/', { query: `task=${taskId}`, signal }));
}

export async function getProjectDetail(client: LabelStudioClient, projectId: number, signal?: AbortSignal): Promise<ProjectDetail> {
  return readProjectDetail(await client.get(`/api/projects/${projectId}/`, { signal }));
}

/** The versions a project can show: stored prediction versions with counts, and its backends ("live"). */
export async function getProjectModelVersions(
  client: LabelStudioClient,
  projectId: number,
  signal?: AbortSignal,
): Promise<ProjectModelVersions> {
  const query = 'extended=true&include_live_models=true';
  return readProjectModelVersions(await client.get(`/api/projects/${projectId}/model-versions/`, { query, signal }));
}

/** `PATCH /api/projects/{id}/ {model_version}`; '' clears the choice. Label Studio refuses unknown versions (400). */
export async function setProjectModelVersion(
  client: LabelStudioClient,
  projectId: number,
  modelVersion: string,
  signal?: AbortSignal,
): Promise<ProjectDetail> {
  return readProjectDetail(await client.request('PATCH', `/api/projects/${projectId}/`, { body: { model_version: modelVersion }, signal }));
}

/**
 * Freezes (`false`) or unfreezes (`true`) the model version Label Studio records for a backend. The
 * PATCH carries url and project (without them Label Studio crashes) and, for basic auth, the user
 * with an empty password (= keep the stored one), as Label Studio re-checks the backend with them.
 */
export async function setBackendAutoUpdate(
  client: LabelStudioClient,
  backend: MlBackend,
  autoUpdate: boolean,
  signal?: AbortSignal,
): Promise<MlBackend> {
  return client.updateBackend(backend.id, autoUpdatePayload(backend, autoUpdate), signal);
}

export function autoUpdatePayload(backend: MlBackend, autoUpdate: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { url: backend.url, project: backend.project, auto_update: autoUpdate };
  if (!autoUpdate && backend.model_version) body.model_version = backend.model_version;
  if (backend.auth_method === 'BASIC_AUTH') {
    body.auth_method = 'BASIC_AUTH';
    body.basic_auth_user = backend.basic_auth_user ?? '';
    body.basic_auth_pass = '';
  }
  return body;
}

/** The test request the inspector sends (the same route as Send Test Request). */
export function requestPrediction(
  client: LabelStudioClient,
  backendId: number,
  taskId: number,
  context: unknown,
  signal?: AbortSignal,
): Promise<{ data?: unknown; errors?: string[] }> {
  return client.interactiveAnnotating(backendId, taskId, context, signal);
}
