/**
 * `labelStudio_checkPredictions`: a test request to a backend on one task (the route of Send Test
 * Request; Label Studio stores nothing), checked against the project's labeling config with the
 * prediction inspector's checker. The answer lists the findings: which regions Label Studio would
 * drop or misdraw, and why.
 */
import type { LabelStudioClient } from '../api/client';
import type { MlBackend } from '../api/models';
import { getProjectDetail, listTaskPreviews, requestPrediction } from '../predictions/api';
import { checkPrediction } from '../predictions/check';
import { parseLabelConfig } from '../predictions/labelConfig';
import type { Finding } from '../predictions/types';
import { readId, readInputObject, readOptionalString } from './serverChoice';
import { serverText, toolText, ToolInputError } from './toolOutput';

export interface CheckPredictionsRequest {
  backendId: number;
  taskId?: number;
  server?: string;
}

export interface PredictionsRun {
  backend: MlBackend;
  taskId: number;
  /** The ML backend's errors, when it answered with errors instead of a prediction. */
  errors?: string[];
  findings: Finding[];
  regions: number;
  droppedRegions: number;
}

/** Most findings an answer carries (a broken model can produce thousands). */
export const MAX_FINDINGS = 50;

export function readCheckRequest(raw: unknown): CheckPredictionsRequest {
  const input = readInputObject(raw);
  return {
    backendId: readId(input.backendId, 'backendId'),
    taskId: input.taskId === undefined || input.taskId === null ? undefined : readId(input.taskId, 'taskId'),
    server: readOptionalString(input.server, 'server'),
  };
}

/** Reads the project's config, picks the task (the first one when none is given), asks the backend, checks. */
export async function runPredictionCheck(
  client: LabelStudioClient,
  backend: MlBackend,
  taskId: number | undefined,
): Promise<PredictionsRun> {
  const [project, firstPage] = await Promise.all([
    getProjectDetail(client, backend.project),
    taskId === undefined ? listTaskPreviews(client, backend.project, 1, 1) : Promise.resolve(undefined),
  ]);
  const task = taskId ?? firstPage?.tasks[0]?.id;
  if (task === undefined) throw new ToolInputError(`Project ${backend.project} has no task to send to the backend.`);
  const config = await parseLabelConfig(project.label_config);
  const answer = await requestPrediction(client, backend.id, task, null);
  if (answer.errors) return { backend, taskId: task, errors: answer.errors, findings: [], regions: 0, droppedRegions: 0 };
  const check = checkPrediction(config, answer.data);
  return { backend, taskId: task, findings: check.findings, regions: check.result?.length ?? 0, droppedRegions: check.droppedRegions };
}

/**
 * The tool's answer. Findings are the extension's words but quote the model's answer (labels,
 * values), so they go under `untrusted` with the backend's own errors.
 */
export function predictionCheckText(run: PredictionsRun, secrets: readonly string[] = []): string {
  const shown = run.findings.slice(0, MAX_FINDINGS);
  const payload = {
    backendId: run.backend.id,
    projectId: run.backend.project,
    taskId: run.taskId,
    answered: run.errors === undefined,
    regions: run.regions,
    droppedRegions: run.droppedRegions,
    findingCounts: {
      dropped: run.findings.filter((f) => f.severity === 'dropped').length,
      suspicious: run.findings.filter((f) => f.severity === 'suspicious').length,
    },
    ...(run.findings.length > shown.length ? { findingsOmitted: run.findings.length - shown.length } : {}),
    untrusted: {
      backendTitle: serverText(run.backend.title, 200),
      ...(run.errors ? { backendErrors: run.errors.slice(0, 10).map((e) => serverText(e)) } : {}),
      findings: shown.map((f) => ({
        severity: f.severity,
        where: serverText(f.pathText, 200),
        problem: serverText(f.message, 500),
        fix: serverText(f.fix, 500),
      })),
    },
  };
  const preamble = run.errors
    ? 'The ML backend answered the test request with errors instead of a prediction (nothing was stored in Label Studio).'
    : `A test request sent task ${run.taskId} to the ML backend (nothing was stored in Label Studio) and its answer was checked against ` +
      'the project\'s labeling config: "dropped" findings are regions Label Studio would not show, "suspicious" ones are shown but likely wrong. ' +
      'The findings quote the model\'s answer, so they are under "untrusted".';
  return toolText(preamble, payload, secrets);
}
