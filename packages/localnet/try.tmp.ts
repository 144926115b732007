import { addStake, createSubnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';

const net = await startLocalnet();
const api: any = await net.api();
let t = performance.now();
const owner = await Keypair.fromUri('//Alice//owner');
const { netuid, startedAt } = await createSubnet(net, { owner });
console.log('subnet', netuid, startedAt, performance.now() - t, net.head());
const cold = await Keypair.fromUri('//Bob');
const hot = await Promise.all(Array.from({ length: 64 }, (_, i) => Keypair.fromUri(`//Bob//hot${i}`)));
t = performance.now();
const uids = await registerNeurons(net, { netuid, coldkey: cold, hotkeys: hot });
console.log('uids', uids.join(','), performance.now() - t);
t = performance.now();
await addStake(net, { netuid, hotkey: hot[0]!, coldkey: cold, amount: 1000n * 10n ** 9n });
console.log('stake', performance.now() - t);
console.log(
  'n',
  (await api.query.subtensorModule.subnetworkN(netuid)).toString(),
  'tempo',
  (await api.query.subtensorModule.tempo(netuid)).toString(),
);
const before = net.head().number;
t = performance.now();
const e = await net.advanceToNextEpoch(netuid);
console.log(
  'epoch block',
  e,
  'from',
  before,
  performance.now() - t,
  'lastStep',
  (await api.query.subtensorModule.lastMechansimStepBlock(netuid)).toString(),
);
t = performance.now();
await net.newBlocks(1);
console.log('block', performance.now() - t);
const e2 = await net.advanceToNextEpoch(netuid);
console.log('epoch2', e2, 'lastStep', (await api.query.subtensorModule.lastMechansimStepBlock(netuid)).toString());
console.log('rss', process.memoryUsage().rss / 1e6);
await net.close();
