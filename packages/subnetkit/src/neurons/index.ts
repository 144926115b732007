export { BlockCadence } from './block-cadence.js';
export { type CallerPolicyOptions, metagraphBlacklist, stakePriority } from './caller-policy.js';
export {
  COMMON_FIELDS,
  type ConfigField,
  type ConfigSource,
  type ConfigValues,
  configHelp,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  MINER_FIELDS,
  VALIDATOR_FIELDS,
} from './config.js';
export type { ChainOptions, KeyOptions, LogOptions } from './connection.js';
export {
  defineMiner,
  defineValidator,
  type MinerDefinition,
  NEURON_KIND,
  type ValidatorDefinition,
} from './define.js';
export { NeuronError, type NeuronErrorCode } from './errors.js';
export { type BlacklistFn, Miner, type MinerOptions, type PriorityFn } from './miner.js';
export { MovingScores } from './moving-scores.js';
export { sampleUids, servingMinerUids } from './select-miners.js';
export { STATE_FORMAT_VERSION, StateStore, type ValidatorState } from './state-store.js';
export {
  type Challenge,
  type ChallengeContext,
  type RewardContext,
  type StepSummary,
  Validator,
  type ValidatorOptions,
} from './validator.js';
export { isRetryableWeightError, RETRYABLE_WEIGHT_ERRORS, weightErrorName } from './weight-errors.js';
export { WeightSetter, type WeightsOutcome } from './weight-setter.js';
