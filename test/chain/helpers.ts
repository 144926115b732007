/** Shared set-up for the chain client's tests against the real in-process localnet. */
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { ChainClient, findTx, registerNetwork, startCall, sudo } from '@subnetkit/chain';
import { type Localnet, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';

export const TAO = 1_000_000_000n;

/** `api.tx[section][method](...args)` without @polkadot/api augmentation (subtensor has none). */
export function call(
  client: ChainClient,
  section: string,
  method: string,
  ...args: unknown[]
): SubmittableExtrinsic<'promise'> {
  const fn = findTx(client.api, section, method);
  if (!fn) throw new Error(`runtime has no ${section}.${method}`);
  return fn(...args);
}

export async function keys() {
  return {
    alice: await Keypair.fromUri('//Alice'),
    owner: await Keypair.fromUri('//Alice//owner'),
    bob: await Keypair.fromUri('//Bob'),
    bobHot: await Keypair.fromUri('//Bob//hot'),
    charlie: await Keypair.fromUri('//Charlie'),
    charlieHot: await Keypair.fromUri('//Charlie//m1'),
    dave: await Keypair.fromUri('//Dave'),
  };
}

export async function startChain(): Promise<{ net: Localnet; client: ChainClient }> {
  const net = await startLocalnet();
  const client = await ChainClient.connect(net.newProvider());
  return { net, client };
}

export async function admin(client: ChainClient, method: string, ...args: unknown[]): Promise<void> {
  const { alice } = await keys();
  await sudo(client, call(client, 'adminUtils', method, ...args), alice);
}

/** A started subnet owned by //Alice (owner hotkey //Alice//owner = uid 0), registration limits raised. */
export async function createSubnet(net: Localnet, client: ChainClient): Promise<number> {
  const { alice, owner } = await keys();
  await admin(client, 'sudoSetNetworkRateLimit', 0);
  const { netuid } = await registerNetwork(client, { coldkey: alice, hotkey: owner });
  await admin(client, 'sudoSetTargetRegistrationsPerInterval', netuid, 10);
  await admin(client, 'sudoSetMaxRegistrationsPerBlock', netuid, 10);
  await net.newBlocks(11); // DurationOfStartCall is 10 blocks in this build
  await startCall(client, { netuid, owner: alice });
  return netuid;
}
