/** The prediction inspector's core, in one import: config parsing, the check, brush RLE, the diff, API calls, model versions. */
export type * from './types';
export { LabelConfigError, parseLabelConfig } from './labelConfig';
export { checkPrediction, checkResults, hiddenRegions, locateResult, type PredictionCheck } from './check';
export { decodeRle, readRleHeader, RleError, type RleHeader } from './rle';
export { compareWithStored, diffRegions, type RegionDiff, type RegionPair, type RegionStatus, type VersionComparison } from './diffRegions';
export * as predictionApi from './api';
export { taskPreview } from './readers';
export {
  freezeAction,
  freezeExplanation,
  offerModelVersions,
  shownForBackend,
  type FreezeAction,
  type VersionChoice,
  type VersionOffer,
} from './modelVersions';
export { RESULT_TYPES, type Geometry, type ResultType } from './resultTypes';
