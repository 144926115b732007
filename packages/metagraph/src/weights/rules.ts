import { type WeightRule, WeightRuleError } from '../errors.js';
import { type EmitWeights, U16_MAX } from './convert.js';

/** What the chain knows about the subnet and the caller when weights land (read just before sending). */
export interface WeightRuleState {
  netuid: number;
  /** SubnetworkN. */
  n: number;
  /** The caller's (hotkey's) uid, or undefined when it is not registered on the subnet. */
  uid: number | undefined;
  /** The block the extrinsic is expected to be included in (the best block + 1). */
  block: number;
  /** LastUpdate[uid]; 0 means "never set weights". */
  lastUpdate: number;
  weightsRateLimit: number;
  /** WeightsVersionKey; 0 accepts any version key. */
  weightsVersionKey: bigint;
  minAllowedWeights: number;
  /** MaxWeightsLimit as a u16 (65535 = no limit). */
  maxWeightsLimit: number;
  validatorPermit: boolean;
  commitRevealEnabled: boolean;
  /** Stake weight of the hotkey and the chain's StakeThreshold; the check is skipped when either is unknown. */
  stake?: bigint;
  stakeThreshold?: bigint;
}

/**
 * Which extrinsic the weights are for. `set` = set_weights, `commit` = commit_weights (the values are checked now
 * so a commit never hides weights that would fail at reveal), `reveal` = reveal_weights.
 */
export type WeightAction = 'set' | 'commit' | 'reveal';

const fail = (rule: WeightRule, message: string, hints: string[] = []): WeightRuleError =>
  new WeightRuleError(rule, message, { metaMessages: hints });

/** set_weights' self-weight exemption: exactly one entry, pointing at the caller. */
export function isSelfWeight(uid: number | undefined, weights: EmitWeights): boolean {
  return uid !== undefined && weights.uids.length === 1 && weights.values.length === 1 && weights.uids[0] === uid;
}

/** True when `block - lastUpdate >= rateLimit` (or weights were never set), the chain's check_rate_limit. */
export function rateLimitPassed(block: number, lastUpdate: number, rateLimit: number): boolean {
  return lastUpdate === 0 || Math.max(0, block - lastUpdate) >= rateLimit;
}

/**
 * The chain's set_weights / commit_weights / reveal_weights checks, in the order subtensor runs them (spec 293,
 * `do_set_weights`), returning the first that fails as a `WeightRuleError` (`rule` = the chain's error name), or
 * undefined when the chain would accept the weights.
 */
export function checkWeightRules(
  action: WeightAction,
  weights: EmitWeights,
  versionKey: bigint,
  state: WeightRuleState,
): WeightRuleError | undefined {
  const { uids, values } = weights;
  const { uid, n } = state;

  if (action === 'set' && state.commitRevealEnabled) {
    return fail(
      'CommitRevealEnabled',
      `commit-reveal is enabled on subnet ${state.netuid}; commit the weights and reveal them later instead of set_weights`,
    );
  }
  if (action !== 'set' && !state.commitRevealEnabled) {
    return fail('CommitRevealDisabled', `commit-reveal is disabled on subnet ${state.netuid}; use set_weights`);
  }
  if (uids.length !== values.length) {
    return fail('WeightVecNotEqualSize', `${uids.length} uids but ${values.length} values`);
  }
  if (uids.length > n) {
    return fail('UidsLengthExceedUidsInSubNet', `${uids.length} weights but the subnet has only ${n} neurons`);
  }
  if (uid === undefined) {
    return fail('HotKeyNotRegisteredInSubNet', `the hotkey is not registered on subnet ${state.netuid}`, [
      `Register it on subnet ${state.netuid} first (burned_register), or check --netuid and the wallet's hotkey.`,
    ]);
  }
  if (state.stake !== undefined && state.stakeThreshold !== undefined && state.stake < state.stakeThreshold) {
    return fail(
      'NotEnoughStakeToSetWeights',
      `the hotkey's stake weight ${state.stake} is below the chain's StakeThreshold ${state.stakeThreshold}`,
    );
  }
  if (state.weightsVersionKey !== 0n && versionKey < state.weightsVersionKey) {
    return fail(
      'IncorrectWeightVersionKey',
      `version key ${versionKey} is below the subnet's WeightsVersionKey ${state.weightsVersionKey}; upgrade the validator`,
    );
  }
  if (
    (action === 'commit' || (action === 'set' && !state.commitRevealEnabled)) &&
    !rateLimitPassed(state.block, state.lastUpdate, state.weightsRateLimit)
  ) {
    const wait = state.lastUpdate + state.weightsRateLimit - state.block;
    return fail(
      action === 'commit' ? 'CommittingWeightsTooFast' : 'SettingWeightsTooFast',
      `last update at block ${state.lastUpdate}, WeightsSetRateLimit is ${state.weightsRateLimit} blocks`,
      [
        `Wait ${wait} more block${wait === 1 ? '' : 's'} (until block ${state.lastUpdate + state.weightsRateLimit}), then send again.`,
      ],
    );
  }
  const self = isSelfWeight(uid, weights);
  if (action !== 'commit' && !self && !state.validatorPermit) {
    return fail(
      'NeuronNoValidatorPermit',
      `uid ${uid} has no validator permit on subnet ${state.netuid}; without one only a single weight on itself is allowed`,
    );
  }
  const seen = new Set<number>();
  for (const u of uids) {
    if (seen.has(u)) return fail('DuplicateUids', `uid ${u} appears more than once`);
    seen.add(u);
  }
  for (const u of uids) {
    if (!Number.isInteger(u) || u < 0 || u >= n) {
      return fail(
        'UidVecContainInvalidOne',
        `uid ${u} does not exist on subnet ${state.netuid} (uids are 0..${n - 1})`,
      );
    }
  }
  const minAllowed = Math.min(n, state.minAllowedWeights);
  if (!self && values.length < minAllowed) {
    return fail(
      'WeightVecLengthIsLow',
      `${values.length} non-zero weights but the subnet's MinAllowedWeights is ${minAllowed}`,
    );
  }
  if (!self && state.maxWeightsLimit < U16_MAX) {
    let sum = 0;
    let max = 0;
    for (const v of values) {
      sum += v;
      if (v > max) max = v;
    }
    const share = sum === 0 ? 0 : max / sum;
    const limit = state.maxWeightsLimit / U16_MAX;
    if (share > limit) {
      return fail(
        'MaxWeightExceeded',
        `the largest weight is ${(share * 100).toFixed(2)}% of the total but MaxWeightsLimit allows ` +
          `${(limit * 100).toFixed(2)}%; spread the weights (see processWeights)`,
      );
    }
  }
  return undefined;
}

/** `checkWeightRules` that throws the failing rule's `WeightRuleError`. */
export function assertWeightRules(
  action: WeightAction,
  weights: EmitWeights,
  versionKey: bigint,
  state: WeightRuleState,
): void {
  const error = checkWeightRules(action, weights, versionKey, state);
  if (error) throw error;
}
