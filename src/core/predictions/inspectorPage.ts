/**
 * Everything the inspector shows for one task: the backend's fresh answer and what Label Studio
 * has stored for the task, each checked against the labeling config and turned into a view;
 * "the backend now" is compared with the stored prediction of the same model version (else the
 * newest), every stored one with the fresh answer.
 */
import { locateResult } from './answerShape';
import { checkPrediction } from './check';
import { markDifferences } from './compareViews';
import { buildPredictionView, type ModelContext, type PredictionView } from './inspectorModel';
import type { Finding, LabelConfig, StoredPrediction } from './types';


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
  /** The backend's answer in any shape the checker reads (interactive `data`, a prediction, a bare list). */
  answer: unknown;
  stored: StoredPrediction[];
  ctx: ModelContext;
  mediaProblems?: Record<string, string>;
}


export function buildInspectorPage(input: PageInput): InspectorPage {
  const check = checkPrediction(input.config, input.answer, input.ctx);
  const holder = locateResult(input.answer).holder ?? {};
  const freshFindings = check.findings;
  let freshView = buildPredictionView(input.config, { key: 'fresh', title: 'The backend now', modelVersion: holder.model_version, score: holder.score, result: check.result, findings: freshFindings }, input.ctx);
  const stored = [...input.stored].sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')) || b.id - a.id);
  const storedViews = stored.map((p) =>
    buildPredictionView(
      input.config,
      { key: `stored-${p.id}`, title: `Stored · ${typeof p.model_version === 'string' ? p.model_version : 'no version'}`, modelVersion: p.model_version, score: p.score, result: p.result, findings: checkPrediction(input.config, p, input.ctx).findings },
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
