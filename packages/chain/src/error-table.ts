/**
 * Tables that turn subtensor's numeric and named errors into something a user can act on.
 *
 * `CUSTOM_TRANSACTION_ERRORS`: subtensor's `CustomTransactionError`, sent by the pool as `1010 Invalid Transaction:
 * Custom error: N`. Checked against opentensor/subtensor: 0–20 and 255 as in the spec 293 runtime (pallets/subtensor,
 * `result_to_validity`), 21–27 as in common/src/transaction_error.rs at HEAD 14bc6f9f9 (2026-06-30, spec 425). Codes
 * 25–40 meant other variants in one commit of 2026-04-07 (2a3154627) that was reverted the next day; they are not
 * used here. 255 (`BadRequest`) is the catch-all: every pallet error the pool check has no code for, e.g.
 * `SubtokenDisabled` for add_stake on a subnet that is not started (see actions/stake.ts).
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
  25: 'NonAssociatedColdKey',
  26: 'DelegateTakeTooLow',
  27: 'DelegateTakeTooHigh',
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
  ZeroMaxAmount: 'A limit that must be positive (max_amount) was 0.',
  InvalidRevealRound: 'The drand reveal round of the timelocked commit is already past.',
  CommitNotFound: 'No weight commit matches this reveal.',
  CommitBlockNotInRevealRange: 'The reveal is outside the reveal window of its commit.',
  InputLengthsUnequal: 'The batch reveal lists have different lengths.',
  UidNotFound: 'The hotkey has no uid on this subnet.',
  EvmKeyAssociateRateLimitExceeded: 'associate_evm_key was called again too soon.',
  ColdkeySwapDisputed: 'The coldkey swap is disputed; the coldkey is blocked until that is settled.',
  InvalidRealAccount: 'The real account of the proxied call is invalid.',
  FailedShieldedTxParsing: 'The shielded transaction could not be parsed.',
  InvalidShieldedTxPubKeyHash: 'The shielded transaction names an unknown key hash.',
  NonAssociatedColdKey: 'The coldkey does not own this hotkey.',
  DelegateTakeTooLow: 'The delegate take is below the minimum.',
  DelegateTakeTooHigh: 'The delegate take is above the maximum.',
  BadRequest: "The pool check refused it with subtensor's catch-all code (a pallet error it has no number for).",
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
  SubtokenDisabled:
    'The subnet is not started yet: its owner coldkey sends start_call (startCall; in the CLI `subnetkit subnet start --netuid N`), allowed DurationOfStartCall blocks after the subnet was created; then retry.',
  BadRequest:
    'For add_stake/remove_stake this most often means the subnet is not started yet (its owner sends start_call first); otherwise check the arguments against the call.',
  UidNotFound: 'Register the hotkey on this subnet first (burnedRegister).',
  DelegateTakeTooLow: "Use a take at or above the chain's MinDelegateTake.",
  DelegateTakeTooHigh: "Use a take at or below the chain's MaxDelegateTake.",
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
