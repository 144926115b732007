/**
 * Metagraph sync at n = 256 on the in-process localnet (the real spec-293 runtime): registers 255 hotkeys next to the
 * owner in batched burned_register calls, lets a validator weight all 256 uids, then times lite and full syncs
 * (median of 5, wall and CPU time: on a shared machine CPU time is the steadier figure) and the epoch block. Prints
 * one JSON line. Targets: lite <= 1 s, full <= 2 s.
 */

import { cpus, loadavg } from 'node:os';
import { getNeurons } from '@subnetkit/chain';
import { addStake, createSubnet, nextEpochBlock, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { chainSource, Metagraph, setWeights } from '@subnetkit/metagraph';
import { Keypair } from '@subnetkit/wallet';

const N = 256;
const BATCH = 50;
const TEMPO = 10;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
/** Wall and CPU ms (all threads of this process, so the runtime's WASM worker too) of `fn`. */
const timeCpu = async (fn: () => Promise<unknown>) => {
  const c = process.cpuUsage();
  const wall = await time(fn);
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
};

const t0 = performance.now();
const net = await startLocalnet();
const startMs = performance.now() - t0;
const client = await net.client();
try {
  const alice = await Keypair.fromUri('//Alice');
  const { netuid } = await createSubnet(net, {
    owner: alice,
    ownerHotkey: await Keypair.fromUri('//Alice//owner'),
    hyperparams: { tempo: TEMPO },
  });
  const hotkeys: Keypair[] = [];
  for (let i = 1; i < N; i++) hotkeys.push(await Keypair.fromUri(`//Bench//${i}`));
  const regStart = performance.now();
  await registerNeurons(net, { netuid, coldkey: alice, hotkeys, batchSize: BATCH });
  const registerMs = performance.now() - regStart;

  const validator = hotkeys[0] as Keypair;
  await addStake(net, { netuid, coldkey: alice, hotkey: validator, amount: 1000n * 1_000_000_000n });
  await net.advanceToNextEpoch(netuid); // validator permits
  const uids = Array.from({ length: N }, (_, i) => i);
  await setWeights(client, { netuid, signer: validator, uids, weights: uids.map((u) => 1 + (u % 7)) });

  const mg = new Metagraph(netuid, chainSource(client));
  await mg.sync(); // warm-up (api.at decoration, caches)
  if (mg.n !== N) throw new Error(`expected n = ${N}, got ${mg.n}`);
  const lite: { wall: number; cpu: number }[] = [];
  const full: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 5; i++) lite.push(await timeCpu(() => mg.sync()));
  for (let i = 0; i < 5; i++) full.push(await timeCpu(() => mg.sync({ lite: false })));
  // Where the time goes: the runtime API call alone (WASM in chopsticks + RPC), the chain client's read with its
  // SCALE decoding, and building the metagraph's columns from decoded neurons.
  const arg = `0x${Buffer.from(Uint16Array.of(netuid).buffer).toString('hex')}`;
  const stateCall = (method: string) => () => client.api.rpc.state.call(method, arg);
  const rawLite = await timeCpu(stateCall('NeuronInfoRuntimeApi_get_neurons_lite'));
  const rawFull = await timeCpu(stateCall('NeuronInfoRuntimeApi_get_neurons'));
  const fetched = await getNeurons(client, netuid);
  const build = await timeCpu(async () => Metagraph.fromNeurons(netuid, fetched, false));
  if (mg.rawWeights(1)?.length !== N) throw new Error('full sync did not return the validator weights');

  // Time the epoch block and the ordinary block before it (the first epoch block at least two blocks ahead).
  const epochBlock = nextEpochBlock(netuid, TEMPO, net.head().number + 1);
  await net.newBlocks(epochBlock - net.head().number - 2);
  const plainBlock = await timeCpu(() => net.newBlocks(1));
  const epochBlock_ = await timeCpu(() => net.newBlocks(1));
  await mg.sync();
  const incentiveNonZero = mg.incentive.filter((x) => x > 0).length;

  console.log(
    JSON.stringify({
      bench: 'metagraph',
      n: mg.n,
      syncLiteMs: Math.round(median(lite.map((x) => x.wall))),
      syncFullMs: Math.round(median(full.map((x) => x.wall))),
      syncLiteCpuMs: Math.round(median(lite.map((x) => x.cpu))),
      syncFullCpuMs: Math.round(median(full.map((x) => x.cpu))),
      runtimeApiLiteMs: Math.round(rawLite.wall),
      runtimeApiFullMs: Math.round(rawFull.wall),
      buildColumnsFullMs: Math.round(build.wall),
      targetLiteMs: 1000,
      targetFullMs: 2000,
      epochBlockMs: Math.round(epochBlock_.wall),
      epochBlockCpuMs: Math.round(epochBlock_.cpu),
      plainBlockMs: Math.round(plainBlock.wall),
      plainBlockCpuMs: Math.round(plainBlock.cpu),
      loadAvg1m: Number(loadavg()[0]?.toFixed(1)),
      cpus: cpus().length,
      incentiveNonZero,
      registerMs: Math.round(registerMs),
      registerBatch: BATCH,
      localnetStartMs: Math.round(startMs),
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    }),
  );
} finally {
  await net.close();
}
