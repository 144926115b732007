import type { ChainClient } from '../client.js';
import type { ChainSigner } from '../signer.js';
import {
  type AccountLike,
  addressOf,
  assertU16,
  buildCall,
  findEvent,
  type SubmitOptions,
  type SubmitResult,
  send,
} from './common.js';

export interface BurnedRegisterParameters {
  netuid: number;
  /** The hotkey to register (its address, or a Keypair). */
  hotkey: AccountLike;
  /** The coldkey that pays the burn and will own the hotkey. */
  coldkey: ChainSigner;
}

export interface BurnedRegisterReturnType extends SubmitResult {
  /** The uid the hotkey got. */
  uid: number;
}

/** Registers `hotkey` on a subnet by burning TAO from `coldkey` (`burned_register`). */
export async function burnedRegister(
  client: ChainClient,
  params: BurnedRegisterParameters,
  opts?: SubmitOptions,
): Promise<BurnedRegisterReturnType> {
  assertU16('netuid', params.netuid);
  const call = buildCall(client, 'subtensorModule', 'burnedRegister', [params.netuid, addressOf(params.hotkey)]);
  const res = await send(client, call, params.coldkey, opts);
  const ev = findEvent(res.events, 'subtensorModule', 'NeuronRegistered');
  return { ...res, uid: Number(ev?.args[1] ?? -1) };
}
