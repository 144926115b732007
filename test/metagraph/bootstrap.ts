/**
 * The subnet every metagraph test starts from, built with @subnetkit/localnet's bootstrap helpers: tempo 10, weights
 * rate limit 0, commit-reveal off, a staked validator (uid 1) and three miners (uids 2-4).
 */
import { addStake, createSubnet, type Localnet, registerNeurons } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';

export const TAO = 1_000_000_000n;

export interface Subnet {
  netuid: number;
  owner: Keypair;
  ownerHot: Keypair;
  validator: { cold: Keypair; hot: Keypair };
  miners: { cold: Keypair; hot: Keypair }[];
}

export async function bootstrapSubnet(net: Localnet): Promise<Subnet> {
  const owner = await Keypair.fromUri('//Alice');
  const ownerHot = await Keypair.fromUri('//Alice//owner');
  const { netuid } = await createSubnet(net, { owner, ownerHotkey: ownerHot, hyperparams: { tempo: 10 } });
  const validator = { cold: await Keypair.fromUri('//Bob'), hot: await Keypair.fromUri('//Bob//hot') };
  const charlie = await Keypair.fromUri('//Charlie');
  const miners: Subnet['miners'] = [];
  for (const i of [1, 2, 3]) miners.push({ cold: charlie, hot: await Keypair.fromUri(`//Charlie//m${i}`) });
  await registerNeurons(net, { netuid, coldkey: validator.cold, hotkeys: [validator.hot] });
  await registerNeurons(net, { netuid, coldkey: charlie, hotkeys: miners.map((m) => m.hot) });
  await addStake(net, { netuid, coldkey: validator.cold, hotkey: validator.hot, amount: 1000n * TAO });
  await net.advanceToNextEpoch(netuid); // the epoch hands out validator permits by stake
  return { netuid, owner, ownerHot, validator, miners };
}
