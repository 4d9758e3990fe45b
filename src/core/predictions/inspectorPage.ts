/**
 * Everything the inspector shows for one task: the backend's fresh answer and what Label Studio
 * has stored for the task (the newest prediction of each model version), each checked against the
 * labeling config and turned into a view; "the backend now" is compared with the stored version of
 * the same name (else the newest), every stored one with the fresh answer.
 */
import { locateResult } from './answerShape';
import { checkPrediction } from './check';
import { markDifferences } from './compareViews';
import { compareWithStored } from './diffRegions';
import { buildPredictionView, type ModelContext, type PredictionView } from './inspectorModel';
import type { Finding, LabelConfig, StoredPrediction } from './types';
import * as l10n from '../text/l10n';

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
  const fresh = {
    key: 'fresh',
    title: l10n.t('The backend now'),
    modelVersion: holder.model_version,
    score: holder.score,
    result: check.result,
    findings: freshFindings,
  };
  let freshView = buildPredictionView(input.config, fresh, input.ctx);
  const comparisons = compareWithStored(check.result, input.stored);
  const storedViews = comparisons.map((c) => {
    const p = c.prediction;
    const title = storedTitle(p.model_version, c.count);
    const view = buildPredictionView(
      input.config,
      {
        key: `stored-${p.id}`,
        title,
        modelVersion: p.model_version,
        score: p.score ?? undefined,
        result: p.result,
        findings: checkPrediction(input.config, p, input.ctx).findings,
      },
      input.ctx,
    );
    return markDifferences(view, c.diff, 'stored', freshView.title);
  });
  const partner = comparisons.findIndex((c) => c.model_version !== '' && c.model_version === freshView.modelVersion);
  const chosen = partner >= 0 ? partner : comparisons.length ? 0 : -1;
  if (chosen >= 0) freshView = markDifferences(freshView, comparisons[chosen].diff, 'fresh', storedViews[chosen].title);
  return {
    taskId: input.taskId,
    title: l10n.t('Predictions · task {0}', input.taskId),
    backendTitle: input.backendTitle,
    versions: [freshView, ...storedViews],
    mediaProblems: input.mediaProblems ?? {},
    freshFindings,
  };
}

/** "Stored · <version> (newest of N)": one message per form. */
function storedTitle(version: string | null | undefined, count: number): string {
  if (version) return count > 1 ? l10n.t('Stored · {0} (newest of {1})', version, count) : l10n.t('Stored · {0}', version);
  return count > 1 ? l10n.t('Stored · no version (newest of {0})', count) : l10n.t('Stored · no version');
}
