import type { ChainClient } from '../client.js';
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
export async function addStake(
  client: ChainClient,
  params: StakeParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  assertAmount('amount', params.amount);
  const call = buildCall(client, 'subtensorModule', 'addStake', [
    addressOf(params.hotkey),
    params.netuid,
    params.amount,
  ]);
  return send(client, call, params.coldkey, opts);
}

/** Unstakes `amount` rao of alpha from `hotkey` on a subnet back to `coldkey` (`remove_stake`). */
export async function removeStake(
  client: ChainClient,
  params: StakeParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  assertAmount('amount', params.amount);
  const call = buildCall(client, 'subtensorModule', 'removeStake', [
    addressOf(params.hotkey),
    params.netuid,
    params.amount,
  ]);
  return send(client, call, params.coldkey, opts);
}
