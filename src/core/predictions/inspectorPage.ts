/**
 * Everything the inspector shows for one task: the backend's fresh answer and what Label Studio
 * has stored for the task, each checked against the labeling config and turned into a view;
 * "the backend now" is compared with the stored prediction of the same model version (else the
 * newest), every stored one with the fresh answer.
 */
import { checkResults } from './check';
import { markDifferences } from './compareViews';
import { buildPredictionView, type ModelContext, type PredictionView } from './inspectorModel';
import type { Finding, LabelConfig } from './types';

export interface StoredPrediction {
  id: number;
  model_version?: unknown;
  score?: unknown;
  result?: unknown;
  created_at?: unknown;
}

export interface InspectorPage {
  taskId: number;
  /** `Predictions · task 123` */
  title: string;
  backendTitle: string;
  /** The fresh answer first, then the stored predictions, newest first. */
  versions: PredictionView[];
  /** Per object name: why its media is not shown. */
  mediaProblems: Record<string, string>;
  /** Findings of the fresh answer, for "Open as JSON". */
  freshFindings: Finding[];
}

export interface PageInput {
  taskId: number;
  backendTitle: string;
  config: LabelConfig;
  /** The interactive answer's `data`: `{result, score?, model_version?}` or a list of them (the first is shown). */
  answer: unknown;
  stored: StoredPrediction[];
  ctx: ModelContext;
  mediaProblems?: Record<string, string>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The prediction inside an interactive answer: `data` itself, or the first of a list. */
export function freshPrediction(answer: unknown): Json {
  const first = Array.isArray(answer) ? answer[0] : answer;
  return isObject(first) ? first : { result: first };
}

export function buildInspectorPage(input: PageInput): InspectorPage {
  const fresh = freshPrediction(input.answer);
  const freshFindings = checkResults(input.config, fresh.result, input.ctx);
  let freshView = buildPredictionView(input.config, { key: 'fresh', title: 'The backend now', modelVersion: fresh.model_version, score: fresh.score, result: fresh.result, findings: freshFindings }, input.ctx);
  const stored = [...input.stored].sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')) || b.id - a.id);
  const storedViews = stored.map((p) =>
    buildPredictionView(
      input.config,
      { key: `stored-${p.id}`, title: `Stored · ${typeof p.model_version === 'string' ? p.model_version : 'no version'}`, modelVersion: p.model_version, score: p.score, result: p.result, findings: checkResults(input.config, p.result, input.ctx) },
      input.ctx,
    ),
  );
  const partner = storedViews.find((v) => v.modelVersion === freshView.modelVersion && v.modelVersion !== '') ?? storedViews[0];
  const comparedStored = storedViews.map((v) => markDifferences(v, freshView));
  if (partner) freshView = markDifferences(freshView, partner);
  return {
    taskId: input.taskId,
    title: `Predictions · task ${input.taskId}`,
    backendTitle: input.backendTitle,
    versions: [freshView, ...comparedStored],
    mediaProblems: input.mediaProblems ?? {},
    freshFindings,
  };
}
