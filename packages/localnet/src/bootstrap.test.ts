import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ChainClient, findStorage, getNeuronsLite, getTempo, plain } from '@subnetkit/chain';
import { Keypair } from '@subnetkit/wallet';
import { addStake, createSubnet, registerNeurons } from './bootstrap.js';
import { blocksUntilNextEpoch } from './epoch.js';
import { type Localnet, type Snapshot, startLocalnet } from './localnet.js';

// One chain for the file: the subnet is built once, each test rewinds to `ready`.
let net: Localnet;
let client: ChainClient;
let netuid: number;
let ready: Snapshot;
let owner: Keypair;
let cold: Keypair;
let validator: Keypair;
let miners: Keypair[];

const sub = async (item: string, ...args: unknown[]) =>
  plain(await findStorage(client.api, 'subtensorModule', item)?.(...args));

before(async () => {
  net = await startLocalnet();
  client = await net.client();
  owner = await Keypair.fromUri('//Alice//owner');
  cold = await Keypair.fromUri('//Bob');
  validator = await Keypair.fromUri('//Bob//validator');
  miners = await Promise.all([1, 2, 3].map((i) => Keypair.fromUri(`//Bob//miner${i}`)));
  ({ netuid } = await createSubnet(net, { owner }));
});
after(() => net?.close());

describe('bootstrap helpers', () => {
  it('creates a started subnet for the owner with dev hyperparameters', async () => {
    assert.ok(netuid > 0);
    assert.equal(await sub('subnetOwner', netuid), owner.address);
    assert.equal(await getTempo(client, netuid), 10);
    assert.equal(await sub('weightsSetRateLimit', netuid), 0n);
    assert.equal(await sub('commitRevealWeightsEnabled', netuid), false);
    const firstEmission = await sub('firstEmissionBlockNumber', netuid);
    assert.ok(firstEmission !== null && firstEmission !== undefined, 'start_call was sent');
  });

  it('burn-registers hotkeys in one batched block and they show up in storage', async () => {
    const hotkeys = [validator, ...miners];
    const head = net.head().number;
    const uids = await registerNeurons(net, { netuid, coldkey: cold, hotkeys });
    assert.equal(net.head().number, head + 1, 'one block for the whole batch');
    assert.deepEqual(uids, [1, 2, 3, 4]); // uid 0 is the owner hotkey
    assert.equal(await sub('subnetworkN', netuid), 5);
    for (const [i, hk] of hotkeys.entries()) {
      assert.equal(await sub('keys', netuid, uids[i]), hk.address);
      assert.equal(await sub('owner', hk.address), cold.address);
    }
    const neurons = await getNeuronsLite(client, netuid);
    assert.deepEqual(
      neurons.neurons.map((n) => n.hotkey),
      [owner.address, ...hotkeys.map((h) => h.address)],
    );
    ready = net.snapshot();
  });

  it('adds stake that the chain then reports for the hotkey', async () => {
    await net.restore(ready);
    const before = (await sub('totalHotkeyAlpha', validator.address, netuid)) as bigint;
    await addStake(net, { netuid, hotkey: validator, coldkey: cold, amount: 100n * 10n ** 9n });
    const after = (await sub('totalHotkeyAlpha', validator.address, netuid)) as bigint;
    assert.ok(after > before, `alpha stake grew: ${before} -> ${after}`);
  });

  it('advances to the block where the epoch runs, as the runtime counts it', async () => {
    await net.restore(ready);
    const from = net.head().number;
    const epoch = await net.advanceToNextEpoch(netuid);
    assert.equal(net.head().number, epoch);
    assert.ok(epoch > from && epoch - from <= 11);
    assert.equal(blocksUntilNextEpoch(netuid, 10, epoch), 0);
    assert.equal(await sub('lastMechansimStepBlock', netuid), BigInt(epoch)); // written by the epoch itself
  });

  it('sets hyperparameters through sudo and rejects unknown or out-of-range ones', async () => {
    await net.restore(ready);
    await net.setHyperparams(netuid, { commitReveal: true, tempo: 20, minAllowedWeights: 2 });
    assert.equal(await sub('commitRevealWeightsEnabled', netuid), true);
    assert.equal(await getTempo(client, netuid), 20);
    assert.equal(await sub('minAllowedWeights', netuid), 2);
    await assert.rejects(net.setHyperparams(netuid, { tempo: 70000 }), { code: 'LOCALNET_INVALID_ARGUMENT' });
    await assert.rejects(net.setHyperparams(netuid, { nope: 1 } as never), /unknown hyperparameter 'nope'/);
    await net.restore(ready);
    assert.equal(await getTempo(client, netuid), 10, 'restore undid the sudo calls');
    // Bob's stake from an earlier test was undone too; his next transaction must not trip over a stale nonce.
    await addStake(net, { netuid, hotkey: validator, coldkey: cold, amount: 10n ** 9n });
  });
});
