import type { ChainClient } from '../client.js';
import { ERROR_HINTS } from '../error-table.js';
import { ChainError } from '../errors.js';
import { isSubnetStarted } from '../reads/subnet.js';
import type { ChainSigner } from '../signer.js';
import {
  type AccountLike,
  addressOf,
  assertAmount,
  assertU16,
  buildCall,
  type SubmitOptions,
  type SubmitResult,
  send,
} from './common.js';

export interface StakeParameters {
  netuid: number;
  hotkey: AccountLike;
  /** The coldkey whose TAO is staked (or who receives the unstaked TAO). */
  coldkey: ChainSigner;
  /** add: TAO to stake, rao. remove: alpha to unstake, rao. */
  amount: bigint;
}

/** Stakes `amount` rao of TAO from `coldkey` onto `hotkey` on a subnet (`add_stake`). */
export function addStake(client: ChainClient, params: StakeParameters, opts?: SubmitOptions): Promise<SubmitResult> {
  return stakeCall(client, 'addStake', params, opts);
}

/** Unstakes `amount` rao of alpha from `hotkey` on a subnet back to `coldkey` (`remove_stake`). */
export function removeStake(client: ChainClient, params: StakeParameters, opts?: SubmitOptions): Promise<SubmitResult> {
  return stakeCall(client, 'removeStake', params, opts);
}

/** add_stake and remove_stake take the same (hotkey, netuid, amount) arguments, signed by the coldkey. */
async function stakeCall(
  client: ChainClient,
  method: 'addStake' | 'removeStake',
  params: StakeParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  assertAmount('amount', params.amount);
  const call = buildCall(client, 'subtensorModule', method, [addressOf(params.hotkey), params.netuid, params.amount]);
  try {
    return await send(client, call, params.coldkey, opts);
  } catch (err) {
    throw await namedRefusal(client, method, params.netuid, err);
  }
}

/**
 * The pool refuses staking on a subnet that is not started with subtensor's catch-all `Custom error 255`
 * (`BadRequest`: `SubtokenDisabled` has no code of its own). One read tells whether that is the cause; if so the error
 * says it, under the pallet's own name (the one a runtime that checks it at dispatch reports).
 */
async function namedRefusal(client: ChainClient, method: string, netuid: number, err: unknown): Promise<unknown> {
  if (!ChainError.is(err, 'BadRequest')) return err;
  const started = await isSubnetStarted(client, netuid).catch(() => undefined);
  if (started !== false) return err;
  return new ChainError(
    'SubtokenDisabled',
    `subtensorModule.${method} failed: subnet ${netuid} is not started yet, so the chain takes no stake on it (the pool said Custom error 255 = BadRequest)`,
    {
      kind: 'pool',
      section: 'subtensorModule',
      hint: ERROR_HINTS.SubtokenDisabled?.replace('--netuid N', `--netuid ${netuid}`),
      cause: err,
      txHash: err.txHash,
      retriable: false,
    },
  );
}
