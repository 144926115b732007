/**
 * Timelocked (CRv4) commits against the real spec-293 runtime in process. This runtime has the drand pallet (so
 * the beacon config is read from its storage) but neither the next-epoch runtime API nor the timelocked calls: the
 * older epoch formula must be chosen, and a timelocked commit must fail with a clear error rather than send
 * something else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { ChainClient } from '@subnetkit/chain';
import { createSubnet, type Localnet, startLocalnet } from '@subnetkit/localnet';
import {
  isRevealOf,
  MetagraphError,
  QUICKNET,
  readTimelockState,
  revealRoundFor,
  setWeights,
  timelockedStrategy,
  waitForTimelockedReveal,
} from '@subnetkit/metagraph';
import { Keypair } from '@subnetkit/wallet';

let net: Localnet;
let client: ChainClient;
let netuid: number;

before(async () => {
  net = await startLocalnet();
  client = await net.client();
  ({ netuid } = await createSubnet(net, { owner: await Keypair.fromUri('//Alice'), hyperparams: { tempo: 10 } }));
});

after(async () => {
  await net?.close();
});

describe('timelocked commit state on the spec-293 localnet', () => {
  it('reads the beacon from Drand.BeaconConfig and the epoch timing from the subnet, with a fixed clock', async () => {
    const state = await readTimelockState(client, netuid);
    assert.equal(state.beaconSource, 'storage');
    assert.deepEqual(state.beacon.publicKey, QUICKNET.publicKey);
    assert.equal(state.beacon.genesisTime, QUICKNET.genesisTime);
    assert.equal(state.beacon.period, 3);
    assert.equal(state.commitRevealVersion, undefined); // spec 293 predates CommitRevealWeightsVersion
    assert.equal(state.nextEpochStartBlock, undefined); // ... and get_next_epoch_start_block
    assert.equal(state.tempo, 10);
    assert.equal(state.blockTimeMs, 1000); // the fast-blocks build's Aura slot
    assert.equal(state.head, net.head().number);

    const now = Date.UTC(2026, 11, 1, 12);
    const choice = revealRoundFor(state, now);
    assert.equal(choice.scheduler, 'legacy-formula');
    const epoch = Math.floor((state.head + netuid + 1) / 11);
    assert.equal(choice.firstRevealBlock, (epoch + state.revealPeriodEpochs) * 11 - (netuid + 1));
    const secs = (choice.firstRevealBlock + 3 - state.head) * 1;
    assert.equal(choice.round, BigInt(Math.floor((now / 1000 + secs - QUICKNET.genesisTime) / 3)));
  });

  it('follows RevealPeriodEpochs as set on chain', async () => {
    const snap = net.snapshot();
    await net.setHyperparams(netuid, { commitRevealInterval: 3 });
    const state = await readTimelockState(client, netuid);
    assert.equal(state.revealPeriodEpochs, 3);
    const now = Date.UTC(2026, 11, 1, 12);
    const three = revealRoundFor(state, now);
    const one = revealRoundFor({ ...state, revealPeriodEpochs: 1 }, now);
    assert.equal(three.firstRevealBlock - one.firstRevealBlock, 2 * 11);
    await net.restore(snap);
    client.nonces.reset();
  });
});

describe('the timelocked strategy on a runtime without CRv4', () => {
  it('says the runtime predates timelocked commits instead of sending anything', async () => {
    const hot = await Keypair.fromUri('//Alice//tl');
    await assert.rejects(
      setWeights(client, { netuid, signer: hot, uids: [0], weights: [1], strategy: timelockedStrategy, check: false }),
      (e: unknown) =>
        e instanceof MetagraphError &&
        e.code === 'METAGRAPH_COMMIT_REVEAL_UNSUPPORTED' &&
        /predates timelocked commits/.test(e.message),
    );
  });

  it('reports "expired unrevealed" once the reveal window passes without the event', async () => {
    const hot = await Keypair.fromUri('//Alice//tl');
    const start = net.head().number;
    const watching = waitForTimelockedReveal(client, {
      netuid,
      hotkey: hot.address,
      commitBlock: start,
      lastRevealBlock: start + 3,
      pollMs: 50,
    });
    await net.newBlocks(4);
    const status = await watching;
    assert.equal(status.status, 'expired');
    assert.match(status.status === 'expired' ? status.message : '', /expired unrevealed/);
  });

  it('matches the reveal event by storage index and hotkey', () => {
    const ev = (index: number, who: string) => ({
      section: 'subtensorModule',
      method: 'TimelockedWeightsRevealed',
      args: [index, who],
    });
    const who = '5DtUJ9ytbeCMjovFieNwaxxqRP3DzT6iQPnZTyKmi3n6iXey';
    assert.equal(isRevealOf(ev(4103, who), 4103, who), true); // mechanism 1 of subnet 7
    assert.equal(isRevealOf(ev(7, who), 4103, who), false);
    // The same account under another SS58 prefix (a registry other than the wallet's) still matches.
    assert.equal(isRevealOf(ev(4103, encodeAddress(decodeAddress(who), 0)), 4103, who), true);
    assert.equal(isRevealOf(ev(4103, '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM'), 4103, who), false);
    assert.equal(isRevealOf({ ...ev(4103, who), method: 'TimelockedWeightsCommitted' }, 4103, who), false);
  });
});
