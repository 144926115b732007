import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import type { ChainSigner } from '../signer.js';
import {
  type AccountLike,
  addressOf,
  assertAmount,
  assertU16,
  buildCall,
  findEvent,
  type SubmitOptions,
  type SubmitResult,
  send,
} from './common.js';
import { buildNamedCall } from './named-call.js';

export interface RegisterNetworkParameters {
  /** Pays the lock cost and owns the subnet. */
  coldkey: ChainSigner;
  /** The owner hotkey (it becomes uid 0). */
  hotkey: AccountLike;
}

export interface RegisterNetworkReturnType extends SubmitResult {
  netuid: number;
}

/** Creates a subnet (`register_network`); returns its netuid. */
export async function registerNetwork(
  client: ChainClient,
  params: RegisterNetworkParameters,
  opts?: SubmitOptions,
): Promise<RegisterNetworkReturnType> {
  const hotkey = addressOf(params.hotkey);
  // Newer runtimes may take extra (optional) arguments; give None for any besides the hotkey.
  const fn = client.api.tx.subtensorModule?.registerNetwork;
  const names = fn ? fn.meta.args.map((a) => a.name.toString()) : ['hotkey'];
  const values: Record<string, unknown> = {};
  for (const n of names) values[n] = n === 'hotkey' ? hotkey : null;
  const call = buildNamedCall(client, 'subtensorModule', 'registerNetwork', values);
  const res = await send(client, call, params.coldkey, opts);
  const ev = findEvent(res.events, 'subtensorModule', 'NetworkAdded');
  if (!ev) {
    throw new ChainError('UnexpectedEvents', 'register_network succeeded but emitted no NetworkAdded event', {
      kind: 'unsupported',
      txHash: res.txHash,
    });
  }
  return { ...res, netuid: Number(ev.args[0]) };
}

/** Starts emissions on a subnet (`start_call`), allowed some blocks after registration. Signed by the owner coldkey. */
export async function startCall(
  client: ChainClient,
  params: { netuid: number; owner: ChainSigner },
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  return send(client, buildCall(client, 'subtensorModule', 'startCall', [params.netuid]), params.owner, opts);
}

/** Sends TAO (`balances.transfer_keep_alive`). */
export async function transfer(
  client: ChainClient,
  params: { from: ChainSigner; to: AccountLike; amount: bigint },
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertAmount('amount', params.amount);
  return send(
    client,
    buildCall(client, 'balances', 'transferKeepAlive', [addressOf(params.to), params.amount]),
    params.from,
    opts,
  );
}

/**
 * Runs `call` as root through `sudo.sudo` (a localnet's sudo key is //Alice). A failure of the inner call is raised as
 * its own named error (e.g. `BadOrigin`), not hidden behind a successful sudo extrinsic.
 */
export async function sudo(
  client: ChainClient,
  call: SubmittableExtrinsic<'promise'>,
  sudoKey: ChainSigner,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  return send(client, buildCall(client, 'sudo', 'sudo', [call]), sudoKey, opts);
}
