/** Small deterministic tfjs models and temp dirs for the package's tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu'; // a backend to build the test models' weights on
import * as tfl from '@tensorflow/tfjs-layers';
import type { Model, Tensors } from './model.js';

/** An MLP `in → hidden (relu) → out (softmax)` with seeded weights. */
export function mlp(inputs = 8, hidden = 16, outputs = 4, seed = 7): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: hidden,
        inputShape: [inputs],
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
        biasInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 1 }),
      }),
      tfl.layers.dense({
        units: outputs,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 2 }),
        biasInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 3 }),
      }),
    ],
  });
}

/** A small CNN on 28×28×1 images: conv(8, 3×3, relu) → maxpool 2 → conv(8, 3×3, same) → relu → flatten → dense 10 softmax. */
export function cnn(seed = 11): tfl.LayersModel {
  const init = (s: number) => tfl.initializers.glorotUniform({ seed: s });
  const bias = (s: number) => tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: s });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 8,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(seed),
        biasInitializer: bias(seed + 1),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        strides: 2,
        kernelInitializer: init(seed + 2),
        biasInitializer: bias(seed + 3),
      }),
      tfl.layers.reLU(),
      tfl.layers.flatten(),
      tfl.layers.dropout({ rate: 0.25 }),
      tfl.layers.dense({ units: 10, kernelInitializer: init(seed + 4), biasInitializer: bias(seed + 5) }),
      tfl.layers.softmax(),
    ],
  });
}

/** Deterministic pseudo-random floats in [0, 1). */
export function floats(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 2 ** 32;
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** The only output of a one-output model's result, as numbers. */
export function only(out: Tensors): number[] {
  const [t] = Object.values(out);
  if (!t) throw new Error('no output');
  return Array.from(t.buffer as Float32Array);
}

/** A real model that records the batch sizes it was called with (and can be told to fail on a marker input). */
export function recording(model: Model, failIf?: (batch: Tensors) => boolean): Model & { calls: number[] } {
  const calls: number[] = [];
  return {
    inputs: model.inputs,
    outputs: model.outputs,
    backend: model.backend,
    device: model.device,
    engine: model.engine,
    fallbacks: model.fallbacks,
    calls,
    predict: async (batch, options) => {
      calls.push(Object.values(batch)[0]?.shape[0] ?? 0);
      if (failIf?.(batch)) throw new Error('kernel failed on this batch');
      return model.predict(batch, options);
    },
    warmup: (n) => model.warmup(n),
    close: () => model.close(),
    [Symbol.asyncDispose]: () => model.close(),
    dispose: () => model.close(),
  };
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'subnetkit-inference-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
