/**
 * @subnetkit/chain reads against the real subtensor runtime (in-process localnet): the runtime APIs decoded into
 * plain values, and the storage fallback agreeing with them. One chain for the file, state built once in `before`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChainClient, NeuronInfo } from '@subnetkit/chain';
import {
  addStake,
  burnedRegister,
  ChainError,
  getAxon,
  getBalance,
  getBlockHash,
  getBlockNumber,
  getBurn,
  getHotkeyOwner,
  getNetuids,
  getNeuron,
  getNeurons,
  getNeuronsLite,
  getStakeInfoForColdkey,
  getSubnetHyperparams,
  getSubnetN,
  getSubnetOwner,
  getTempo,
  getUid,
  serveAxon,
  setWeights,
  subnetExists,
} from '@subnetkit/chain';
import type { Localnet } from '@subnetkit/localnet';
import { admin, createSubnet, keys, startChain, TAO } from './helpers.js';

let net: Localnet;
let client: ChainClient;
let netuid: number;
let k: Awaited<ReturnType<typeof keys>>;
let blockWithTwo: number;

before(async () => {
  ({ net, client } = await startChain());
  k = await keys();
  netuid = await createSubnet(net, client);
  await burnedRegister(client, { netuid, hotkey: k.bobHot, coldkey: k.bob });
  blockWithTwo = net.head().number;
  await burnedRegister(client, { netuid, hotkey: k.charlieHot, coldkey: k.charlie });
  await addStake(client, { netuid, hotkey: k.bobHot, coldkey: k.bob, amount: 50n * TAO });
  await serveAxon(client, { netuid, hotkey: k.owner, ip: '127.0.0.2', port: 8091 });
  await admin(client, 'sudoSetWeightsSetRateLimit', netuid, 0);
  await setWeights(client, { netuid, hotkey: k.owner, uids: [0], weights: [40000] });
});

after(async () => {
  await client?.close();
  await net?.close();
});

test('block number and hash follow the chain head; an unknown block is null', async () => {
  assert.equal(await getBlockNumber(client), net.head().number);
  assert.equal(await getBlockHash(client), net.head().hash);
  assert.equal(await getBlockHash(client, net.head().number), net.head().hash);
  assert.equal(await getBlockHash(client, net.head().number + 1000), null);
});

test('hyperparameters: the runtime API decodes to typed values and the storage fallback agrees', async () => {
  const api = await getSubnetHyperparams(client, netuid);
  assert.ok(api);
  assert.equal(api.tempo, 10);
  assert.equal(api.weightsRateLimit, 0n);
  assert.equal(typeof api.minBurn, 'bigint');
  assert.equal(api.commitRevealWeightsEnabled, false);
  assert.equal(api.maxValidators, 64);
  const fromStorage = await getSubnetHyperparams(client, netuid, { source: 'storage' });
  assert.ok(fromStorage);
  const keysChecked = Object.keys(fromStorage);
  assert.ok(keysChecked.length >= 20, `storage gave ${keysChecked.length} fields`);
  for (const key of keysChecked) assert.deepEqual(fromStorage[key], api[key], `field ${key}`);
  assert.equal(await getSubnetHyperparams(client, netuid + 7), null);
  assert.equal(await getSubnetHyperparams(client, netuid + 7, { source: 'storage' }), null);
});

test('neurons lite and full: plain typed objects, equal through the runtime API and through storage', async () => {
  const lite = await getNeuronsLite(client, netuid);
  assert.equal(lite.block, net.head().number);
  assert.deepEqual(
    lite.neurons.map((n) => [n.uid, n.hotkey, n.coldkey]),
    [
      [0, k.owner.address, k.alice.address],
      [1, k.bobHot.address, k.bob.address],
      [2, k.charlieHot.address, k.charlie.address],
    ],
  );
  const owner = lite.neurons[0];
  assert.deepEqual(owner?.axon && { ip: owner.axon.ip, port: owner.axon.port, ipType: owner.axon.ipType }, {
    ip: '127.0.0.2',
    port: 8091,
    ipType: 4,
  });
  assert.equal(lite.neurons[1]?.axon, null);
  assert.equal(typeof lite.neurons[1]?.emission, 'bigint');
  assert.ok((lite.neurons[1]?.stake ?? 0n) > 0n);
  assert.equal(typeof lite.neurons[0]?.lastUpdate, 'number');

  const full = await getNeurons(client, netuid);
  assert.deepEqual((full.neurons[0] as NeuronInfo).weights, [[0, 65535]]);
  assert.deepEqual(full.neurons[1]?.weights, []);

  const liteStorage = await getNeuronsLite(client, netuid, { source: 'storage' });
  const fullStorage = await getNeurons(client, netuid, { source: 'storage' });
  assert.deepEqual(liteStorage.neurons, lite.neurons);
  assert.deepEqual(fullStorage.neurons, full.neurons);
});

test('reads can be pinned to an earlier block', async () => {
  const then = await getNeuronsLite(client, netuid, { block: blockWithTwo });
  assert.equal(then.block, blockWithTwo);
  assert.equal(then.neurons.length, 2);
  assert.equal(await getSubnetN(client, netuid, { block: blockWithTwo }), 2);
  assert.equal(await getSubnetN(client, netuid), 3);
  await assert.rejects(getSubnetN(client, netuid, { block: net.head().number + 50 }), (err: unknown) =>
    ChainError.is(err, 'UnknownBlock'),
  );
});

test('one neuron by uid, and null for a free uid', async () => {
  const lite = await getNeuronsLite(client, netuid);
  assert.deepEqual(await getNeuron(client, netuid, 1), lite.neurons[1]);
  assert.equal(await getNeuron(client, netuid, 99), null);
});

test('axon, owner, uid, subnet facts, balance, stake info', async () => {
  assert.equal((await getAxon(client, netuid, k.owner.address))?.ip, '127.0.0.2');
  assert.equal(await getAxon(client, netuid, k.bobHot.address), null);
  assert.equal(await getUid(client, netuid, k.charlieHot.address), 2);
  assert.equal(await getUid(client, netuid, k.dave.address), null);
  assert.equal(await getHotkeyOwner(client, k.bobHot.address), k.bob.address);
  assert.equal(await getHotkeyOwner(client, k.dave.address), null);
  assert.equal(await subnetExists(client, netuid), true);
  assert.equal(await subnetExists(client, netuid + 7), false);
  assert.ok((await getNetuids(client)).includes(netuid));
  assert.deepEqual(await getSubnetOwner(client, netuid), { coldkey: k.alice.address, hotkey: k.owner.address });
  assert.equal(await getSubnetOwner(client, netuid + 7), null);
  assert.equal(await getTempo(client, netuid), 10);
  assert.ok((await getBurn(client, netuid)) > 0n);
  const balance = await getBalance(client, k.dave.address);
  assert.equal(balance.free, 2_000n * TAO);
  assert.equal((await getBalance(client, k.charlieHot.address)).free, 0n);
  const stakes = await getStakeInfoForColdkey(client, k.bob.address);
  const mine = stakes.find((s) => s.hotkey === k.bobHot.address && s.netuid === netuid);
  assert.ok(mine && mine.stake > 0n);
});

test('reads are bounded by a timeout and an AbortSignal, and bad input is refused before any request', async () => {
  await assert.rejects(
    client.read('a read that never answers', () => new Promise<never>(() => {}), { timeoutMs: 50 }),
    (err: unknown) =>
      ChainError.is(err, 'Timeout') && /a read that never answers timed out after 50 ms/.test((err as Error).message),
  );
  const ac = new AbortController();
  const pending = client.read('another', () => new Promise<never>(() => {}), { signal: ac.signal });
  ac.abort();
  await assert.rejects(pending, (err: unknown) => ChainError.is(err, 'Aborted'));
  await assert.rejects(getNeuronsLite(client, 70000), (err: unknown) => ChainError.is(err, 'InvalidNetuid'));
  await assert.rejects(getNeuronsLite(client, netuid, { block: '0x1234' }), (err: unknown) =>
    ChainError.is(err, 'InvalidBlock'),
  );
});
