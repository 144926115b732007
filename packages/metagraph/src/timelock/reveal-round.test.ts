import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QUICKNET } from './drand.js';
import { chooseRevealRound } from './reveal-round.js';

// A fixed clock: 2026-12-01T00:00:00Z.
const NOW_MS = Date.UTC(2026, 11, 1);
const base = { netuid: 7, tempo: 360, revealPeriodEpochs: 1, blockTimeMs: 12_000, nowMs: NOW_MS, beacon: QUICKNET };
const roundAt = (ms: number) => BigInt(Math.floor((ms / 1000 - QUICKNET.genesisTime) / 3));

describe('reveal round', () => {
  it('uses the staggered epoch formula where the runtime has no next-epoch API', () => {
    // Block 9_101_269 on netuid 7: epoch floor((9101269 + 8) / 361) = 25211; reveal epoch 25212 starts at
    // 25212·361 − 8 = 9_101_524; the target is 3 blocks later, 258 blocks (3096 s) from now.
    const c = chooseRevealRound({ ...base, currentBlock: 9_101_269 });
    assert.equal(c.scheduler, 'legacy-formula');
    assert.equal(c.firstRevealBlock, 9_101_524);
    assert.equal(c.targetBlock, 9_101_527);
    assert.equal(c.round, roundAt(NOW_MS + 258 * 12_000));
    // Two reveal periods: one whole epoch (361 blocks) later.
    const two = chooseRevealRound({ ...base, currentBlock: 9_101_269, revealPeriodEpochs: 2 });
    assert.equal(two.firstRevealBlock, 9_101_524 + 361);
    assert.equal(two.round - c.round, BigInt(Math.floor((361 * 12) / 3)));
  });

  it('follows get_next_epoch_start_block where present (epochs every tempo blocks)', () => {
    const c = chooseRevealRound({ ...base, currentBlock: 1000, nextEpochStartBlock: 1100, revealPeriodEpochs: 3 });
    assert.equal(c.scheduler, 'next-epoch-api');
    assert.equal(c.firstRevealBlock, 1100 + 2 * 360);
    assert.equal(c.targetBlock, 1823);
    assert.equal(c.round, roundAt(NOW_MS + 823 * 12_000));
  });

  it('scales with the block time and beacon period read from the chain', () => {
    const fast = chooseRevealRound({
      ...base,
      tempo: 10,
      currentBlock: 100,
      blockTimeMs: 1000,
      nextEpochStartBlock: 105,
    });
    assert.equal(fast.round, roundAt(NOW_MS + 8 * 1000));
    const slowBeacon = chooseRevealRound({
      ...base,
      tempo: 10,
      currentBlock: 100,
      blockTimeMs: 1000,
      nextEpochStartBlock: 105,
      beacon: { genesisTime: QUICKNET.genesisTime, period: 30 },
    });
    assert.equal(slowBeacon.round, BigInt(Math.floor((NOW_MS / 1000 + 8 - QUICKNET.genesisTime) / 30)));
    // Never round 0, even with a clock before the beacon's genesis.
    assert.equal(chooseRevealRound({ ...base, currentBlock: 0, nowMs: 0 }).round, 1n);
  });

  it('refuses nonsense inputs by name', () => {
    assert.throws(() => chooseRevealRound({ ...base, currentBlock: 1, tempo: 0 }), /tempo/);
    assert.throws(() => chooseRevealRound({ ...base, currentBlock: 1, revealPeriodEpochs: 0 }), /RevealPeriodEpochs/);
  });
});
