/**
 * Fuzz of a digits miner (tensor fields; test/reliability/fuzz/digits-miner.ts runs the example's model pieces in its
 * own process) with DIGITS_FUZZ_RUNS generated requests (fuzz/digits-cases.ts): valid batches are answered 200 with
 * `probs` of shape [n, 10]; every lie about a tensor is refused with a documented 4xx, never a 5xx, never served; the
 * miner survives and its memory stays bounded. Seeded: FUZZ_SEED reproduces a run.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Keypair } from '@subnetkit/wallet';
import fc from 'fast-check';
import { buildDigits, digitsSpecArb } from './fuzz/digits-cases.js';
import { runFuzz } from './fuzz/run.js';
import { figures, type Miner, startMiner } from './support.js';

const RUNS = Number(process.env.DIGITS_FUZZ_RUNS ?? 800);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let miner: Miner;
let keys: Keypair[];

before(async () => {
  miner = await startMiner('test/reliability/fuzz/digits-miner.ts', []);
  keys = await Promise.all(Array.from({ length: 16 }, (_, i) => Keypair.fromUri(`//Digits${i}`)));
});
after(async () => {
  await miner?.stop();
});

test(`fuzz, digits miner: ${RUNS} tensor requests, valid ones served, every lie refused`, {
  timeout: 400_000,
}, async () => {
  const specs = fc.sample(digitsSpecArb, { numRuns: RUNS, seed: SEED });
  const { figures: f, problems } = await runFuzz(
    miner,
    specs.length,
    (i) => buildDigits(specs[i]!, keys[specs[i]!.key]!, miner.hotkey),
    { concurrency: 8, deadlineMs: 300_000 },
  );
  figures('digits-fuzz', { seed: SEED, ...f });
  assert.ok(miner.alive(), `the miner died: ${miner.stderr().slice(-2000)}`);
  assert.deepEqual(problems, [], `seed ${SEED}`);
  assert.equal(f.requests, specs.length, `only ${f.requests} requests ran before the time bound`);
  assert.ok(
    f.minerRssPeakMb < f.minerRssStartMb + 400,
    `miner RSS grew from ${f.minerRssStartMb} to ${f.minerRssPeakMb} MB`,
  );
});
