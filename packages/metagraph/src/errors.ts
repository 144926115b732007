import { SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

/**
 * Every error the metagraph package throws is a `MetagraphError` with a stable `code`. A weight submission refused by
 * a rule checked before sending is a `WeightRuleError` whose `rule` is the name the chain itself would use for the same
 * refusal (`SettingWeightsTooFast`, `NeuronNoValidatorPermit`, ...), so one handler serves both.
 */
export type MetagraphErrorCode =
  | 'METAGRAPH_INVALID_INPUT'
  | 'METAGRAPH_INVALID_WEIGHTS'
  | 'METAGRAPH_WEIGHT_RULE'
  | 'METAGRAPH_COMMIT_REVEAL_UNSUPPORTED'
  | 'METAGRAPH_TIMELOCK'
  | 'METAGRAPH_UNSUPPORTED_RUNTIME'
  | 'METAGRAPH_COMMIT_NOT_FOUND'
  | 'METAGRAPH_COMMIT_STORE'
  | 'METAGRAPH_SYNC_FAILED'
  | 'METAGRAPH_NOT_SYNCED';

/** A SubnetkitError: `shortMessage` names the problem, `metaMessages` the fix where there is an obvious one. */
export class MetagraphError extends SubnetkitError<MetagraphErrorCode> {
  override name = 'MetagraphError';

  constructor(code: MetagraphErrorCode, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super(code, shortMessage, parameters);
  }
}

/** Names of the chain's set_weights / commit_weights checks, as subtensor's `Error<T>` spells them. */
export type WeightRule =
  | 'WeightVecNotEqualSize'
  | 'UidsLengthExceedUidsInSubNet'
  | 'HotKeyNotRegisteredInSubNet'
  | 'NotEnoughStakeToSetWeights'
  | 'IncorrectWeightVersionKey'
  | 'SettingWeightsTooFast'
  | 'CommittingWeightsTooFast'
  | 'NeuronNoValidatorPermit'
  | 'DuplicateUids'
  | 'UidVecContainInvalidOne'
  | 'WeightVecLengthIsLow'
  | 'MaxWeightExceeded'
  | 'CommitRevealEnabled'
  | 'CommitRevealDisabled'
  | 'TooManyUnrevealedCommits';

/** A weight submission that the chain would refuse, caught before sending. `rule` names the failed check. */
export class WeightRuleError extends MetagraphError {
  readonly rule: WeightRule;

  override name = 'WeightRuleError';

  constructor(rule: WeightRule, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super('METAGRAPH_WEIGHT_RULE', `${rule}: ${shortMessage}`, parameters);
    this.rule = rule;
  }
}
