/**
 * A local subnet on its own page: the in-process localnet, a validator and three miners, the dashboard, and one
 * weights epoch after a few seconds so the page has something to show. Ctrl-C stops it.
 *
 *   node --conditions=subnetkit-source --import tsx packages/dashboard/examples/localnet.ts [--port 8500]
 */
import { startDashboard } from '@subnetkit/dashboard';
import { addStake, createSubnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { setWeights } from '@subnetkit/metagraph';
import { Keypair } from '@subnetkit/wallet';

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 8500);
const net = await startLocalnet();
const { netuid } = await createSubnet(net, { owner: await Keypair.fromUri('//Alice') });
const cold = await Keypair.fromUri('//Bob');
const [validator, ...miners] = await Promise.all(['v', 'm1', 'm2', 'm3'].map((n) => Keypair.fromUri(`//Bob//${n}`)));
const uids = await registerNeurons(net, { netuid, coldkey: cold, hotkeys: [validator!, ...miners] });
await addStake(net, { netuid, hotkey: validator!, coldkey: cold, amount: 1000n * 10n ** 9n });
await net.advanceToNextEpoch(netuid); // validator permits

const client = await net.client();
const dash = await startDashboard({ chain: client, netuid, port });
console.log(`dashboard: ${dash.url}`);

await setWeights(client, { netuid, signer: validator!, uids: uids.slice(1), weights: [0.5, 0.3, 0.2] });
await net.advanceToNextEpoch(netuid); // the page updates itself: incentive, emission, the heatmap
net.setIdleBlockTime(2_000); // keep blocks coming, as a live chain would

process.once('SIGINT', async () => {
  await dash.close();
  await net.close();
});
