/**
 * Faults, a weight submission stuck in the pool, on the real in-process localnet (its pool in Manual mode holds
 * transactions until the test builds a block) with a Validator in this process, stepped by the test:
 *
 * - while set_weights waits in the pool the validator keeps stepping (querying, scoring, saving) and never sends a
 *   second one; after `weightsTimeoutMs` it abandons the submission with a NEURON_WEIGHTS_TIMEOUT warning;
 * - the chain moves on without it: still in the pool, so nothing is resent; then it lands: counted, not resent;
 * - a later stuck one is dropped by the node: resent at the next block, and that one lands. Two set_weights in all.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { getWeights } from '@subnetkit/chain';
import { type Localnet, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';
import { pino } from 'pino';
import { StateStore, type StepSummary, Validator } from 'subnetkit';
import { Dummy, double } from '../../examples/dummy/protocol.js';
import { type FaultSubnet, faultSubnet, signedCalls } from './support/validator-subnet.js';
import { figures } from './support.js';

let net: Localnet;
let dir: string;
let subnet: FaultSubnet | undefined;
const results: Record<string, unknown> = {};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faults-weights-'));
  net = await startLocalnet();
});

after(async () => {
  await subnet?.miner.close();
  await net?.close();
  await rm(dir, { recursive: true, force: true });
  figures('faults-weights', results);
});

const TIMEOUT_MS = 12_000;
const pool = () => net.chain.txPool.pendingExtrinsics.length;
const setManual = (manual: boolean) => {
  net.chain.txPool.mode = (manual ? 'Manual' : 'Instant') as typeof net.chain.txPool.mode;
};
/** A block without the pool's transactions: the chain moves on, the stuck one stays stuck. */
const emptyBlock = () => net.chain.newBlock({ transactions: [] });

test('set_weights stuck in the pool: steps go on, no second submission, abandoned with NEURON_WEIGHTS_TIMEOUT, resent only once it is gone', async () => {
  subnet = await faultSubnet(net, { commitReveal: false });
  const client = await net.client();
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const statePath = join(dir, 'stuck.json');
  const firstBlock = net.head().number + 1;
  setManual(true);
  const validator = new Validator({
    netuid: subnet.netuid,
    client,
    signer: await Keypair.fromUri(subnet.validatorUri),
    synapse: Dummy,
    statePath,
    syncEveryBlocks: 1,
    weightsTimeoutMs: TIMEOUT_MS,
    handleSignals: false,
    logger,
    challenge: ({ step }) => ({ input: { input: step } }),
    reward: (challenge, response) => (response.output === double(challenge.input.input) ? 1 : 0),
  });
  try {
    await validator.start();
    const ours = pool; // nothing else sends in this test

    // 1. Weights are due: the step sends set_weights, waits a few seconds for it, and returns with it pending.
    const t0 = performance.now();
    const first = await validator.step();
    results.firstStepMs = Math.round(performance.now() - t0);
    assert.equal(first.weights, undefined, 'nothing settled: the transaction waits in the pool');
    assert.equal(first.weightsPendingSince, first.block);
    assert.equal(ours(), 1);

    // 2. Steps go on while it is pending, each querying the miner and saving; the pool never gets a second one.
    const during: StepSummary[] = [];
    let last = first;
    while (!last.weights) {
      assert.ok(performance.now() - t0 < TIMEOUT_MS + 60_000, 'the submission was abandoned in time');
      await new Promise((r) => setTimeout(r, 250)); // a step interval, as run() keeps
      last = await validator.step();
      during.push(last);
      assert.equal(ours(), 1, `step ${last.step}: still one transaction of ours in the pool`);
    }
    results.abandonedAfterMs = Math.round(performance.now() - t0);
    results.stepsWhilePending = during.length - 1;
    const pendingSteps = during.filter((s) => s.weightsPendingSince === first.block);
    assert.ok(pendingSteps.length >= 2, `steps while pending: ${pendingSteps.length}`);
    assert.ok(
      pendingSteps.every((s) => s.successes === 1 && s.rewards[0] === 1),
      `each queried and scored the miner: ${JSON.stringify(pendingSteps.filter((s) => s.successes !== 1 || s.rewards[0] !== 1).slice(0, 3))}`,
    );
    assert.deepEqual(last.weights, { outcome: 'failed', error: 'NEURON_WEIGHTS_TIMEOUT', retry: true });
    assert.equal((await new StateStore(statePath).load())?.step, last.step, 'the state is saved by every step');
    const warned = logs.find((l) => l.error === 'NEURON_WEIGHTS_TIMEOUT');
    assert.equal(warned?.level, 40, 'a warning names the error');
    assert.match(String(warned?.msg), /not in a block after 12000 ms, abandoned/);

    // 3. The chain stands still, then moves on without it: it is still in the pool, so nothing is sent again.
    for (let i = 0; i < 2; i++) {
      const s = await validator.step();
      assert.equal(s.weightsPendingSince, undefined, 'no retry while the chain stands still');
    }
    await emptyBlock();
    const moved = await validator.step();
    assert.equal(moved.weightsPendingSince, undefined);
    assert.equal(ours(), 1, 'the stuck transaction alone, no second one beside it');
    assert.ok(logs.some((l) => String(l.msg).includes('still waits in the node pool')));

    // 4. It lands late: counted as this interval's weights, not sent again.
    await net.newBlocks(1);
    const landed = await validator.step();
    assert.equal(landed.weights?.outcome, 'set');
    assert.equal(landed.weightsPendingSince, undefined);
    assert.ok(logs.some((l) => String(l.msg).includes('landed after all')));
    assert.deepEqual(
      (await signedCalls(net, subnet.validatorHotkey, firstBlock, net.head().number)).map((c) => c.split('@')[0]),
      ['subtensorModule.setWeights'],
    );

    // 5. The next interval's submission is stuck too, and then the node drops it: resent at the next block.
    await net.newBlocks(Math.max(0, landed.nextWeightsBlock - net.head().number));
    const second = await validator.step();
    assert.equal(second.weightsPendingSince, second.block);
    assert.equal(ours(), 1);
    let s = second;
    while (!s.weights) s = await validator.step();
    assert.equal(s.weights.outcome === 'failed' && s.weights.error, 'NEURON_WEIGHTS_TIMEOUT');
    net.chain.txPool.clear(); // dropped by the node
    await emptyBlock();
    const resent = await validator.step();
    assert.equal(ours(), 1, 'sent again once the node no longer holds it');
    assert.equal(resent.weights, undefined, 'the resend waits in the pool like the first');
    await net.newBlocks(1);
    let reported = await validator.step();
    const until = performance.now() + 60_000;
    while (!reported.weights && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 200)); // the inclusion reaches the validator a moment after the block
      reported = await validator.step();
    }
    assert.equal(reported.weights?.outcome, 'set');
    const calls = await signedCalls(net, subnet.validatorHotkey, firstBlock, net.head().number);
    assert.deepEqual(
      calls.map((c) => c.split('@')[0]),
      ['subtensorModule.setWeights', 'subtensorModule.setWeights'],
      `the late one and the resend, nothing more: ${calls.join(', ')}`,
    );
    const weights = await getWeights(client, subnet.netuid, subnet.validatorUid);
    assert.ok(weights.some(([uid]) => uid === subnet!.miner.uid));
  } finally {
    setManual(false);
    await validator.close();
  }
});
