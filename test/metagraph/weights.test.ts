/**
 * Metagraph sync and weight submission against the real subtensor runtime (spec 293) running in process.
 * One chain for the file; every test starts from the same bootstrapped subnet via snapshot/restore.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type ChainClient, ChainError, revealWeights, serveAxon } from '@subnetkit/chain';
import { type Localnet, type Snapshot, startLocalnet } from '@subnetkit/localnet';
import {
  chainSource,
  Metagraph,
  mechanismSource,
  PendingCommitStore,
  plainStrategy,
  revealPending,
  setWeights,
  WeightRuleError,
} from '@subnetkit/metagraph';
import { runCli } from 'subnetkit';
import { bootstrapSubnet, type Subnet } from './bootstrap.js';

let net: Localnet;
let client: ChainClient;
let subnet: Subnet;
let base: Snapshot;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'subnetkit-mg-'));
  net = await startLocalnet();
  client = await net.client(); // the localnet's shared client: one nonce tracker for every key
  subnet = await bootstrapSubnet(net);
  base = net.snapshot();
});

after(async () => {
  await net?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Rewinds the chain; the client's nonce cache must forget the undone transactions too. */
async function restore(snapshot: Snapshot) {
  await net.restore(snapshot);
  client.nonces.reset();
}

beforeEach(async () => {
  await restore(base);
});

const MINERS = [2, 3, 4];
const order = (xs: ArrayLike<number>, uids: number[]) => uids.map((u) => xs[u] as number);

describe('metagraph on the localnet', () => {
  it('syncs the bootstrapped subnet: validator with a permit and stake, three miners', async () => {
    const mg = await new Metagraph(subnet.netuid, chainSource(client)).sync();
    assert.equal(mg.n, 5);
    assert.equal(mg.block, net.head().number);
    const v = mg.uidOf(subnet.validator.hot.address);
    assert.equal(v, 1);
    assert.equal(mg.validatorPermit[1], 1);
    assert.ok((mg.stake[1] as bigint) > 0n);
    assert.deepEqual(
      subnet.miners.map((m) => mg.uidOf(m.hot.address)),
      MINERS,
    );
  });

  it('set weights [0.1, 0.3, 0.6] -> after an epoch incentive follows them, emission flows, validator has dividends and bonds', async () => {
    const result = await setWeights(client, {
      netuid: subnet.netuid,
      signer: subnet.validator.hot,
      uids: MINERS,
      weights: [0.1, 0.3, 0.6],
    });
    assert.equal(result.mode, 'set');
    await net.advanceToNextEpoch(subnet.netuid);
    const mg = await new Metagraph(subnet.netuid, chainSource(client)).sync({ lite: false });
    const [i2, i3, i4] = order(mg.incentive, MINERS);
    assert.ok(
      (i2 as number) > 0 && (i2 as number) < (i3 as number) && (i3 as number) < (i4 as number),
      `incentive ${[i2, i3, i4]}`,
    );
    assert.ok(
      mg.emission.some((e) => e > 0n),
      'some emission',
    );
    assert.ok((mg.emission[4] as bigint) > (mg.emission[2] as bigint));
    assert.ok((mg.dividends[1] as number) > 0, 'validator dividends');
    assert.deepEqual(
      mg.rawWeights(1)?.map(([u]) => u),
      MINERS,
    );
    assert.equal(mg.rawWeights(1)?.[2]?.[1], 65535); // stored max-upscaled
    assert.ok(
      order(mg.bonds[1] as Float64Array, MINERS).every((b) => b > 0),
      'validator bonds to every miner',
    );
  });

  it('a mechanism metagraph: mechanism 0 reads as the subnet does (incentive, lastUpdate, weights, bonds); another is refused here', async () => {
    await setWeights(client, {
      netuid: subnet.netuid,
      signer: subnet.validator.hot,
      uids: MINERS,
      weights: [0.2, 0.3, 0.5],
    });
    await net.advanceToNextEpoch(subnet.netuid);
    const block = net.head().number;
    const plain = await new Metagraph(subnet.netuid, chainSource(client)).sync({ lite: false, block });
    const mech = await new Metagraph(subnet.netuid, mechanismSource(client, 0)).sync({ lite: false, block });
    assert.equal(mech.block, block);
    assert.deepEqual(mech.hotkeys, plain.hotkeys);
    assert.deepEqual(Array.from(mech.incentive), Array.from(plain.incentive));
    assert.ok(
      order(mech.incentive, MINERS).every((x) => x > 0),
      'incentive read from the mechagraph',
    );
    assert.deepEqual(Array.from(mech.lastUpdate), Array.from(plain.lastUpdate));
    assert.deepEqual(mech.rawWeights(1), plain.rawWeights(1));
    assert.deepEqual(mech.rawBonds(1), plain.rawBonds(1));
    assert.ok((mech.rawWeights(1)?.length ?? 0) === 3, 'weights read from storage');
    // Runtime 293 has no mechanisms: mechanism 1 is refused with the reason, never answered with mechanism 0's data.
    await assert.rejects(new Metagraph(subnet.netuid, mechanismSource(client, 1)).sync(), (e: Error) =>
      /mechanism 1 .*no mechanisms/.test(e.message),
    );
    assert.throws(() => mechanismSource(client, 256), /mechanismId must be an integer 0-255/);
  });

  it('commit-reveal v2: set_weights refused, commit, reveal too early refused, reveal in the window sets the weights', async () => {
    await net.setHyperparams(subnet.netuid, { commitReveal: true });
    const signer = subnet.validator.hot;
    const netuid = subnet.netuid;

    // The pre-check names the rule, and the chain itself refuses too (decoded by the chain client).
    await assert.rejects(
      setWeights(client, { netuid, signer, uids: MINERS, weights: [0.6, 0.3, 0.1], strategy: plainStrategy }),
      (e: unknown) => e instanceof WeightRuleError && e.rule === 'CommitRevealEnabled',
    );
    await assert.rejects(
      setWeights(client, {
        netuid,
        signer,
        uids: MINERS,
        weights: [0.6, 0.3, 0.1],
        strategy: plainStrategy,
        check: false,
      }),
      (e: unknown) => e instanceof ChainError && e.code === 'CommitRevealEnabled',
    );

    const path = join(dir, 'commits.json');
    const committed = await setWeights(client, {
      netuid,
      signer,
      uids: MINERS,
      weights: [0.6, 0.3, 0.1],
      store: new PendingCommitStore({ path }),
    });
    assert.equal(committed.mode, 'committed');
    if (committed.mode !== 'committed') return;
    const { commit } = committed;
    assert.ok(commit.firstRevealBlock > net.head().number);

    // Too early: the chain refuses with RevealTooEarly; revealPending knows and waits.
    await assert.rejects(
      revealWeights(client, {
        netuid,
        hotkey: signer,
        uids: commit.uids,
        weights: commit.values,
        salt: commit.salt,
        versionKey: BigInt(commit.versionKey),
      }),
      (e: unknown) => e instanceof ChainError && e.code === 'RevealTooEarly',
    );
    const early = await revealPending(client, { netuid, signer, store: new PendingCommitStore({ path }) });
    assert.deepEqual(
      early.map((o) => o.status),
      ['waiting'],
    );

    // A "restarted" validator (a new store on the same file) reveals once the window is open.
    await net.newBlocks(commit.firstRevealBlock - 1 - net.head().number);
    const restarted = new PendingCommitStore({ path });
    const outcomes = await revealPending(client, { netuid, signer, store: restarted });
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['revealed'],
    );
    assert.deepEqual(await restarted.all(), []);

    await net.advanceToNextEpoch(netuid);
    const mg = await new Metagraph(netuid, chainSource(client)).sync();
    const [i2, i3, i4] = order(mg.incentive, MINERS);
    assert.ok(
      (i2 as number) > (i3 as number) && (i3 as number) > (i4 as number) && (i4 as number) > 0,
      `incentive ${[i2, i3, i4]}`,
    );
  });

  it('serve_axon publishes an axon the metagraph shows', async () => {
    const miner = subnet.miners[0]?.hot;
    assert.ok(miner);
    await serveAxon(client, { netuid: subnet.netuid, hotkey: miner, ip: '127.0.0.2', port: 8091, version: 7 });
    const mg = await new Metagraph(subnet.netuid, chainSource(client)).sync();
    const axon = mg.axons[2];
    assert.deepEqual(
      { ip: axon?.ip, port: axon?.port, version: axon?.version, serving: axon?.isServing, hotkey: axon?.hotkey },
      { ip: '127.0.0.2', port: 8091, version: 7, serving: true, hotkey: miner.address },
    );
    assert.equal(mg.axons[3]?.isServing, false);
    assert.match(mg.toTable(), /127\.0\.0\.2:8091/);
  });

  it('rate-limit and permit failures come back as named errors, before sending and from the chain', async () => {
    const netuid = subnet.netuid;
    const validator = subnet.validator.hot;
    await setWeights(client, { netuid, signer: validator, uids: MINERS, weights: [1, 1, 1] });
    await net.setHyperparams(netuid, { weightsRateLimit: 100 });
    await assert.rejects(
      setWeights(client, { netuid, signer: validator, uids: MINERS, weights: [1, 2, 3] }),
      (e: unknown) =>
        e instanceof WeightRuleError && e.rule === 'SettingWeightsTooFast' && /Wait \d+ more blocks/.test(e.message),
    );
    await assert.rejects(
      setWeights(client, { netuid, signer: validator, uids: MINERS, weights: [1, 2, 3], check: false }),
      (e: unknown) => e instanceof ChainError && e.code === 'SettingWeightsTooFast',
    );

    // The chain checks the rate limit before the permit: lift it so the permit rule is the one that fails.
    await net.setHyperparams(netuid, { weightsRateLimit: 0 });
    const miner = subnet.miners[1]?.hot;
    assert.ok(miner);
    await assert.rejects(
      setWeights(client, { netuid, signer: miner, uids: [2, 4], weights: [1, 1] }),
      (e: unknown) => e instanceof WeightRuleError && e.rule === 'NeuronNoValidatorPermit',
    );
    await assert.rejects(
      setWeights(client, { netuid, signer: miner, uids: [2, 4], weights: [1, 1], check: false }),
      (e: unknown) => e instanceof ChainError && e.code === 'NeuronNoValidatorPermit',
    );
    // A neuron without a permit may still weight itself alone.
    const self = await setWeights(client, { netuid, signer: miner, uids: [3], weights: [1] });
    assert.equal(self.mode, 'set');
  });

  it('snapshot/restore returns the chain (and so the metagraph) to an earlier state', async () => {
    const netuid = subnet.netuid;
    const mg = new Metagraph(netuid, chainSource(client));
    await mg.sync({ lite: false });
    const before = { block: mg.block, weights: mg.rawWeights(1) };
    const snap = net.snapshot();
    await setWeights(client, { netuid, signer: subnet.validator.hot, uids: MINERS, weights: [0.2, 0.2, 0.6] });
    await mg.sync({ lite: false });
    assert.equal(mg.rawWeights(1)?.length, 3);
    await restore(snap);
    await mg.sync({ lite: false });
    assert.equal(mg.block, before.block);
    assert.deepEqual(mg.rawWeights(1), before.weights);
  });

  it('CLI: subnet register, weights set and metagraph --json over a ws endpoint', async () => {
    const server = await net.serve({ port: 0 });
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      const endpoint = server.url;
      const netuid = String(subnet.netuid);
      assert.equal(
        await runCli([
          'subnet',
          'register',
          '--netuid',
          netuid,
          '--uri',
          '//Dave',
          '--hotkey-uri',
          '//Dave//hot',
          '--endpoint',
          endpoint,
          '--json',
        ]),
        0,
      );
      assert.equal(JSON.parse(lines.pop() ?? '{}').uid, 5);
      const commits = join(dir, 'cli-commits.json');
      const set = ['weights', 'set', '--netuid', netuid, '--uids', '2,3,4', '--weights', '0.1,0.3,0.6'];
      assert.equal(await runCli([...set, '--uri', '//Bob//hot', '--endpoint', endpoint, '--commits', commits]), 0);
      assert.match(
        lines.pop() ?? '',
        /weights set on subnet \d+ at block \d+: uids \[2,3,4\] values \[10922,32768,65535\]/,
      );
      assert.equal(await runCli(['metagraph', '--netuid', netuid, '--endpoint', endpoint, '--json', '--full']), 0);
      const json = JSON.parse(lines.pop() ?? '{}');
      assert.equal(json.n, 6);
      assert.deepEqual(json.neurons[1].weights, [
        [2, 10922],
        [3, 32768],
        [4, 65535],
      ]);
      assert.equal(await runCli(['metagraph', '--netuid', netuid, '--endpoint', endpoint]), 0);
      assert.match(lines.pop() ?? '', new RegExp(`^subnet ${netuid} {2}block \\d+ {2}n 6\\nUID`));
    } finally {
      console.log = log;
      await server.close();
    }
  });
});
