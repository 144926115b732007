import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epochIndex, revealTiming, revealWindow } from './window.js';

describe('commit-reveal v2 window', () => {
  it('staggers epochs per netuid: block b is in epoch floor((b + netuid + 1) / (tempo + 1))', () => {
    // netuid 2, tempo 10: epochs turn over at blocks 8, 19, 30, ...
    assert.equal(epochIndex(2, 7, 10), 0);
    assert.equal(epochIndex(2, 8, 10), 1);
    assert.equal(epochIndex(2, 18, 10), 1);
    assert.equal(epochIndex(2, 19, 10), 2);
  });

  it('reproduces the reveal blocks the chain stored for a real commit (spec 293 run: commit 71 -> 74..84)', () => {
    // chain.md: WeightCommits [(hash, 71, 74, 84)] on netuid 2, tempo 10, RevealPeriodEpochs 1.
    assert.deepEqual(revealWindow(2, 71, 10, 1), { revealEpoch: 7, firstBlock: 74, lastBlock: 84 });
  });

  it('says early before the window, open inside it, expired after it', () => {
    assert.equal(revealTiming(2, 71, 73, 10, 1), 'early');
    assert.equal(revealTiming(2, 71, 74, 10, 1), 'open');
    assert.equal(revealTiming(2, 71, 84, 10, 1), 'open');
    assert.equal(revealTiming(2, 71, 85, 10, 1), 'expired');
    // A longer reveal period pushes the window out by whole epochs.
    assert.deepEqual(revealWindow(2, 71, 10, 3), { revealEpoch: 9, firstBlock: 96, lastBlock: 106 });
    assert.equal(revealTiming(2, 71, 95, 10, 3), 'early');
  });
});
