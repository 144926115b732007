// `fork`: a localnet forked from another chain's ws endpoint. The source is a localnet served on 127.0.0.1 in this
// process, holding a subnet with a validator, two miners, weights and one epoch's results.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type ChainClient, findStorage, getBalance, getNeurons, getTempo, plain, setWeights } from '@subnetkit/chain';
import { Keypair } from '@subnetkit/wallet';
import { addStake, createSubnet, registerNeurons } from './bootstrap.js';
import type { LocalnetError } from './errors.js';
import { type BlockRef, type Localnet, parseForkTarget, type StartProgress, startLocalnet } from './localnet.js';
import type { LocalnetServer } from './server.js';

const TAO = 1_000_000_000n;
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const NOBODY = '5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY';

let source: Localnet;
let sourceClient: ChainClient;
let server: LocalnetServer;
let fork: Localnet;
let forkClient: ChainClient;
let forkedAt: BlockRef;
let netuid: number;
let validator: Keypair;
let validatorUid: number;
let minerUids: number[];
const steps: StartProgress[] = [];

const weightsOf = async (client: ChainClient, uid: number, block?: string) =>
  plain(
    await (await client.api.at(block ?? (await client.api.rpc.chain.getBlockHash()))).query.subtensorModule?.weights?.(
      netuid,
      uid,
    ),
  );

before(async () => {
  source = await startLocalnet();
  sourceClient = await source.client();
  const cold = await Keypair.fromUri('//Bob');
  validator = await Keypair.fromUri('//Bob//fork-validator');
  const miners = await Promise.all([1, 2].map((i) => Keypair.fromUri(`//Bob//fork-miner${i}`)));
  ({ netuid } = await createSubnet(source));
  [validatorUid = -1, ...minerUids] = await registerNeurons(source, {
    netuid,
    coldkey: cold,
    hotkeys: [validator, ...miners],
  });
  await addStake(source, { netuid, hotkey: validator, coldkey: cold, amount: 1000n * TAO });
  await source.advanceToNextEpoch(netuid); // the validator gets its permit
  await setWeights(sourceClient, { netuid, hotkey: validator, uids: minerUids, weights: [65535, 21845] });
  await source.advanceToNextEpoch(netuid); // incentive, dividends, bonds from those weights
  // The fork must not depend on the source's sudo key: hand it to Bob on the source.
  await source.setStorage({ Sudo: { Key: BOB } });
  forkedAt = source.head();
  server = await source.serve({ port: 0 });
  fork = await startLocalnet({ fork: `${server.url}@${forkedAt.number}`, onProgress: (e) => steps.push(e) });
  forkClient = await fork.client();
});
after(async () => {
  await fork?.close();
  await source?.close();
});

describe('startLocalnet({ fork })', () => {
  it('starts on the source block and shows the same metagraph there', async () => {
    assert.deepEqual(
      steps.map((e) => e.step),
      ['fork', 'runtime'],
    );
    assert.equal(fork.mode, 'fork');
    assert.deepEqual(fork.forkBlock, forkedAt);
    const forkNeurons = await getNeurons(forkClient, netuid, { block: forkedAt.hash });
    const sourceNeurons = await getNeurons(sourceClient, netuid, { block: forkedAt.hash });
    assert.equal(forkNeurons.neurons.length, 4);
    assert.deepEqual(forkNeurons.neurons, sourceNeurons.neurons);
    const val = forkNeurons.neurons[validatorUid];
    assert.equal(val?.validatorPermit, true);
    assert.ok((val?.dividends ?? 0) > 0, 'the epoch results came along');
    assert.deepEqual(
      await weightsOf(forkClient, validatorUid),
      await weightsOf(sourceClient, validatorUid, forkedAt.hash),
    );
  });

  it('a weight set on the fork changes the fork only; the source is untouched', async () => {
    const before = await weightsOf(sourceClient, validatorUid);
    const snap = fork.snapshot();
    await setWeights(forkClient, { netuid, hotkey: validator, uids: minerUids, weights: [1000, 65535] });
    assert.deepEqual(await weightsOf(forkClient, validatorUid), [
      [minerUids[0], 1000],
      [minerUids[1], 65535],
    ]);
    assert.ok(fork.head().number > forkedAt.number);
    assert.deepEqual(await weightsOf(sourceClient, validatorUid), before);
    assert.equal(source.head().hash, forkedAt.hash, 'no block was built on the source');
    await fork.restore(snap);
    assert.deepEqual(await weightsOf(forkClient, validatorUid), before, 'snapshots work on the fork');
  });

  it('dev controls work on the fork: fund, sudo hyperparameters (//Alice), the next epoch', async () => {
    await fork.fund(NOBODY, 123n * TAO);
    assert.equal((await getBalance(forkClient, NOBODY)).free, 123n * TAO);
    assert.equal((await getBalance(sourceClient, NOBODY)).free, 0n);

    assert.equal(plain(await findStorage(sourceClient.api, 'sudo', 'key')?.()), BOB);
    await fork.setHyperparams(netuid, { tempo: 12 });
    assert.equal(await getTempo(forkClient, netuid), 12);
    assert.equal(await getTempo(sourceClient, netuid), 10);

    const epochBlock = await fork.advanceToNextEpoch(netuid);
    assert.equal(fork.head().number, epochBlock);
    const last = plain(await findStorage(forkClient.api, 'subtensorModule', 'lastMechansimStepBlock')?.(netuid));
    assert.equal(Number(last), epochBlock);
  });

  it('names an endpoint it cannot reach instead of retrying forever', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    await assert.rejects(
      startLocalnet({ fork: `ws://127.0.0.1:${port}`, rpcTimeoutMs: 5000 }),
      (e: LocalnetError) => e.code === 'LOCALNET_FORK_FAILED' && e.message.includes(`ws://127.0.0.1:${port}`),
    );
  });

  it('parses endpoint@block', () => {
    assert.deepEqual(parseForkTarget('ws://127.0.0.1:9944@12'), { endpoint: 'ws://127.0.0.1:9944', block: 12 });
    const hash = `0x${'ab'.repeat(32)}`;
    assert.deepEqual(parseForkTarget(`wss://node.example@${hash}`), { endpoint: 'wss://node.example', block: hash });
    assert.deepEqual(parseForkTarget('wss://node.example'), { endpoint: 'wss://node.example' });
    assert.throws(() => parseForkTarget('node.example:9944'), { code: 'LOCALNET_INVALID_ARGUMENT' });
  });
});
