import { MetagraphError } from '../errors.js';

export const U16_MAX = 65535;

/** Weights as the chain takes them: destination uids and u16 values, zeros dropped. */
export interface EmitWeights {
  uids: number[];
  values: number[];
}

/**
 * How float weights are read before scaling. The Python SDK turns a list into `np.float32` before converting, so
 * `'float32'` (the default) reproduces its u16 values bit for bit; `'float64'` keeps JavaScript numbers as they are.
 */
export type WeightPrecision = 'float32' | 'float64';

export interface ConvertOptions {
  precision?: WeightPrecision;
}

/** Python's `round()` on a float: round half to even (`round(2.5) == 2`). Exact for the non-negative doubles used here. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function toUid(value: number | bigint, index: number): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (!Number.isInteger(n) || n < 0 || n > U16_MAX) {
    throw new MetagraphError(
      'METAGRAPH_INVALID_WEIGHTS',
      `uid at index ${index} is ${String(value)}; uids must be integers in 0..${U16_MAX}`,
    );
  }
  return n;
}

/**
 * Float weights to what set_weights / commit_weights take, as bittensor's `convert_weights_and_uids_for_emit`:
 * divide by the largest weight (max-upscale), multiply by 65535, round half to even, and drop entries that round to 0.
 * All-zero weights give empty lists (nothing to set). Negative or non-finite weights, bad uids and a length mismatch
 * are errors.
 *
 * @example
 * convertWeightsAndUidsForEmit([1, 2, 3], [0.1, 0.3, 0.6]) // { uids: [1, 2, 3], values: [10922, 32767, 65535] }
 */
export function convertWeightsAndUidsForEmit(
  uids: ArrayLike<number | bigint>,
  weights: ArrayLike<number>,
  options: ConvertOptions = {},
): EmitWeights {
  if (uids.length !== weights.length) {
    throw new MetagraphError(
      'METAGRAPH_INVALID_WEIGHTS',
      `uids and weights must have the same length, got ${uids.length} uids and ${weights.length} weights`,
    );
  }
  if (weights.length === 0) {
    throw new MetagraphError('METAGRAPH_INVALID_WEIGHTS', 'no weights given: pass at least one uid and weight');
  }
  const read = options.precision === 'float64' ? (w: number) => w : Math.fround;
  const floats = new Array<number>(weights.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const raw = weights[i] as number;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      throw new MetagraphError(
        'METAGRAPH_INVALID_WEIGHTS',
        `weight at index ${i} is ${String(raw)}, not a finite number`,
      );
    }
    if (raw < 0) {
      throw new MetagraphError(
        'METAGRAPH_INVALID_WEIGHTS',
        `weight at index ${i} is negative (${raw}); weights cannot be negative on chain`,
      );
    }
    const w = read(raw);
    floats[i] = w;
    sum += w;
    if (w > max) max = w;
  }
  const checkedUids = Array.from(uids, (u, i) => toUid(u, i));
  if (sum === 0) return { uids: [], values: [] };

  const out: EmitWeights = { uids: [], values: [] };
  for (let i = 0; i < floats.length; i++) {
    const value = roundHalfEven(((floats[i] as number) / max) * U16_MAX);
    if (value !== 0) {
      out.uids.push(checkedUids[i] as number);
      out.values.push(value);
    }
  }
  return out;
}

/** A chain u16 fraction (0..65535) as a float in [0, 1]. */
export const u16ToFloat = (value: number): number => value / U16_MAX;
