// The fake's "database rows" and how each is serialised, field for field and in the order the real
// serializers emit them (Label Studio 1.22: MLBackendSerializer, ProjectSerializer, DataManagerTaskSerializer).
import { resolveTaskData } from './mediaStore';

export type BackendState = 'CO' | 'DI' | 'ER' | 'TR' | 'PR';
export type AuthMethod = 'NONE' | 'BASIC_AUTH';

export const READABLE_STATE: Record<BackendState, string> = {
  CO: 'Connected',
  DI: 'Disconnected',
  ER: 'Error',
  TR: 'Training',
  PR: 'Predicting',
};

/** One `ml_mlbackend` row. Returned live by the fake: mutate it to simulate a direct DB edit. */
export interface FakeBackend {
  id: number;
  state: BackendState;
  is_interactive: boolean;
  url: string;
  error_message: string | null;
  title: string | null;
  auth_method: AuthMethod;
  basic_auth_user: string | null;
  /** Stored password: write-only in the API, never serialised. */
  basic_auth_pass: string | null;
  description: string | null;
  extra_params: unknown;
  model_version: string | null;
  timeout: number;
  created_at: string;
  updated_at: string;
  auto_update: boolean;
  project: number;
  /**
   * Not a Label Studio field. Simulates a long-running Enterprise train/predict job: while set, the
   * state check makes no ML calls and the state stays this value (normally TR/PR never survive a read).
   */
  stickyState?: 'TR' | 'PR';
}

export const USER = {
  id: 1,
  first_name: 'Ada',
  last_name: 'Lovelace',
  username: 'ada',
  email: 'ada@example.com',
  avatar: null as string | null,
};

/** One project row; its keys are exactly the 1.22 ProjectSerializer output, in order. */
export interface FakeProject {
  id: number;
  title: string | null;
  description: string | null;
  label_config: string | null;
  expert_instruction: string | null;
  show_instruction: boolean;
  show_skip_button: boolean;
  enable_empty_annotation: boolean;
  show_annotation_history: boolean;
  organization: number | null;
  color: string | null;
  maximum_annotations: number;
  is_published: boolean;
  model_version: string | null;
  is_draft: boolean;
  created_by: typeof USER;
  created_at: string;
  min_annotations_to_start_training: number;
  start_training_on_annotation_update: boolean;
  show_collab_predictions: boolean;
  num_tasks_with_annotations: number;
  task_number: number;
  useful_annotation_number: number;
  ground_truth_number: number;
  skipped_annotations_number: number;
  total_annotations_number: number;
  total_predictions_number: number;
  sampling: string | null;
  show_ground_truth_first: boolean;
  show_overlap_first: boolean;
  overlap_cohort_percentage: number;
  task_data_login: string | null;
  task_data_password: string | null;
  control_weights: Record<string, unknown> | null;
  parsed_label_config: Record<string, unknown>;
  evaluate_predictions_automatically: boolean;
  config_has_control_tags: boolean;
  skip_queue: string | null;
  reveal_preannotations_interactively: boolean;
  pinned_at: string | null;
  finished_task_number: number;
  queue_total: number;
  queue_done: number;
  config_suitable_for_bulk_annotation: boolean;
  /** null unless the FSM feature flags are on (off by default). */
  state: string | null;
}

export interface FakePrediction {
  id: number;
  model_version: string;
  created_ago: string;
  score: number | null;
  result: unknown[];
  cluster: null;
  neighbors: null;
  mislabeling: number;
  created_at: string;
  updated_at: string;
  model: null;
  model_run: null;
  task: number;
  project: number;
}

export interface FakeTask {
  id: number;
  project: number;
  inner_id: number;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  annotations: unknown[];
  predictions: FakePrediction[];
}

export interface FakeWebhook {
  id: number;
  organization: number;
  project: number;
  url: string;
  send_payload: boolean;
  send_for_all_actions: boolean;
  headers: Record<string, string>;
  is_active: boolean;
  actions: string[];
  created_at: string;
  updated_at: string;
}

export function serializeBackend(b: FakeBackend) {
  return {
    id: b.id,
    state: b.state,
    readable_state: READABLE_STATE[b.state],
    is_interactive: b.is_interactive,
    url: b.url,
    error_message: b.error_message,
    title: b.title,
    auth_method: b.auth_method,
    basic_auth_user: b.basic_auth_user,
    basic_auth_pass_is_set: Boolean(b.basic_auth_pass),
    description: b.description,
    extra_params: b.extra_params,
    model_version: b.model_version,
    timeout: b.timeout,
    created_at: b.created_at,
    updated_at: b.updated_at,
    auto_update: b.auto_update,
    project: b.project,
  };
}

/** Full project, or only the `include=` fields (drf-flex-fields, unknown names ignored, original order kept). */
export function serializeProject(p: FakeProject, include?: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = { ...p, created_by: { ...p.created_by } };
  if (!include) return full;
  return Object.fromEntries(Object.entries(full).filter(([k]) => include.includes(k)));
}

/** The project uid Label Studio sends to ML servers: "<id>.<created_at unix seconds>". */
export function projectUid(p: FakeProject): string {
  return `${p.id}.${Math.floor(Date.parse(p.created_at) / 1000)}`;
}

/** `TaskSimpleSerializer`-like: what Label Studio sends to an ML server's /predict. */
export function serializeTaskForMl(t: FakeTask) {
  return {
    id: t.id,
    data: t.data,
    meta: t.meta,
    created_at: t.created_at,
    updated_at: t.updated_at,
    is_labeled: false,
    overlap: 1,
    inner_id: t.inner_id,
    total_annotations: t.annotations.length,
    cancelled_annotations: 0,
    total_predictions: t.predictions.length,
    comment_count: 0,
    unresolved_comment_count: 0,
    last_comment_updated_at: null,
    project: t.project,
    updated_by: null,
    file_upload: null,
    comment_authors: [],
    annotations: t.annotations,
    predictions: t.predictions,
  };
}

/**
 * Community `DataManagerTaskSerializer` (GET /api/tasks/). The default (`task_only`) omits the fields the
 * Data Manager has not computed (completed_at, predictions_score, avg_lead_time, draft_exists);
 * `fields=all` computes them and adds annotations and predictions (keys in the real order).
 */
export function serializeTaskForList(t: FakeTask, allFields: boolean, resolveUri = true) {
  const versions = [...new Set(t.predictions.map((p) => p.model_version))];
  const scores = t.predictions.map((p) => p.score).filter((s): s is number => typeof s === 'number');
  const computed = (key: string, value: unknown) => (allFields ? { [key]: value } : {});
  return {
    id: t.id,
    ...(allFields ? { predictions: t.predictions, annotations: t.annotations } : {}),
    drafts: [],
    annotators: [],
    inner_id: t.inner_id,
    cancelled_annotations: 0,
    total_annotations: t.annotations.length,
    total_predictions: t.predictions.length,
    ...computed('completed_at', null),
    annotations_results: '',
    predictions_results: t.predictions.length ? JSON.stringify(t.predictions.map((p) => p.result)) : '',
    ...computed('predictions_score', scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null),
    file_upload: null,
    storage_filename: null,
    annotations_ids: '',
    predictions_model_versions: versions.join(','),
    ...computed('avg_lead_time', null),
    ...computed('draft_exists', false),
    updated_by: [],
    data: resolveUri ? resolveTaskData(t.id, t.data) : t.data,
    meta: t.meta,
    created_at: t.created_at,
    updated_at: t.updated_at,
    is_labeled: false,
    allow_skip: true,
    overlap: 1,
    comment_count: 0,
    unresolved_comment_count: 0,
    last_comment_updated_at: null,
    project: t.project,
    comment_authors: [],
  };
}
