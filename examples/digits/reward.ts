/**
 * The validator's reward for one answer: accuracy on the challenge's digits with a latency penalty,
 * `accuracy / (1 + latency / halfLife)` — an instant answer keeps its accuracy, one that takes `halfLife` seconds
 * keeps half. Accuracy is the share of rows whose most probable class is the digit's label.
 */
import { type TensorValue, tensorData } from '@subnetkit/synapse';
import { CLASSES } from './data.js';

/** Seconds after which an answer's score is halved. */
export const LATENCY_HALF_LIFE_S = 1;

export function reward(accuracy: number, latencyS: number, halfLifeS = LATENCY_HALF_LIFE_S): number {
  if (!(accuracy >= 0 && accuracy <= 1)) throw new RangeError(`accuracy must be in [0, 1], got ${accuracy}`);
  if (!(latencyS >= 0) || !(halfLifeS > 0)) throw new RangeError(`latency ${latencyS} s / half-life ${halfLifeS} s`);
  return accuracy / (1 + latencyS / halfLifeS);
}

/**
 * The share of `labels` that `probs` (a miner's `[n, 10]` answer) gets right. An answer of the wrong shape is an error
 * naming what was wrong (the Validator logs it and scores the miner 0).
 */
export function accuracyOfAnswer(probs: TensorValue | null | undefined, labels: Uint8Array): number {
  if (!probs) throw new Error('the answer has no probs');
  const data = tensorData(probs);
  const n = labels.length;
  const [rows, cols] = probs.shape;
  if (!data || probs.shape.length !== 2 || rows !== n || cols !== CLASSES || data.length !== n * CLASSES)
    throw new Error(`probs has shape [${probs.shape}], expected [${n}, ${CLASSES}]`);
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (Number(data[i * CLASSES + c]) > Number(data[i * CLASSES + best])) best = c;
    if (best === labels[i]) right++;
  }
  return right / n;
}
