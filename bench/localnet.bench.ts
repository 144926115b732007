/**
 * Localnet figures: start-up (cold genesis build vs cached), empty block, the epoch block of a subnet with n = 64,
 * batched registration, RSS. Prints one JSON line.
 *   node --import tsx bench/localnet.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blocksUntilNextEpoch, createSubnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';

const ms = (t0: number) => Math.round(performance.now() - t0);
const cacheDir = mkdtempSync(join(tmpdir(), 'subnetkit-bench-'));
const N = 64;

try {
  let t = performance.now();
  const cold = await startLocalnet({ cacheDir });
  const startColdMs = ms(t);
  await cold.close();

  t = performance.now();
  const net = await startLocalnet({ cacheDir });
  const startCachedMs = ms(t);
  const rssIdleMb = Math.round(process.memoryUsage().rss / 2 ** 20);

  t = performance.now();
  await net.newBlocks(10);
  const emptyBlockMs = Math.round(ms(t) / 10);

  t = performance.now();
  const owner = await Keypair.fromUri('//Alice//bench-owner');
  const { netuid } = await createSubnet(net, { owner, hyperparams: { tempo: 10 } });
  const createSubnetMs = ms(t);

  const cold2 = await Keypair.fromUri('//Bob');
  const hotkeys = await Promise.all(Array.from({ length: N - 1 }, (_, i) => Keypair.fromUri(`//Bob//bench${i}`)));
  t = performance.now();
  await registerNeurons(net, { netuid, coldkey: cold2, hotkeys });
  const register63Ms = ms(t);

  // Build up to the block before the epoch, then time the epoch block alone.
  const until = blocksUntilNextEpoch(netuid, 10, net.head().number + 1);
  if (until > 0) await net.newBlocks(until);
  t = performance.now();
  await net.newBlocks(1);
  const epochBlockMs = ms(t);
  t = performance.now();
  await net.newBlocks(1);
  const blockAfterEpochMs = ms(t);
  t = performance.now();
  const epochAt = await net.advanceToNextEpoch(netuid);
  const fullTempoMs = ms(t);
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  await net.close();

  console.log(
    JSON.stringify({
      bench: 'localnet',
      startColdMs,
      startCachedMs,
      emptyBlockMs,
      createSubnetMs,
      register63BatchedMs: register63Ms,
      n: N,
      epochBlockMs,
      blockAfterEpochMs,
      tempo10AdvanceMs: fullTempoMs,
      epochAt,
      rssIdleMb,
      rssMb,
    }),
  );
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
