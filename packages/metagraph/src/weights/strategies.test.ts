import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChainClient } from '@subnetkit/chain';
import { MetagraphError } from '../errors.js';
import type { WeightChainState } from './state.js';
import {
  hashCommitRevealStrategy,
  plainStrategy,
  selectWeightsStrategy,
  timelockedStrategy,
  type WeightsContext,
} from './strategies.js';

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

  it('says clearly that timelocked commit-reveal is unsupported, also on the local runtime', async () => {
    await assert.rejects(
      timelockedStrategy.submit(
        ctx(state({ commitRevealEnabled: true, commitRevealKind: 'timelocked', commitRevealVersion: 4 })),
      ),
      (e: unknown) =>
        e instanceof MetagraphError &&
        e.code === 'METAGRAPH_COMMIT_REVEAL_UNSUPPORTED' &&
        /timelocked \(drand\)/.test(e.message) &&
        /CommitRevealWeightsVersion 4/.test(e.message) &&
        /local spec-293 runtime/.test(e.message),
    );
  });

  it('refuses to commit without a store to keep the reveal data in', async () => {
    await assert.rejects(
      hashCommitRevealStrategy.submit(ctx(state({ commitRevealEnabled: true }))),
      /pass a PendingCommitStore/,
    );
  });
});
