import { MetagraphError } from '../errors.js';
import { U16_MAX } from './convert.js';

const EPSILON = 1e-7;

/**
 * Scales `x` to sum 1 with no entry above `limit`, clipping the largest entries and spreading the excess, as
 * bittensor's `normalize_max_weight`. If the sum is 0 or `x.length * limit <= 1` the result is uniform.
 * Arithmetic is float64 (numpy runs it in float32), so the last bits can differ from Python's.
 */
export function normalizeMaxWeight(x: ArrayLike<number>, limit = 0.1): Float64Array {
  const n = x.length;
  const weights = Float64Array.from(x);
  let total = 0;
  for (const w of weights) total += w;
  if (total === 0 || n * limit <= 1) return new Float64Array(n).fill(1 / n);

  const values = Float64Array.from(weights).sort();
  const estimation = values.map((v) => v / total);
  let maxEstimation = 0;
  for (const e of estimation) if (e > maxEstimation) maxEstimation = e;
  if (maxEstimation <= limit) return weights.map((w) => w / total);

  const cumsum = new Float64Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) {
    running += estimation[i] as number;
    cumsum[i] = running;
  }
  let nValues = 0;
  for (let i = 0; i < n; i++) {
    const e = estimation[i] as number;
    if (e / ((n - i - 1) * e + (cumsum[i] as number) + EPSILON) < limit) nValues++;
  }
  const cutoffScale = (limit * (cumsum[nValues - 1] as number) - EPSILON) / (1 - limit * (n - nValues));
  const cutoff = cutoffScale * total;
  let clippedTotal = 0;
  for (let i = 0; i < n; i++) {
    if ((weights[i] as number) > cutoff) weights[i] = cutoff;
    clippedTotal += weights[i] as number;
  }
  return weights.map((w) => w / clippedTotal);
}

/** numpy's default ("linear") quantile of `values`, `q` in [0, 1]. */
function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export interface ProcessWeightsParameters {
  uids: ArrayLike<number>;
  weights: ArrayLike<number>;
  /** Neurons on the subnet (SubnetworkN). */
  n: number;
  /** The subnet's MinAllowedWeights. */
  minAllowedWeights: number;
  /** The subnet's MaxWeightsLimit as a fraction (u16 value / 65535). */
  maxWeightLimit: number;
  /** Drop the lowest weights up to this u16 quantile (0..65535), never below minAllowedWeights entries. */
  excludeQuantile?: number;
}

export interface ProcessedWeights {
  uids: number[];
  weights: Float64Array;
}

/**
 * Fits a weight vector to a subnet's limits before it is converted for the chain, as bittensor's
 * `process_weights_for_netuid`: keep the positive weights; if there are none (or the subnet has fewer neurons than
 * MinAllowedWeights) return a uniform vector over all n uids; if there are fewer than MinAllowedWeights, give every uid
 * a floor of 1e-5 and add the weights on top; then clip with `normalizeMaxWeight(maxWeightLimit)`.
 * One deliberate difference: the floor case places weights by uid, where Python places them by array position (the
 * same thing when, as usual, the weights are a full vector indexed by uid).
 */
export function processWeights(params: ProcessWeightsParameters): ProcessedWeights {
  const { uids, weights, n, minAllowedWeights, maxWeightLimit } = params;
  if (uids.length !== weights.length) {
    throw new MetagraphError(
      'METAGRAPH_INVALID_WEIGHTS',
      `uids and weights must have the same length, got ${uids.length} and ${weights.length}`,
    );
  }
  if (!Number.isInteger(n) || n <= 0) {
    throw new MetagraphError('METAGRAPH_INVALID_INPUT', `n must be a positive integer, got ${n}`);
  }
  const nonZeroUids: number[] = [];
  const nonZero: number[] = [];
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (w > 0) {
      const uid = uids[i] as number;
      if (!Number.isInteger(uid) || uid < 0 || uid >= n) {
        throw new MetagraphError('METAGRAPH_INVALID_WEIGHTS', `uid ${uid} at index ${i} is not in 0..${n - 1}`);
      }
      nonZeroUids.push(uid);
      nonZero.push(w);
    }
  }
  const allUids = () => Array.from({ length: n }, (_, i) => i);

  if (nonZero.length === 0 || n < minAllowedWeights) {
    return { uids: allUids(), weights: new Float64Array(n).fill(1 / n) };
  }
  if (nonZero.length < minAllowedWeights) {
    const floored = new Float64Array(n).fill(1e-5);
    nonZeroUids.forEach((uid, i) => {
      floored[uid] = (floored[uid] as number) + (nonZero[i] as number);
    });
    return { uids: allUids(), weights: normalizeMaxWeight(floored, maxWeightLimit) };
  }

  const q = (params.excludeQuantile ?? 0) / U16_MAX;
  const maxExclude = Math.max(0, nonZero.length - minAllowedWeights) / nonZero.length;
  const lowest = quantile(Float64Array.from(nonZero), Math.min(q, maxExclude));
  const keptUids: number[] = [];
  const kept: number[] = [];
  nonZero.forEach((w, i) => {
    if (lowest <= w) {
      keptUids.push(nonZeroUids[i] as number);
      kept.push(w);
    }
  });
  return { uids: keptUids, weights: normalizeMaxWeight(kept, maxWeightLimit) };
}
