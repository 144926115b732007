/**
 * Tables that turn subtensor's numeric and named errors into something a user can act on.
 *
 * `CUSTOM_TRANSACTION_ERRORS`: subtensor's `CustomTransactionError`, sent by the pool as `1010 Invalid Transaction:
 * Custom error: N`. The numbering is append-only across runtime versions (checked against opentensor/subtensor at
 * the ~spec 293 era and at newer heads); names above 18 exist only on newer runtimes.
 */
export const CUSTOM_TRANSACTION_ERRORS: Readonly<Record<number, string>> = {
  0: 'ColdkeyInSwapSchedule',
  1: 'StakeAmountTooLow',
  2: 'BalanceTooLow',
  3: 'SubnetNotExists',
  4: 'HotkeyAccountDoesntExist',
  5: 'NotEnoughStakeToWithdraw',
  6: 'RateLimitExceeded',
  7: 'InsufficientLiquidity',
  8: 'SlippageTooHigh',
  9: 'TransferDisallowed',
  10: 'HotKeyNotRegisteredInNetwork',
  11: 'InvalidIpAddress',
  12: 'ServingRateLimitExceeded',
  13: 'InvalidPort',
  14: 'ZeroMaxAmount',
  15: 'InvalidRevealRound',
  16: 'CommitNotFound',
  17: 'CommitBlockNotInRevealRange',
  18: 'InputLengthsUnequal',
  19: 'UidNotFound',
  20: 'EvmKeyAssociateRateLimitExceeded',
  21: 'ColdkeySwapDisputed',
  22: 'InvalidRealAccount',
  23: 'FailedShieldedTxParsing',
  24: 'InvalidShieldedTxPubKeyHash',
  25: 'CommitRevealEnabled',
  26: 'CommitRevealDisabled',
  27: 'NonAssociatedColdKey',
  28: 'InvalidIpType',
  29: 'IncorrectCommitRevealVersion',
  30: 'CommittingWeightsTooFast',
  31: 'TooManyUnrevealedCommits',
  32: 'NewHotKeyIsSameWithOld',
  33: 'HotKeyAlreadyRegisteredInSubNet',
  34: 'NotEnoughBalanceToPaySwapHotKey',
  35: 'HotKeySwapOnSubnetIntervalNotPassed',
  36: 'DelegateTakeTooLow',
  37: 'DelegateTakeTooHigh',
  38: 'InvalidWorkBlock',
  39: 'InvalidDifficulty',
  40: 'InvalidSeal',
  255: 'BadRequest',
};

/** Short descriptions for pool errors, which carry no metadata docs. */
export const CUSTOM_TRANSACTION_DOCS: Readonly<Record<string, string>> = {
  ColdkeyInSwapSchedule: 'The coldkey is scheduled to be swapped; transfers are blocked.',
  StakeAmountTooLow: 'The amount is below the minimum stake (500,000 rao = 0.0005 TAO).',
  BalanceTooLow: 'The balance or stake is lower than the amount requested.',
  SubnetNotExists: 'The subnet does not exist.',
  HotkeyAccountDoesntExist: 'The hotkey is not registered on the network.',
  NotEnoughStakeToWithdraw: 'Not enough stake to remove/move, including the fee.',
  RateLimitExceeded: 'Too many transactions of this kind too quickly.',
  InsufficientLiquidity: 'The subnet pool lacks the liquidity for this amount.',
  SlippageTooHigh: 'The price moved beyond the allowed limit.',
  TransferDisallowed: 'Transfers are disabled for this subnet.',
  HotKeyNotRegisteredInNetwork: 'The hotkey is not registered on this subnet.',
  InvalidIpAddress: 'The IP address is not allowed (0.0.0.0, 127.0.0.1 and ::1 are rejected).',
  ServingRateLimitExceeded: 'serve_axon was called again before the serving rate limit elapsed.',
  InvalidPort: 'The port is invalid (0 is rejected).',
  BadRequest: 'The runtime rejected the request as malformed.',
};

/** What to do about the errors users hit most. Keyed by the variant name (module or custom). */
export const ERROR_HINTS: Readonly<Record<string, string>> = {
  SettingWeightsTooFast:
    'The hotkey set weights less than WeightsSetRateLimit blocks ago; wait for more blocks (see the subnet hyperparameter weightsRateLimit).',
  CommitRevealEnabled:
    'This subnet has commit-reveal on: use commitWeights then revealWeights instead of setWeights (or turn commit-reveal off on a localnet).',
  CommitRevealDisabled: 'This subnet has commit-reveal off: use setWeights directly.',
  InvalidIpAddress:
    'The chain rejects 0.0.0.0, 127.0.0.1 and ::1. For a local axon use another loopback address such as 127.0.0.2 (Linux routes all of 127/8 to loopback).',
  InvalidIpType: 'ip_type must be 4 (IPv4) or 6 (IPv6).',
  InvalidPort: 'Use a port between 1 and 65535.',
  NotEnoughBalanceToStake: "The coldkey's free balance is lower than the amount to stake (plus fees).",
  NotEnoughBalanceToPaySwapHotKey: 'The coldkey cannot pay the hotkey swap cost.',
  NotEnoughStakeToWithdraw: 'Ask for less than the current stake of this hotkey/coldkey pair.',
  BalanceTooLow:
    "The coldkey's free balance (or the stake) is lower than the amount; ask for less or fund the coldkey.",
  AmountTooLow: 'Stake at least the minimum amount (0.0005 TAO).',
  StakeAmountTooLow: 'Stake at least the minimum amount (0.0005 TAO).',
  RevealTooEarly: 'The reveal window has not opened yet; wait until the commit epoch has passed, then reveal.',
  ExpiredWeightCommit: 'The commit is past its reveal window; commit again.',
  NoWeightsCommitFound: 'There is no pending commit for this hotkey and subnet: commit first.',
  InvalidRevealCommitHashNotMatch:
    'The revealed uids/values/salt/version key do not hash to the commit; reveal exactly what was committed.',
  CommittingWeightsTooFast: 'Commits are rate limited like set_weights; wait for more blocks.',
  TooManyUnrevealedCommits: 'Reveal (or let expire) earlier commits before committing again.',
  HotKeyNotRegisteredInSubNet: 'Register the hotkey on this subnet first (burnedRegister).',
  HotKeyNotRegisteredInNetwork: 'Register the hotkey on this subnet first (burnedRegister).',
  HotKeyAccountNotExists: 'Register the hotkey first (burnedRegister) so the chain knows it.',
  HotKeyAlreadyRegisteredInSubNet: 'This hotkey already has a uid on the subnet.',
  NonAssociatedColdKey: 'Sign with the coldkey that owns this hotkey.',
  NeuronNoValidatorPermit:
    'Only validators with a permit may set weights on other uids; stake more or wait for the next epoch to grant permits.',
  WeightVecNotEqualSize: 'uids and weights must have the same length.',
  DuplicateUids: 'Each uid may appear only once.',
  UidVecContainInvalidOne: 'Every uid must be below the subnet size n.',
  WeightVecLengthIsLow: 'Send at least MinAllowedWeights weights.',
  MaxWeightExceeded: 'The largest normalized weight exceeds MaxWeightsLimit; spread the weights more.',
  IncorrectWeightVersionKey: "Use a version_key >= the subnet's weightsVersion hyperparameter.",
  NotEnoughStakeToSetWeights: 'The hotkey needs more stake to set weights on this subnet.',
  SubNetworkDoesNotExist: 'No subnet with this netuid exists.',
  SubnetNotExists: 'No subnet with this netuid exists.',
  SubtokenDisabled: 'The subnet has not been started yet: the owner must send start_call.',
  NeedWaitingMoreBlocksToStarCall:
    'start_call is allowed only some blocks after the subnet was registered; wait and retry.',
  FirstEmissionBlockNumberAlreadySet: 'start_call was already sent for this subnet.',
  NetworkTxRateLimitExceeded:
    'Subnet registration is rate limited; wait (or set the network rate limit to 0 on a localnet).',
  TooManyRegistrationsThisBlock: 'Registration is limited per block; retry in the next block.',
  TooManyRegistrationsThisInterval: 'Registration is limited per interval; retry later.',
  NotEnoughBalanceToPayRegistration: "The coldkey can't pay the burn (see the subnet's burn cost).",
  RateLimitExceeded: 'Slow down: wait a few blocks before repeating this transaction.',
  ServingRateLimitExceeded: 'serve_axon is rate limited; wait for servingRateLimit blocks before serving again.',
  TxRateLimitExceeded: 'Transactions from this key are rate limited; wait a few blocks.',
  StakingOperationRateLimitExceeded:
    'Only one staking operation per block per hotkey/coldkey/subnet; retry next block.',
  BadOrigin: 'The call needs a different origin (for admin calls, wrap them in sudo with the sudo key).',
  RequireSudo: 'Sign with the sudo key (//Alice on a localnet).',
  InsufficientBalance: 'The account has not enough free balance.',
  Payment: 'The account cannot pay the transaction fee; fund it first.',
  Stale: 'The nonce was already used; the client resynchronises its nonce and retries.',
  Future: 'The nonce is ahead of the chain; the client resynchronises its nonce and retries.',
  PriorityTooLow:
    'Another transaction with the same nonce is already in the pool (another process using the same key?); the client retries with a fresh nonce.',
  BadProof: 'The signature did not verify: wrong genesis/runtime (a restarted localnet?) or a mismatched key.',
  ExhaustsResources: 'The block is full; retry later.',
  AncientBirthBlock: 'The transaction was signed against a block too old for its era; retry.',
};
