import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { bls12_381 } from '@noble/curves/bls12-381';
import type { ChainClient } from '@subnetkit/chain';
import type { TimelockChainState } from '../timelock/chain-state.js';
import { QUICKNET, QUICKNET_DST, roundIdentity } from '../timelock/drand.js';
import { decodeTimelockPayload } from '../timelock/payload.js';
import { chooseRevealRound } from '../timelock/reveal-round.js';
import type { WeightChainState } from './state.js';
import {
  hashCommitRevealStrategy,
  plainStrategy,
  prepareTimelockedCommit,
  selectWeightsStrategy,
  timelockedRevealWindow,
  timelockedStrategy,
  type WeightsContext,
} from './strategies.js';

const HOTKEY = '5DtUJ9ytbeCMjovFieNwaxxqRP3DzT6iQPnZTyKmi3n6iXey';

const timelockState = (over: Partial<TimelockChainState> = {}): TimelockChainState => ({
  netuid: 2,
  head: 100,
  tempo: 10,
  revealPeriodEpochs: 1,
  commitRevealVersion: 4,
  beacon: { ...QUICKNET },
  beaconSource: 'storage',
  lastStoredRound: undefined,
  nextEpochStartBlock: undefined,
  blockTimeMs: 12_000,
  ...over,
});

/** The chain's decryptor (the timelock crate compiled to wasm), a dev-only reference. */
async function loadWasm() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@ideallabs/timelock_wasm_wrapper');
  const mod = (await import(entry)) as {
    initSync(o: { module: Uint8Array }): unknown;
    tld(ct: Uint8Array, sig: Uint8Array, curve: string): number[];
  };
  mod.initSync({ module: readFileSync(join(dirname(entry), 'timelock_wasm_wrapper_bg.wasm')) });
  return mod;
}

/** A local beacon key and its round signatures. */
function localBeacon() {
  const sk = BigInt(`0x${Buffer.from(bls12_381.utils.randomPrivateKey()).toString('hex')}`) % bls12_381.fields.Fr.ORDER;
  const publicKey = bls12_381.G2.ProjectivePoint.BASE.multiply(sk).toRawBytes(true);
  const sign = (round: bigint) =>
    (
      bls12_381.G1.hashToCurve(roundIdentity(round), {
        DST: QUICKNET_DST,
      }) as unknown as typeof bls12_381.G1.ProjectivePoint.BASE
    )
      .multiply(sk)
      .toRawBytes(true);
  return { publicKey, sign };
}

const state = (over: Partial<WeightChainState> = {}): WeightChainState => ({
  netuid: 2,
  n: 5,
  uid: 1,
  head: 99,
  block: 100,
  lastUpdate: 0,
  weightsRateLimit: 0,
  weightsVersionKey: 0n,
  minAllowedWeights: 1,
  maxWeightsLimit: 65535,
  validatorPermit: true,
  commitRevealEnabled: false,
  tempo: 10,
  revealPeriodEpochs: 1,
  genesisHash: '0x45',
  commitRevealKind: 'hash',
  commitRevealVersion: undefined,
  onChainCommits: [],
  ...over,
});

// A client that fails the test if a strategy tries to send anything.
const noClient = new Proxy({}, { get: () => assert.fail('no chain access expected') }) as unknown as ChainClient;
const ctx = (s: WeightChainState): WeightsContext => ({
  client: noClient,
  netuid: 2,
  mechanismId: 0,
  signer: { address: '5X', publicKey: new Uint8Array(32), sign: () => new Uint8Array(64) },
  hotkey: '5X',
  state: s,
  weights: { uids: [2], values: [65535] },
  versionKey: 0n,
  store: undefined,
  salt: undefined,
  submit: {},
});

describe('weights strategies', () => {
  it('picks set_weights, hash commit-reveal or timelocked from the chain state', () => {
    assert.equal(selectWeightsStrategy(state()), plainStrategy);
    assert.equal(selectWeightsStrategy(state({ commitRevealEnabled: true })), hashCommitRevealStrategy);
    assert.equal(
      selectWeightsStrategy(
        state({ commitRevealEnabled: true, commitRevealKind: 'timelocked', commitRevealVersion: 4 }),
      ),
      timelockedStrategy,
    );
    // Commit-reveal off wins whatever the runtime's flavour.
    assert.equal(
      selectWeightsStrategy(state({ commitRevealKind: 'timelocked', commitRevealVersion: 4 })),
      plainStrategy,
    );
  });

  it('builds a timelocked commit that the chain decryptor (wasm) opens to these weights, hotkey and version key', async () => {
    const beacon = localBeacon();
    const tl = timelockState({ beacon: { publicKey: beacon.publicKey, genesisTime: QUICKNET.genesisTime, period: 3 } });
    const nowMs = Date.UTC(2026, 11, 1);
    const weights = { uids: [2, 3, 4], values: [65535, 21845, 4369] };
    const prepared = prepareTimelockedCommit(tl, { hotkey: HOTKEY, weights, versionKey: 7n, nowMs });
    assert.equal(prepared.commitRevealVersion, 4);
    assert.equal(prepared.revealRound, chooseRevealRound({ ...tl, currentBlock: tl.head, nowMs }).round);
    const wasm = await loadWasm();
    const plaintext = Uint8Array.from(wasm.tld(prepared.commit, beacon.sign(prepared.revealRound), 'bls12_381'));
    const payload = decodeTimelockPayload(plaintext);
    assert.equal(payload.hotkey, HOTKEY);
    assert.deepEqual(payload.uids, weights.uids);
    assert.deepEqual(payload.values, weights.values);
    assert.equal(payload.versionKey, 7n);
  });

  it('refuses a runtime without timelocked commits or with another payload version', () => {
    const input = { hotkey: HOTKEY, weights: { uids: [1], values: [65535] }, versionKey: 0n };
    assert.throws(
      () => prepareTimelockedCommit(timelockState({ commitRevealVersion: undefined }), input),
      /predates timelocked commits/,
    );
    assert.throws(() => prepareTimelockedCommit(timelockState({ commitRevealVersion: 5 }), input), /version 5/);
  });

  it('places the reveal window after the block the commit actually landed in', () => {
    // Legacy epochs (tempo 10, netuid 2): block 100 is in epoch 9 (blocks 96..106); the reveal epoch 10 is 107..117.
    assert.deepEqual(timelockedRevealWindow(timelockState(), 100), { firstRevealBlock: 107, lastRevealBlock: 118 });
    // Next-epoch API: epoch at 105; landing at 104 reveals from 105, landing at 105 or later moves a whole tempo.
    const api = timelockState({ nextEpochStartBlock: 105 });
    assert.equal(timelockedRevealWindow(api, 104).firstRevealBlock, 105);
    assert.equal(timelockedRevealWindow(api, 105).firstRevealBlock, 115);
    assert.equal(timelockedRevealWindow({ ...api, revealPeriodEpochs: 2 }, 104).firstRevealBlock, 115);
  });

  it('refuses to commit without a store to keep the reveal data in', async () => {
    await assert.rejects(
      hashCommitRevealStrategy.submit(ctx(state({ commitRevealEnabled: true }))),
      /pass a PendingCommitStore/,
    );
  });
});
