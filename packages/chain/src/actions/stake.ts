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
  return send(client, call, params.coldkey, opts);
}
