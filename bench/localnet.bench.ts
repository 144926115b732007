/**
 * Localnet figures: start-up (cold genesis build vs cached), empty block, the epoch block of a subnet with n = 64,
 * batched registration, RSS. Each figure is wall ms and CPU ms of this process (all threads, incl. the WASM worker):
 * on a busy shared machine the CPU figure is the stable one. Prints one JSON line.
 *   node --import tsx bench/localnet.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { blocksUntilNextEpoch, createSubnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';

const N = 64;
const cacheDir = mkdtempSync(join(tmpdir(), 'subnetkit-bench-'));
const figures: Record<string, unknown> = { bench: 'localnet', n: N, loadavg1: Number(loadavg()[0]?.toFixed(1)) };

/** Runs `fn`, records `{ wallMs, cpuMs }` (divided by `per`) under `name`. */
async function measure<T>(name: string, fn: () => Promise<T>, per = 1): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  figures[name] = { wallMs: Math.round(wall / per), cpuMs: Math.round((cpu.user + cpu.system) / 1000 / per) };
  return out;
}

try {
  const cold = await measure('startColdGenesis', () => startLocalnet({ cacheDir }));
  await cold.close();
  const net = await measure('startCachedGenesis', () => startLocalnet({ cacheDir }));
  figures.rssIdleMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  await net.client();
  await measure('emptyBlock', () => net.newBlocks(10), 10);

  const owner = await Keypair.fromUri('//Alice//bench-owner');
  const { netuid } = await measure('createSubnet', () => createSubnet(net, { owner, hyperparams: { tempo: 10 } }));
  const coldkey = await Keypair.fromUri('//Bob');
  const hotkeys = await Promise.all(Array.from({ length: N - 1 }, (_, i) => Keypair.fromUri(`//Bob//bench${i}`)));
  await measure('register63Batched', () => registerNeurons(net, { netuid, coldkey, hotkeys }));

  // Build up to the block before the epoch, then time the epoch block alone and an ordinary block after it.
  const until = blocksUntilNextEpoch(netuid, 10, net.head().number + 1);
  if (until > 0) await net.newBlocks(until);
  await measure('epochBlockN64', () => net.newBlocks(1));
  await measure('blockAfterEpochN64', () => net.newBlocks(1));
  await measure('advanceToNextEpochTempo10', () => net.advanceToNextEpoch(netuid));
  figures.rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  await net.close();
  console.log(JSON.stringify(figures));
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
