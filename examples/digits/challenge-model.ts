/**
 * A miner's model as the batcher sees it: one request = one challenge, a batch of `n` digits `[n, 28, 28]`, answered
 * with `[n, 10]` class probabilities. The batcher merges concurrent challenges of the same size (from several
 * validators) into one `[k, n, 28, 28]` call, which this adapter runs as one `[k·n, …]` call of the digit model — the
 * buffers are reshaped, not copied. It is also where the demo's deliberately bad miners misbehave: `noise` adds random
 * amounts to the probabilities, `delayMs` waits before answering.
 */
import type { Model, PredictOptions, TensorSpec, Tensors } from '@subnetkit/inference';
import { CLASSES, mulberry32, SIDE } from './data.js';

export interface Misbehaviour {
  /** Adds uniform noise in [0, noise) to every probability (the argmax then often changes). */
  noise?: number;
  /** Waits this long before each model call. */
  delayMs?: number;
  /** Seed of the noise. */
  seed?: number;
}

export const CHALLENGE_INPUT = 'images';
export const CHALLENGE_OUTPUT = 'probs';

export class ChallengeModel implements Model {
  readonly inputs: readonly TensorSpec[] = [
    { name: CHALLENGE_INPUT, shape: [null, null, SIDE, SIDE], dtype: 'float32' },
  ];
  readonly outputs: readonly TensorSpec[] = [
    { name: CHALLENGE_OUTPUT, shape: [null, null, CLASSES], dtype: 'float32' },
  ];
  readonly #digits: Model;
  readonly #misbehaviour: Misbehaviour;
  readonly #random: () => number;

  constructor(digitModel: Model, misbehaviour: Misbehaviour = {}) {
    const [input] = digitModel.inputs;
    if (digitModel.inputs.length !== 1 || !input || input.dtype !== 'float32')
      throw new Error('a digit model takes one float32 input of 784 pixels ([n, 784] or [n, 28, 28, 1])');
    this.#digits = digitModel;
    this.#misbehaviour = misbehaviour;
    this.#random = mulberry32(misbehaviour.seed ?? 7);
  }

  get backend() {
    return this.#digits.backend;
  }
  get device() {
    return this.#digits.device;
  }
  get engine() {
    return this.#digits.engine;
  }
  get fallbacks() {
    return this.#digits.fallbacks;
  }

  async predict(batch: Tensors, options: PredictOptions = {}): Promise<Tensors> {
    const images = batch[CHALLENGE_INPUT];
    if (!images) throw new Error(`input '${CHALLENGE_INPUT}' is missing`);
    const [k = 0, n = 0] = images.shape;
    if (this.#misbehaviour.delayMs) await sleep(this.#misbehaviour.delayMs, options.signal);
    const input = this.#digits.inputs[0] as TensorSpec;
    const itemShape = input.shape.slice(1).map((d) => d ?? 1);
    const out = await this.#digits.predict(
      { [input.name]: { buffer: images.buffer, dtype: 'float32', shape: [k * n, ...itemShape] } },
      options,
    );
    const probs = Object.values(out)[0];
    if (!probs) throw new Error('the digit model returned no output');
    const noise = this.#misbehaviour.noise ?? 0;
    if (noise > 0) {
      const p = probs.buffer as Float32Array;
      for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) + this.#random() * noise;
    }
    return { [CHALLENGE_OUTPUT]: { buffer: probs.buffer, dtype: probs.dtype, shape: [k, n, CLASSES] } };
  }

  async warmup(batchSize = 1): Promise<void> {
    await this.#digits.warmup(batchSize);
  }

  async close(): Promise<void> {
    await this.#digits.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @deprecated Use `close()`. */
  dispose(): Promise<void> {
    return this.close();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
