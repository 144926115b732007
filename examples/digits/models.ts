/**
 * The miners' model recipes — an architecture and a training budget each, plain data so that a recipe's JSON names
 * exactly what it trains (the model cache key hashes it) — and the tfjs code that builds, trains and evaluates them.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CLASSES, type DigitSet, gather, mulberry32, PIXELS, SIDE } from './data.js';
import { trainingBackend } from './tfjs.js';

export type LayerSpec =
  | { type: 'conv2d'; filters: number; kernelSize: number }
  | { type: 'maxPool'; size: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation: 'relu' | 'softmax' };

export interface ModelRecipe {
  /** A short name for logs and cache folders. */
  name: string;
  /** `image` = [n, 28, 28, 1] (convolutions); `flat` = [n, 784]. */
  input: 'image' | 'flat';
  layers: LayerSpec[];
  training: {
    /** How many training digits it sees (the first ones of the split's shuffled training set). */
    samples: number;
    epochs: number;
    batchSize: number;
    learningRate: number;
    seed: number;
  };
}

/**
 * A small CNN (one 5×5 convolution, max-pooling, a 32-unit dense layer): the best model here, ~0.93 on held-out digits
 * after one epoch over 8,000 digits (~5-10 s of training on two busy cores).
 */
export const CNN: ModelRecipe = {
  name: 'cnn',
  input: 'image',
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 5 },
    { type: 'maxPool', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 32, activation: 'relu' },
    { type: 'dense', units: CLASSES, activation: 'softmax' },
  ],
  training: { samples: 8000, epochs: 1, batchSize: 32, learningRate: 0.006, seed: 1 },
};

/** A one-hidden-layer MLP: good, a little behind the CNN (~0.9; ~3 s of training). */
export const MLP: ModelRecipe = {
  name: 'mlp',
  input: 'flat',
  layers: [
    { type: 'dense', units: 32, activation: 'relu' },
    { type: 'dense', units: CLASSES, activation: 'softmax' },
  ],
  training: { samples: 8000, epochs: 1, batchSize: 32, learningRate: 0.003, seed: 2 },
};

/** A tiny, undertrained MLP: 4 hidden units, 400 digits seen once — visibly weak (~0.3). */
export const TINY: ModelRecipe = {
  name: 'tiny',
  input: 'flat',
  layers: [
    { type: 'dense', units: 4, activation: 'relu' },
    { type: 'dense', units: CLASSES, activation: 'softmax' },
  ],
  training: { samples: 400, epochs: 1, batchSize: 50, learningRate: 0.01, seed: 3 },
};

export const RECIPES = { cnn: CNN, mlp: MLP, tiny: TINY } as const;
export type RecipeName = keyof typeof RECIPES;

/** The input shape of one sample for a recipe (without the batch dimension). */
export function sampleShape(recipe: Pick<ModelRecipe, 'input'>): number[] {
  return recipe.input === 'image' ? [SIDE, SIDE, 1] : [PIXELS];
}

export function buildModel(recipe: ModelRecipe): tfl.Sequential {
  const seed = recipe.training.seed;
  const model = tfl.sequential();
  recipe.layers.forEach((spec, i) => {
    const first = i === 0 ? { inputShape: sampleShape(recipe) } : {};
    const init = { kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 100 + i }) };
    switch (spec.type) {
      case 'conv2d':
        model.add(
          tfl.layers.conv2d({
            ...first,
            ...init,
            filters: spec.filters,
            kernelSize: spec.kernelSize,
            activation: 'relu',
          }),
        );
        break;
      case 'maxPool':
        model.add(tfl.layers.maxPooling2d({ ...first, poolSize: spec.size }));
        break;
      case 'flatten':
        model.add(tfl.layers.flatten(first));
        break;
      case 'dense':
        model.add(tfl.layers.dense({ ...first, ...init, units: spec.units, activation: spec.activation }));
        break;
    }
  });
  return model;
}

/** Trains a recipe's model on the training digits (never on held-out ones) and returns it. */
export async function trainModel(recipe: ModelRecipe, digits: DigitSet, train: Uint32Array): Promise<tfl.Sequential> {
  await trainingBackend();
  const { samples, epochs, batchSize, learningRate, seed } = recipe.training;
  const n = Math.min(samples, train.length);
  // The first n of a seeded shuffle of the training indices, so a small budget still sees every class.
  const order = Array.from(train);
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const { images, labels } = gather(digits, order.slice(0, n));
  const model = buildModel(recipe);
  const optimizer = tf.train.adam(learningRate);
  const shape = sampleShape(recipe);
  // A plain loop over contiguous batches: model.fit's per-batch bookkeeping costs more than a small batch's math.
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      tf.tidy(() => {
        const xb = tf.tensor(images.subarray(start * PIXELS, end * PIXELS), [end - start, ...shape]);
        const yb = tf.oneHot(tf.tensor1d(labels.subarray(start, end), 'int32'), CLASSES);
        optimizer.minimize(() => {
          const p = model.apply(xb) as tf.Tensor; // softmax probabilities: cross-entropy on their log
          return tf.neg(tf.mean(tf.sum(tf.mul(yb, tf.log(tf.add(p, 1e-7))), -1))) as tf.Scalar;
        });
      });
    }
  }
  optimizer.dispose();
  return model;
}

/** The share of `indices` a model labels right (argmax of its output). */
export async function accuracyOf(
  model: tfl.LayersModel,
  recipe: Pick<ModelRecipe, 'input'>,
  digits: DigitSet,
  indices: Uint32Array,
): Promise<number> {
  await trainingBackend();
  const { images, labels } = gather(digits, indices);
  const predicted = tf.tidy(() => {
    const out = model.predict(tf.tensor(images, [indices.length, ...sampleShape(recipe)])) as tf.Tensor;
    return tf.argMax(out, -1);
  });
  const classes = await predicted.data();
  predicted.dispose();
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (classes[i] === labels[i]) right++;
  return right / labels.length;
}
