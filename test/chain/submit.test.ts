/**
 * @subnetkit/chain against the real subtensor runtime (in-process localnet): extrinsic builders, decoded errors and
 * nonce tracking. One chain for the file; every test starts from the same snapshot.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { ChainClient } from '@subnetkit/chain';
import {
  addStake,
  burnedRegister,
  ChainError,
  commitWeights,
  getAxon,
  getBalance,
  getHotkeyStake,
  getNeuronsLite,
  getStake,
  getSubnetN,
  getUid,
  getWeightCommits,
  getWeights,
  registerNetwork,
  revealWeights,
  SUBTENSOR_SIGNED_EXTENSIONS,
  serveAxon,
  setWeights,
  startCall,
  sudo,
  transfer,
  unsupportedSignedExtensions,
} from '@subnetkit/chain';
import type { Localnet, Snapshot } from '@subnetkit/localnet';
import { admin, call, createSubnet, keys, startChain, TAO } from './helpers.js';

let net: Localnet;
let client: ChainClient;
let netuid: number;
let base: Snapshot;
let k: Awaited<ReturnType<typeof keys>>;

before(async () => {
  ({ net, client } = await startChain());
  k = await keys();
  netuid = await createSubnet(net, client);
  base = net.snapshot();
});

afterEach(async () => {
  await net.restore(base);
  client.nonces.reset(); // the chain went back: forget the counted nonces
});

after(async () => {
  await client?.close();
  await net?.close();
});

function rejectsWith(code: string, kind?: string) {
  return (err: unknown) => {
    assert.ok(ChainError.is(err), `expected a ChainError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (kind) assert.equal(err.kind, kind);
    return true;
  };
}

test('register_network then start_call: too early is a named error, after the delay it starts emissions', async () => {
  const other = await (await import('@subnetkit/wallet')).Keypair.fromUri('//Alice//second');
  const { netuid: second } = await registerNetwork(client, { coldkey: k.alice, hotkey: other });
  assert.equal(second, netuid + 1);
  await assert.rejects(startCall(client, { netuid: second, owner: k.alice }), (err: unknown) => {
    rejectsWith('NeedWaitingMoreBlocksToStarCall', 'dispatch')(err);
    const e = err as ChainError;
    assert.equal(e.section, 'subtensorModule');
    assert.ok(e.docs && e.docs.length > 0, 'carries the docs from the metadata');
    assert.match(e.message, /wait/);
    return true;
  });
  await net.newBlocks(11);
  const res = await startCall(client, { netuid: second, owner: k.alice });
  assert.ok(res.events.some((e) => e.method === 'FirstEmissionBlockNumberSet'));
});

test('burned_register gives the hotkey a uid that the reads show', async () => {
  const before = await getBalance(client, k.bob.address);
  const res = await burnedRegister(client, { netuid, hotkey: k.bobHot, coldkey: k.bob });
  assert.equal(res.uid, 1);
  assert.equal(await getUid(client, netuid, k.bobHot.address), 1);
  assert.equal(await getSubnetN(client, netuid), 2);
  const { neurons, block } = await getNeuronsLite(client, netuid);
  assert.equal(block, res.blockNumber);
  const n = neurons.find((x) => x.uid === 1);
  assert.equal(n?.hotkey, k.bobHot.address);
  assert.equal(n?.coldkey, k.bob.address);
  const afterBalance = await getBalance(client, k.bob.address);
  assert.ok(afterBalance.free < before.free, 'the burn was paid');
  // Registering twice is refused with the runtime's name for it.
  await assert.rejects(
    burnedRegister(client, { netuid, hotkey: k.bobHot, coldkey: k.bob }),
    rejectsWith('HotKeyAlreadyRegisteredInSubNet'),
  );
});

test('add_stake moves TAO into stake; staking more than the balance is refused as BalanceTooLow', async () => {
  await burnedRegister(client, { netuid, hotkey: k.bobHot, coldkey: k.bob });
  assert.equal(await getHotkeyStake(client, k.bobHot.address, netuid), 0n);
  await addStake(client, { netuid, hotkey: k.bobHot, coldkey: k.bob, amount: 100n * TAO });
  const total = await getHotkeyStake(client, k.bobHot.address, netuid);
  assert.ok(total > 0n, `stake is ${total}`);
  assert.equal(await getStake(client, { hotkey: k.bobHot.address, coldkey: k.bob.address, netuid }), total);
  const { neurons } = await getNeuronsLite(client, netuid);
  assert.equal(neurons.find((n) => n.uid === 1)?.stake, total);
  // Dave has 2,000 TAO.
  await assert.rejects(
    addStake(client, { netuid, hotkey: k.bobHot, coldkey: k.dave, amount: 5_000n * TAO }),
    (err: unknown) => {
      // Spec 293 refuses it in the pool (custom error 2) before the dispatch check NotEnoughBalanceToStake.
      assert.ok(ChainError.is(err));
      assert.equal(err.code, 'BalanceTooLow', err.message);
      assert.equal(err.kind, 'pool');
      assert.match(err.hint ?? '', /balance/);
      return true;
    },
  );
});

test('add_stake on a subnet that is not started is SubtokenDisabled, naming the subnet and start_call', async () => {
  const { netuid: fresh } = await registerNetwork(client, { coldkey: k.alice, hotkey: k.bobHot });
  await assert.rejects(
    addStake(client, { netuid: fresh, hotkey: k.bobHot, coldkey: k.alice, amount: 10n * TAO }),
    (err: unknown) => {
      // The pool's bare "Custom error 255 = BadRequest", named after one read of SubtokenEnabled.
      rejectsWith('SubtokenDisabled', 'pool')(err);
      const e = err as ChainError;
      assert.match(e.message, new RegExp(`subnet ${fresh} is not started yet`));
      assert.match(e.hint ?? '', new RegExp(`start_call.*subnetkit subnet start --netuid ${fresh}`));
      assert.equal((e.cause as ChainError).code, 'BadRequest');
      return true;
    },
  );
  await net.newBlocks(11);
  await startCall(client, { netuid: fresh, owner: k.alice });
  await addStake(client, { netuid: fresh, hotkey: k.bobHot, coldkey: k.alice, amount: 10n * TAO });
  assert.ok((await getHotkeyStake(client, k.bobHot.address, fresh)) > 0n);
});

test('serve_axon publishes 127.0.0.2; 127.0.0.1 is refused client-side and by the chain', async () => {
  await serveAxon(client, { netuid, hotkey: k.owner, ip: '127.0.0.2', port: 8091 });
  const axon = await getAxon(client, netuid, k.owner.address);
  assert.equal(axon?.ip, '127.0.0.2');
  assert.equal(axon?.port, 8091);
  assert.equal(axon?.ipType, 4);
  assert.equal(axon?.protocol, 4);
  const { neurons } = await getNeuronsLite(client, netuid);
  assert.equal(neurons[0]?.axon?.ip, '127.0.0.2');

  await assert.rejects(
    serveAxon(client, { netuid, hotkey: k.owner, ip: '127.0.0.1', port: 8092 }),
    (err: unknown) => rejectsWith('InvalidIpAddress', 'input')(err) && /127\.0\.0\.2/.test((err as Error).message),
  );
  // Bypassing the check: the pool refuses it (subtensor custom error 11), decoded to the same name.
  const raw = call(client, 'subtensorModule', 'serveAxon', netuid, 1, 0x7f000001, 8092, 4, 4, 0, 0);
  await assert.rejects(client.submit(raw, k.owner), (err: unknown) => {
    rejectsWith('InvalidIpAddress', 'pool')(err);
    assert.match((err as ChainError).message, /Custom error 11/);
    return true;
  });
});

test('set_weights inside the rate limit fails with SettingWeightsTooFast; with the limit at 0 it is stored', async () => {
  await assert.rejects(setWeights(client, { netuid, hotkey: k.owner, uids: [0], weights: [65535] }), (err: unknown) => {
    rejectsWith('SettingWeightsTooFast', 'dispatch')(err);
    const e = err as ChainError;
    assert.equal(e.section, 'subtensorModule');
    assert.match(e.hint ?? '', /WeightsSetRateLimit/);
    assert.ok(e.blockHash && e.txHash);
    return true;
  });
  await admin(client, 'sudoSetWeightsSetRateLimit', netuid, 0);
  await setWeights(client, { netuid, hotkey: k.owner, uids: [0], weights: [100] });
  assert.deepEqual(await getWeights(client, netuid, 0), [[0, 65535]]); // max-upscaled by the chain
});

test('with commit-reveal on: set_weights is CommitRevealEnabled, a commit is stored, an early reveal is RevealTooEarly', async () => {
  await admin(client, 'sudoSetWeightsSetRateLimit', netuid, 0);
  await admin(client, 'sudoSetCommitRevealWeightsEnabled', netuid, true);
  await assert.rejects(
    setWeights(client, { netuid, hotkey: k.owner, uids: [0], weights: [65535] }),
    (err: unknown) =>
      rejectsWith('CommitRevealEnabled', 'dispatch')(err) && /commitWeights/.test((err as Error).message),
  );
  const uids = [0];
  const values = [65535];
  const salt = [1, 2, 3, 4, 5, 6, 7, 8];
  const encoded = client.api
    .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
      k.owner.address,
      netuid,
      uids,
      values,
      salt,
      0,
    ])
    .toU8a();
  const hash = blake2AsHex(encoded, 256);
  const res = await commitWeights(client, { netuid, hotkey: k.owner, commitHash: hash });
  const commits = await getWeightCommits(client, netuid, k.owner.address);
  assert.equal(commits.length, 1);
  assert.equal(commits[0]?.hash, hash);
  assert.equal(commits[0]?.commitBlock, res.blockNumber);
  await assert.rejects(
    revealWeights(client, { netuid, hotkey: k.owner, uids, weights: values, salt }),
    rejectsWith('RevealTooEarly', 'dispatch'),
  );
});

test('nonces: a refused and a failed transaction are each followed at once by a good one from the same key', async () => {
  const start = (await client.api.rpc.system.accountNextIndex(k.alice.address)).toNumber();
  // Refused by the pool (never in a block): the nonce stays free.
  const raw = call(client, 'subtensorModule', 'serveAxon', netuid, 1, 0x7f000001, 8092, 4, 4, 0, 0);
  await assert.rejects(client.submit(raw, k.alice), (err: unknown) => ChainError.is(err) && err.kind === 'pool');
  const first = await transfer(client, { from: k.alice, to: k.bob, amount: TAO });
  assert.equal(first.nonce, start);
  // Failed in a block: the nonce is used.
  await assert.rejects(
    startCall(client, { netuid, owner: k.alice }),
    rejectsWith('FirstEmissionBlockNumberAlreadySet', 'dispatch'),
  );
  const second = await transfer(client, { from: k.alice, to: k.bob, amount: TAO });
  assert.equal(second.nonce, start + 2);
});

test('nonces: concurrent submissions from one key get consecutive nonces and all land', async () => {
  const start = (await client.api.rpc.system.accountNextIndex(k.alice.address)).toNumber();
  const results = await Promise.all(
    [k.bob, k.charlie, k.dave].map((to) => transfer(client, { from: k.alice, to, amount: TAO })),
  );
  assert.deepEqual(
    results.map((r) => r.nonce).sort((a, b) => a - b),
    [start, start + 1, start + 2],
  );
});

test('nonces: after the chain was rewound under it, a stale local nonce is resynchronised and retried', async () => {
  await transfer(client, { from: k.alice, to: k.bob, amount: TAO });
  const counted = client.nonces.peek(k.alice.address);
  await net.restore(base); // the nonce the client counted is now in the future
  assert.ok(counted !== undefined);
  const res = await transfer(client, { from: k.alice, to: k.bob, amount: TAO });
  assert.equal(BigInt(res.nonce), counted - 1n);
});

test('any raw sr25519 Signer can sign extrinsics (no keyring pair needed)', async () => {
  const inner = k.charlie;
  const raw = { address: inner.address, publicKey: inner.publicKey, sign: (m: Uint8Array) => inner.sign(m) };
  const before = (await getBalance(client, k.bob.address)).free;
  await transfer(client, { from: raw, to: k.bob, amount: TAO });
  assert.equal((await getBalance(client, k.bob.address)).free, before + TAO);
});

test("signed extensions: the runtime's own are encoded as empty; an unknown one is a named error, nothing is sent", async () => {
  const registry = client.api.registry;
  const names = [...registry.signedExtensions];
  assert.ok(names.includes('SubtensorTransactionExtension'));
  assert.deepEqual(unsupportedSignedExtensions(registry, client.api.runtimeMetadata), []);
  const nonce = (await client.api.rpc.system.accountNextIndex(k.alice.address)).toNumber();
  registry.setSignedExtensions([...names, 'FutureExtension'], SUBTENSOR_SIGNED_EXTENSIONS);
  try {
    await assert.rejects(
      transfer(client, { from: k.alice, to: k.bob, amount: TAO }),
      (err: unknown) =>
        rejectsWith('UnknownSignedExtension', 'unsupported')(err) && /FutureExtension/.test((err as Error).message),
    );
  } finally {
    registry.setSignedExtensions(names, SUBTENSOR_SIGNED_EXTENSIONS);
  }
  const next = await transfer(client, { from: k.alice, to: k.bob, amount: TAO });
  assert.equal(next.nonce, nonce); // the refused one used no nonce
});

test('sudo: the inner call failing is raised with its own name; a non-sudo key gets RequireSudo', async () => {
  await assert.rejects(
    sudo(client, call(client, 'adminUtils', 'sudoSetTempo', 999, 5), k.alice),
    (err: unknown) => rejectsWith('SubnetDoesNotExist', 'dispatch')(err) && /\(sudo\)/.test((err as Error).message),
  );
  await assert.rejects(
    sudo(client, call(client, 'adminUtils', 'sudoSetTempo', netuid, 5), k.bob),
    rejectsWith('RequireSudo', 'dispatch'),
  );
});

test('an inclusion timeout and an abort never hang; the nonce is re-read and the next submission works', async () => {
  const mode = net.chain.txPool.mode;
  net.chain.txPool.mode = 'Manual' as typeof mode; // nothing gets into a block until we say so
  const pending = () => net.chain.txPool.pendingExtrinsics.length;
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(cond(), 'timed out waiting for the pool');
  };
  try {
    await assert.rejects(
      transfer(client, { from: k.alice, to: k.bob, amount: TAO }, { timeoutMs: 400 }),
      (err: unknown) =>
        rejectsWith('InclusionTimeout', 'connection')(err) && /may still be included/.test((err as Error).message),
    );
    await until(() => pending() === 1);
    const ac = new AbortController();
    const aborted = transfer(client, { from: k.charlie, to: k.bob, amount: TAO }, { signal: ac.signal });
    await until(() => pending() === 2);
    ac.abort();
    await assert.rejects(aborted, rejectsWith('Aborted'));
  } finally {
    net.chain.txPool.mode = mode;
  }
  const bobBefore = (await getBalance(client, k.bob.address)).free;
  await net.newBlocks(1); // both were still in the pool: "may still be included"
  assert.equal((await getBalance(client, k.bob.address)).free, bobBefore + 2n * TAO);
  const next = await transfer(client, { from: k.alice, to: k.bob, amount: TAO });
  assert.ok(next.nonce > 0);
});

test('input is checked before anything is sent', async () => {
  await assert.rejects(
    setWeights(client, { netuid, hotkey: k.owner, uids: [0, 1], weights: [1] }),
    rejectsWith('WeightVecNotEqualSize', 'input'),
  );
  await assert.rejects(
    setWeights(client, { netuid, hotkey: k.owner, uids: [1, 1], weights: [1, 2] }),
    rejectsWith('DuplicateUids', 'input'),
  );
  await assert.rejects(
    setWeights(client, { netuid, hotkey: k.owner, uids: [0], weights: [70000] }),
    rejectsWith('InvalidWeight', 'input'),
  );
  await assert.rejects(
    setWeights(client, { netuid, hotkey: k.owner, uids: [0], weights: [1], mechanismId: 1 }),
    (err: unknown) =>
      rejectsWith('Unsupported', 'unsupported')(err) && /setMechanismWeights/.test((err as Error).message),
  );
  await assert.rejects(
    serveAxon(client, { netuid, hotkey: k.owner, ip: '127.0.0.2', port: 0 }),
    rejectsWith('InvalidPort', 'input'),
  );
  await assert.rejects(
    addStake(client, { netuid, hotkey: k.bobHot, coldkey: k.bob, amount: 0n }),
    rejectsWith('InvalidAmount', 'input'),
  );
});
