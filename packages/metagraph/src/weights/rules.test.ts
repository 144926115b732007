import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WeightRule } from '../errors.js';
import { checkWeightRules, type WeightAction, type WeightRuleState } from './rules.js';

const state = (over: Partial<WeightRuleState> = {}): WeightRuleState => ({
  netuid: 2,
  n: 5,
  uid: 1,
  block: 100,
  lastUpdate: 0,
  weightsRateLimit: 100,
  weightsVersionKey: 0n,
  minAllowedWeights: 1,
  maxWeightsLimit: 65535,
  validatorPermit: true,
  commitRevealEnabled: false,
  ...over,
});
const w = (uids: number[], values: number[]) => ({ uids, values });
const ruleOf = (action: WeightAction, weights = w([2, 3, 4], [10922, 32767, 65535]), s = state(), v = 0n) =>
  checkWeightRules(action, weights, v, s)?.rule;

describe('checkWeightRules', () => {
  it('accepts valid weights from a permitted validator', () => {
    assert.equal(ruleOf('set'), undefined);
  });

  const cases: [string, WeightAction, ReturnType<typeof w>, Partial<WeightRuleState>, bigint, WeightRule][] = [
    [
      'set_weights while commit-reveal is on',
      'set',
      w([2], [1]),
      { commitRevealEnabled: true },
      0n,
      'CommitRevealEnabled',
    ],
    ['a commit while commit-reveal is off', 'commit', w([2], [1]), {}, 0n, 'CommitRevealDisabled'],
    [
      'more weights than neurons',
      'set',
      w([0, 1, 2, 3, 4, 5], [1, 1, 1, 1, 1, 1]),
      {},
      0n,
      'UidsLengthExceedUidsInSubNet',
    ],
    ['an unregistered hotkey', 'set', w([2], [1]), { uid: undefined }, 0n, 'HotKeyNotRegisteredInSubNet'],
    [
      'stake below the threshold',
      'set',
      w([2], [1]),
      { stake: 5n, stakeThreshold: 10n },
      0n,
      'NotEnoughStakeToSetWeights',
    ],
    ['an old version key', 'set', w([2], [1]), { weightsVersionKey: 7n }, 6n, 'IncorrectWeightVersionKey'],
    [
      'weights set 99 blocks after the last with limit 100',
      'set',
      w([2], [1]),
      { lastUpdate: 1, block: 100 },
      0n,
      'SettingWeightsTooFast',
    ],
    [
      'a commit inside the rate limit',
      'commit',
      w([2], [1]),
      { lastUpdate: 50, commitRevealEnabled: true },
      0n,
      'CommittingWeightsTooFast',
    ],
    [
      'weights to others without a permit',
      'set',
      w([2, 3], [1, 1]),
      { validatorPermit: false },
      0n,
      'NeuronNoValidatorPermit',
    ],
    [
      'a reveal without a permit',
      'reveal',
      w([2], [1]),
      { validatorPermit: false, commitRevealEnabled: true },
      0n,
      'NeuronNoValidatorPermit',
    ],
    ['duplicate uids', 'set', w([2, 2], [1, 1]), {}, 0n, 'DuplicateUids'],
    ['a uid >= n', 'set', w([2, 5], [1, 1]), {}, 0n, 'UidVecContainInvalidOne'],
    [
      'fewer weights than MinAllowedWeights',
      'set',
      w([2, 3], [1, 1]),
      { minAllowedWeights: 3 },
      0n,
      'WeightVecLengthIsLow',
    ],
    [
      'one weight above MaxWeightsLimit',
      'set',
      w([2, 3], [65535, 100]),
      { maxWeightsLimit: 32768 },
      0n,
      'MaxWeightExceeded',
    ],
  ];
  for (const [what, action, weights, over, version, rule] of cases) {
    it(`names ${rule} for ${what}`, () => {
      const error = checkWeightRules(action, weights, version, state(over));
      assert.equal(error?.rule, rule);
      assert.equal(error?.code, 'METAGRAPH_WEIGHT_RULE');
      assert.match(error?.message ?? '', new RegExp(`^${rule}: `));
    });
  }

  it('lets a neuron without a permit set a single weight on itself, even below MinAllowedWeights', () => {
    assert.equal(ruleOf('set', w([1], [65535]), state({ validatorPermit: false, minAllowedWeights: 3 })), undefined);
    assert.equal(ruleOf('set', w([1, 2], [65535, 1]), state({ validatorPermit: false })), 'NeuronNoValidatorPermit');
  });

  it('counts the rate limit as the chain does: block - lastUpdate >= limit, lastUpdate 0 = never set', () => {
    assert.equal(ruleOf('set', w([2], [1]), state({ lastUpdate: 0, block: 3 })), undefined);
    assert.equal(ruleOf('set', w([2], [1]), state({ lastUpdate: 10, block: 110 })), undefined);
    const error = checkWeightRules('set', w([2], [1]), 0n, state({ lastUpdate: 10, block: 105 }));
    assert.match(error?.message ?? '', /Wait 5 more blocks \(until block 110\)/);
  });

  it('does not rate-limit reveals (the chain skips it with commit-reveal on) and accepts version key 0 = any', () => {
    assert.equal(ruleOf('reveal', w([2], [1]), state({ commitRevealEnabled: true, lastUpdate: 99 })), undefined);
    assert.equal(ruleOf('set', w([2], [1]), state({ weightsVersionKey: 0n }), 0n), undefined);
  });

  it('clamps MinAllowedWeights to n and lets a limit of 65535 pass any shape', () => {
    assert.equal(ruleOf('set', w([2, 3], [1, 1]), state({ n: 2, minAllowedWeights: 8 })), 'UidVecContainInvalidOne');
    assert.equal(ruleOf('set', w([0, 1], [1, 1]), state({ n: 2, minAllowedWeights: 8 })), undefined);
    assert.equal(ruleOf('set', w([2, 3], [65535, 1]), state({ maxWeightsLimit: 65535 })), undefined);
  });
});
