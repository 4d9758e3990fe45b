/** Where the `result` list sits in the answers Label Studio and ML servers give (PREDICTIONS.md §2.3, §5). */
import { isObject } from '../text/json';

export interface LocatedResult {
  found: boolean;
  result: unknown;
  /** Path of the result list from the answer's root. */
  resultPath: (string | number)[];
  /** The prediction object holding `result` (for its score and model_version). */
  holder?: Record<string, unknown>;
}

/**
 * Accepts: a bare list of regions; a prediction `{result, score, model_version}`; the
 * interactive-annotating answer `{data: prediction}`; an ML server's `{results: [prediction, …]}`
 * (the first); Label Studio's predict test `{response: [prediction]}`.
 */
export function locateResult(answer: unknown): LocatedResult {
  if (Array.isArray(answer)) {
    // A list of predictions (an ML server's results) rather than of regions?
    if (answer.length > 0 && answer.every((p) => isObject(p) && 'result' in p && !('from_name' in p))) return inPrediction(answer[0], [0]);
    return { found: true, result: answer, resultPath: [] };
  }
  if (!isObject(answer)) return { found: false, result: undefined, resultPath: [] };
  if ('result' in answer) return inPrediction(answer, []);
  if (isObject(answer.data)) return inPrediction(answer.data, ['data']);
  for (const key of ['results', 'response']) {
    const list = answer[key];
    if (Array.isArray(list) && list.length > 0 && isObject(list[0])) return inPrediction(list[0], [key, 0]);
  }
  return { found: false, result: undefined, resultPath: [] };
}

function inPrediction(prediction: unknown, at: (string | number)[]): LocatedResult {
  if (!isObject(prediction) || !('result' in prediction)) return { found: false, result: undefined, resultPath: at };
  return { found: true, result: prediction.result, resultPath: [...at, 'result'], holder: prediction };
}
