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
export { mechanismSource } from './mechanism-source.js';
export {
  Metagraph,
  type MetagraphJSON,
  type NeuronAxon,
  type NeuronJSON,
  type SyncOptions,
} from './metagraph.js';
export type { NeuronRecord } from './neuron.js';
export { type PeriodicSync, type PeriodicSyncOptions, startPeriodicSync } from './periodic.js';
export { chainSource, type MetagraphSource, type NeuronReadOptions, type NeuronsAt } from './source.js';
export { formatRao, formatTable } from './table.js';
export { readTimelockState, revealRoundFor, type TimelockChainState } from './timelock/chain-state.js';
export {
  AES_GCM_SUITE,
  parseCiphertext,
  serializeCiphertext,
  TIMELOCK_OVERHEAD,
  type TimelockCiphertext,
} from './timelock/ciphertext.js';
export { decryptWeightsCommit, encryptWeightsCommit, MAX_TIMELOCK_COMMIT_BYTES } from './timelock/commit.js';
export { type BeaconConfig, QUICKNET, QUICKNET_DST, roundIdentity } from './timelock/drand.js';
export { TimelockError, type TimelockFailure } from './timelock/errors.js';
export {
  type DecodedTimelockPayload,
  decodeTimelockPayload,
  encodeTimelockPayload,
  type TimelockPayload,
} from './timelock/payload.js';
export {
  chooseRevealRound,
  type RevealRoundChoice,
  type RevealRoundInput,
  SECURITY_BLOCK_OFFSET,
} from './timelock/reveal-round.js';
export {
  type DecryptOptions,
  type EncryptOptions,
  timelockDecrypt,
  timelockEncrypt,
  verifyRoundSignature,
} from './timelock/tle.js';
export { isRevealOf, type RevealStatus, type RevealWatch, waitForTimelockedReveal } from './timelock/watch.js';
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
  type ProcessWeightsParameters,
  processWeights,
} from './weights/process.js';
export { type RevealOutcome, type RevealPendingParameters, revealPending } from './weights/reveal.js';
export {
  assertWeightRules,
  checkWeightRules,
  isSelfWeight,
  rateLimitPassed,
  type WeightAction,
  type WeightRuleState,
} from './weights/rules.js';
export { type SetWeightsParameters, setWeights } from './weights/set-weights.js';
export { readWeightState, type WeightChainState } from './weights/state.js';
export {
  hashCommitRevealStrategy,
  plainStrategy,
  prepareTimelockedCommit,
  type SetWeightsReturnType,
  selectWeightsStrategy,
  TIMELOCK_COMMIT_VERSION,
  type TimelockedCommit,
  timelockedRevealWindow,
  timelockedStrategy,
  type WeightsContext,
  type WeightsStrategy,
} from './weights/strategies.js';
