export { encodeWeightCommit, randomSalt, type WeightCommitInput, weightCommitHash } from './commit/hash.js';
export {
  type CommitKey,
  defaultCommitStorePath,
  type PendingCommit,
  PendingCommitStore,
  type PendingCommitStoreOptions,
} from './commit/store.js';
export { epochIndex, type RevealTiming, type RevealWindow, revealTiming, revealWindow } from './commit/window.js';
export { MetagraphError, type MetagraphErrorCode, type WeightRule, WeightRuleError } from './errors.js';
export {
  type ConvertOptions,
  convertWeightsAndUidsForEmit,
  type EmitWeights,
  roundHalfEven,
  U16_MAX,
  u16ToFloat,
  type WeightPrecision,
} from './weights/convert.js';
export {
  normalizeMaxWeight,
  type ProcessedWeights,
  type ProcessWeightsParams,
  processWeights,
} from './weights/process.js';
export {
  assertWeightRules,
  checkWeightRules,
  isSelfWeight,
  rateLimitPassed,
  type WeightAction,
  type WeightRuleState,
} from './weights/rules.js';
