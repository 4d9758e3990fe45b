/**
 * Shapes of the prediction inspector's core: a parsed labeling config, the checker's findings, and
 * what Label Studio stores about tasks, predictions and model versions.
 */

/** A labeling config read into its control and object tags (document order). */
export interface LabelConfig {
  controls: ControlTag[];
  objects: ObjectTag[];
}

/** A tag with `toName`: RectangleLabels, Choices, TextArea, … */
export interface ControlTag {
  name: string;
  /** As written, e.g. 'RectangleLabels'. */
  tag: string;
  /** Object names from the comma-separated `toName`. */
  toName: string[];
  /**
   * Label/Choice values in document order; Taxonomy's nested Choices are flattened here (their
   * paths are in `taxonomyPaths`). Results may name a label by its `alias` or its `value`.
   */
  labels: { value: string; background?: string; alias?: string }[];
  /** The `choice` attribute ('single', 'multiple', 'single-radio'), when written. */
  choice?: string;
  attrs: Record<string, string>;
  /** Taxonomy only: every node's path of `value`s from the root, e.g. ['Vehicle', 'Car']. */
  taxonomyPaths?: string[][];
}

/** A tag with `name` and `value="$key"` (or `valueList`): Image, Text, HyperText, Audio, … */
export interface ObjectTag {
  name: string;
  /** 'Image', 'Text', 'HyperText', … */
  tag: string;
  /** The task `data` key: `value="$image"` → 'image' ('' when the value is not a `$` reference). */
  valueKey: string;
  attrs: Record<string, string>;
}

export type Severity = 'dropped' | 'suspicious';

export interface Finding {
  /** 'dropped': Label Studio would not show the region (or its label); 'suspicious': shown, but likely wrong. */
  severity: Severity;
  /** From the root of the checked `result` list, e.g. [3, 'value', 'rectanglelabels', 0]. */
  path: (string | number)[];
  /** 'result[3].value.rectanglelabels[0]' */
  pathText: string;
  message: string;
  fix: string;
  /** Index of the result item the finding is about. */
  regionIndex?: number;
}

export interface CheckContext {
  /** Real sizes of the images, by object name. */
  imageSizes?: Record<string, { width: number; height: number }>;
  /** Texts of the text objects, by object name. */
  texts?: Record<string, string>;
}

/** A prediction as Label Studio stores it (`/api/predictions/?task=`), read tolerantly. */
export interface StoredPrediction {
  id: number;
  model_version: string;
  score: number | null;
  result: unknown;
  created_at: string | null;
  task: number;
}

/** A task with its data (`/api/tasks/{id}/`). */
export interface TaskDetail {
  id: number;
  project: number;
  data: Record<string, unknown>;
  predictions: StoredPrediction[];
}

/** One row of `/api/tasks/?project=`: the id and a one-line preview of its data. */
export interface TaskPreview {
  id: number;
  preview: string;
}

export interface TaskListPage {
  tasks: TaskPreview[];
  /** Tasks in the project (the server's `total`), when sent. */
  total: number | null;
}

/** `GET /api/projects/{id}/`, the fields the inspector needs. */
export interface ProjectDetail {
  id: number;
  title: string;
  label_config: string;
  /** The version (or backend title) whose predictions annotators see; '' or null = none chosen. */
  model_version: string | null;
  show_collab_predictions: boolean;
}

/** `GET /api/projects/{id}/model-versions/?extended=true&include_live_models=true`. */
export interface ProjectModelVersions {
  /** Prediction versions stored in the project, with how many predictions each has. */
  static: { model_version: string; count: number; latest: string | null }[];
  /** The project's ML backends (their titles are "live" choices). */
  live: { id: number; title: string; model_version: string | null; state: string }[];
}
