import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeMaxWeight, processWeights } from './process.js';

// Expected values come from bittensor's normalize_max_weight / process_weights (weight_utils.py, 10.2.0) run under
// numpy with float32 inputs. Python computes in float32, we in float64: compare to ~1e-6.
const close = (actual: ArrayLike<number>, expected: number[], tol = 2e-6) => {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    assert.ok(Math.abs((actual[i] as number) - e) <= tol, `index ${i}: ${actual[i]} vs ${e}`);
  });
};

describe('normalizeMaxWeight', () => {
  it('clips the largest weight to the limit and renormalizes', () => {
    const y = normalizeMaxWeight([1, 2, 3, 4, 10], 0.3);
    close(y, [0.07000001519918442, 0.14000003039836884, 0.21000003814697266, 0.28000006079673767, 0.299999862909317]);
    assert.ok(Math.max(...y) <= 0.3);
  });

  it('is uniform when n * limit <= 1 or the sum is 0', () => {
    close(normalizeMaxWeight([1, 2, 3], 0.3), [1 / 3, 1 / 3, 1 / 3]);
    close(normalizeMaxWeight([0, 0], 0.9), [0.5, 0.5]);
  });

  it('only normalizes when no weight exceeds the limit', () => {
    close(normalizeMaxWeight([1, 1, 2], 0.6), [0.25, 0.25, 0.5]);
  });
});

describe('processWeights', () => {
  it('drops zeros and applies the max weight limit', () => {
    const r = processWeights({
      uids: [0, 1, 2, 3, 4, 5],
      weights: [0, 0.5, 0.1, 0.1, 0.2, 0.9],
      n: 6,
      minAllowedWeights: 2,
      maxWeightLimit: 0.4,
    });
    assert.deepEqual(r.uids, [1, 2, 3, 4, 5]);
    close(
      r.weights,
      [0.3333333730697632, 0.06666667759418488, 0.06666667759418488, 0.13333335518836975, 0.39999982714653015],
    );
  });

  it('fills every uid with a floor when fewer than MinAllowedWeights are non-zero', () => {
    const r = processWeights({
      uids: [0, 1, 2, 3],
      weights: [0, 0.5, 0, 0],
      n: 4,
      minAllowedWeights: 2,
      maxWeightLimit: 1,
    });
    assert.deepEqual(r.uids, [0, 1, 2, 3]);
    close(r.weights, [1.999840012798977e-5, 0.9999400047996163, 1.999840012798977e-5, 1.999840012798977e-5], 1e-9);
  });

  it('returns uniform weights over all uids when nothing is positive', () => {
    const r = processWeights({ uids: [0, 1, 2], weights: [0, 0, 0], n: 3, minAllowedWeights: 1, maxWeightLimit: 1 });
    assert.deepEqual(r.uids, [0, 1, 2]);
    close(r.weights, [1 / 3, 1 / 3, 1 / 3]);
  });

  it('excludes the lowest quantile but keeps at least MinAllowedWeights', () => {
    const r = processWeights({
      uids: [0, 1, 2, 3, 4],
      weights: [0.05, 0.1, 0.2, 0.3, 0.35],
      n: 5,
      minAllowedWeights: 2,
      maxWeightLimit: 1,
      excludeQuantile: 32767,
    });
    assert.deepEqual(r.uids, [2, 3, 4]);
    close(r.weights, [0.23529411852359772, 0.3529411852359772, 0.4117646813392639]);
  });

  it('rejects a uid outside the subnet', () => {
    assert.throws(
      () => processWeights({ uids: [0, 9], weights: [1, 1], n: 3, minAllowedWeights: 1, maxWeightLimit: 1 }),
      /uid 9 at index 1 is not in 0\.\.2/,
    );
  });
});
