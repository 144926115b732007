/**
 * Who may call a miner and who goes first, decided from the metagraph (refreshed on the miner's block cadence):
 * the default blacklist refuses hotkeys not registered on the subnet and, when asked, callers below a stake
 * threshold or without a validator permit; the default priority is the caller's stake. These are the Python
 * template's `blacklist_fn` / `priority_fn` with the chain's data behind them.
 */
import type { BlacklistVerdict, HookContext } from '@subnetkit/axon';
import type { Metagraph } from '@subnetkit/metagraph';

const RAO_PER_TAO = 1e9;

export interface CallerPolicyOptions {
  /** Accept callers that are not registered on the subnet. Default false. */
  allowUnregistered?: boolean;
  /** Refuse callers whose stake (TAO; alpha on a dynamic subnet) is below this. Default: no threshold. */
  minStake?: number;
  /** Refuse callers without a validator permit. Default false. */
  requireValidatorPermit?: boolean;
}

/** A blacklist hook over the metagraph: `[true, reason]` refuses with 403 and says why. */
export function metagraphBlacklist(
  metagraph: Metagraph,
  options: CallerPolicyOptions,
): (synapse: unknown, ctx: HookContext) => BlacklistVerdict {
  const minRao = options.minStake === undefined ? undefined : BigInt(Math.round(options.minStake * RAO_PER_TAO));
  return (_synapse, ctx) => {
    const uid = metagraph.uidOf(ctx.hotkey);
    if (uid === undefined) {
      return options.allowUnregistered
        ? [false, 'unregistered caller allowed']
        : [true, `hotkey ${ctx.hotkey} is not registered on subnet ${metagraph.netuid}`];
    }
    if (minRao !== undefined && (metagraph.stake[uid] ?? 0n) < minRao) {
      return [true, `stake of uid ${uid} is below the minimum of ${options.minStake}`];
    }
    if (options.requireValidatorPermit && metagraph.validatorPermit[uid] !== 1) {
      return [true, `uid ${uid} has no validator permit`];
    }
    return [false, `uid ${uid}`];
  };
}

/** Priority by the caller's stake in TAO (0 for unknown callers): higher stake is served first when busy. */
export function stakePriority(metagraph: Metagraph): (synapse: unknown, ctx: HookContext) => number {
  return (_synapse, ctx) => {
    const uid = metagraph.uidOf(ctx.hotkey);
    return uid === undefined ? 0 : Number(metagraph.stake[uid] ?? 0n) / RAO_PER_TAO;
  };
}
