import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetagraphError } from '../errors.js';
import { convertWeightsAndUidsForEmit, roundHalfEven } from './convert.js';

// Expected values were produced by bittensor's own convert_weights_and_uids_for_emit (weight_utils.py, release
// 10.2.0) run under numpy 2.4 with the inputs as np.float32 arrays, which is what its set/commit paths pass.
describe('convertWeightsAndUidsForEmit (bittensor parity)', () => {
  it('max-upscales [0.1, 0.3, 0.6] like Python does with float32 inputs', () => {
    assert.deepEqual(convertWeightsAndUidsForEmit([1, 2, 3], [0.1, 0.3, 0.6]), {
      uids: [1, 2, 3],
      values: [10922, 32768, 65535],
    });
  });

  it('reads the floats as float64 when asked (Python with a float64 array)', () => {
    assert.deepEqual(convertWeightsAndUidsForEmit([1, 2, 3], [0.1, 0.3, 0.6], { precision: 'float64' }), {
      uids: [1, 2, 3],
      values: [10923, 32768, 65535],
    });
  });

  it('drops weights that round to zero together with their uids', () => {
    assert.deepEqual(convertWeightsAndUidsForEmit([0, 1, 2, 3, 4], [0, 1e-6, 0.5, 0.25, 1]), {
      uids: [2, 3, 4],
      values: [32768, 16384, 65535],
    });
  });

  it('matches Python on equal, integer and random weights', () => {
    assert.deepEqual(convertWeightsAndUidsForEmit([5, 6, 7], [1 / 3, 1 / 3, 1 / 3]).values, [65535, 65535, 65535]);
    assert.deepEqual(convertWeightsAndUidsForEmit([0, 1, 2, 3], [1, 3, 5, 7]).values, [9362, 28086, 46811, 65535]);
    const random = [
      0.32383276483316237, 0.15084917392450192, 0.6509344730398537, 0.07243628666754276, 0.5358820043066892,
      0.36568891691258554, 0.057998924774706806, 0.5074357331894203, 0.03749565844198488, 0.4336456836623859,
      0.06985542357461894, 0.09071301334386506,
    ];
    const uids = random.map((_, i) => i);
    assert.deepEqual(
      convertWeightsAndUidsForEmit(uids, random).values,
      [32603, 15187, 65535, 7293, 53952, 36817, 5839, 51088, 3775, 43659, 7033, 9133],
    );
  });

  it('accepts typed arrays and bigint uids', () => {
    const out = convertWeightsAndUidsForEmit(BigInt64Array.from([1n, 2n, 3n]), Float32Array.from([0.1, 0.3, 0.6]));
    assert.deepEqual(out, { uids: [1, 2, 3], values: [10922, 32768, 65535] });
  });

  it('returns nothing to set for all-zero weights', () => {
    assert.deepEqual(convertWeightsAndUidsForEmit([1, 2], [0, 0]), { uids: [], values: [] });
  });

  it('rejects negative and non-finite weights, naming the index', () => {
    assert.throws(
      () => convertWeightsAndUidsForEmit([1, 2], [0.5, -0.1]),
      (e: unknown) =>
        e instanceof MetagraphError && e.code === 'METAGRAPH_INVALID_WEIGHTS' && /index 1 is negative/.test(e.message),
    );
    assert.throws(() => convertWeightsAndUidsForEmit([1], [Number.NaN]), /index 0 is NaN/);
    assert.throws(() => convertWeightsAndUidsForEmit([1], [Number.POSITIVE_INFINITY]), /not a finite number/);
  });

  it('rejects a length mismatch, an empty vector and uids outside u16', () => {
    assert.throws(() => convertWeightsAndUidsForEmit([1, 2, 3], [0.5, 0.5]), /3 uids and 2 weights/);
    assert.throws(() => convertWeightsAndUidsForEmit([], []), /no weights given/);
    assert.throws(() => convertWeightsAndUidsForEmit([-1], [1]), /uid at index 0 is -1/);
    assert.throws(() => convertWeightsAndUidsForEmit([70000], [1]), /0\.\.65535/);
    assert.throws(() => convertWeightsAndUidsForEmit([1.5], [1]), /integers/);
  });
});

describe('roundHalfEven', () => {
  it('rounds halves to the even neighbour like Python round()', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, 32767.5, 2.4999, 2.5001].map(roundHalfEven), [0, 2, 2, 4, 32768, 2, 3]);
  });
});
