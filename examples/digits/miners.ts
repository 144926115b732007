/**
 * The demo's miners, from best to worst: each serves a cached model through the batcher and `serveModel` behind a
 * `Miner` (its own Axon, published on chain with serve_axon). The `cnn` miner serves its model as ONNX through
 * onnxruntime-node; the others run tfjs.
 */
import {
  type BackendName,
  type Batcher,
  createBatcher,
  type DeviceName,
  exportOnnx,
  fromLayersModel,
  loadModel,
  type Model,
} from '@subnetkit/inference';
import { serveModel } from '@subnetkit/inference/axon';
import { Miner, type MinerOptions } from 'subnetkit';
import { ChallengeModel, type Misbehaviour } from './challenge-model.js';
import type { CachedModel } from './model-cache.js';
import { buildModel, type RecipeName, TINY } from './models.js';
import { Digits } from './protocol.js';
import { trainingBackend } from './tfjs.js';

export interface MinerProfile {
  name: string;
  /** What the table shows. */
  quality: string;
  /** Quality tier: 1 is best. The demo's claim is that incentive follows it. */
  tier: number;
  model: RecipeName;
  backend: BackendName;
  misbehaviour?: Misbehaviour;
}

export const MINER_PROFILES: readonly MinerProfile[] = [
  { name: 'cnn', quality: 'strong: trained CNN', tier: 1, model: 'cnn', backend: 'onnx' },
  { name: 'mlp', quality: 'good: trained MLP', tier: 1, model: 'mlp', backend: 'tfjs' },
  {
    name: 'noisy',
    quality: 'noisy: MLP + output noise',
    tier: 2,
    model: 'mlp',
    backend: 'tfjs',
    misbehaviour: { noise: 1.2 },
  },
  {
    name: 'slow',
    quality: 'slow: CNN + 1.2 s delay',
    tier: 3,
    model: 'cnn',
    backend: 'tfjs',
    misbehaviour: { delayMs: 1200 },
  },
  { name: 'tiny', quality: 'weak: tiny, undertrained', tier: 4, model: 'tiny', backend: 'tfjs' },
];

/** The profile called `name` (an error listing the known ones otherwise). */
export function minerProfile(name: string): MinerProfile {
  const p = MINER_PROFILES.find((x) => x.name === name);
  if (!p) throw new Error(`unknown miner profile '${name}'; one of ${MINER_PROFILES.map((x) => x.name).join(', ')}`);
  return p;
}

export interface DigitsMiner {
  profile: MinerProfile;
  miner: Miner;
  model: Model;
  batcher: Batcher;
}

/**
 * Loads the profile's model on `device` and wraps it for challenges (with the profile's misbehaviour). Several may load
 * at once: each tfjs engine is started once per process and concurrent loads share it.
 */
export async function loadMinerModel(
  profile: MinerProfile,
  cached: CachedModel,
  device: 'auto' | DeviceName,
): Promise<ChallengeModel> {
  const path = profile.backend === 'onnx' ? cached.onnxPath : cached.tfjsDir;
  // The backend is the profile's (its file is tfjs or ONNX), so SUBNETKIT_BACKEND is not consulted; SUBNETKIT_DEVICE is.
  const env = process.env.SUBNETKIT_DEVICE ? { SUBNETKIT_DEVICE: process.env.SUBNETKIT_DEVICE } : {};
  const digitModel = await loadModel(path, { backend: profile.backend, device, env, warn: () => {} });
  const model = new ChallengeModel(digitModel, profile.misbehaviour);
  await model.warmup();
  return model;
}

/** Puts a loaded model behind a batcher and starts a Miner serving Digits with it (`serveModel`). */
export async function startDigitsMiner(
  profile: MinerProfile,
  model: ChallengeModel,
  options: MinerOptions,
): Promise<DigitsMiner> {
  const batcher = createBatcher(model, { name: profile.name, maxBatch: 8, maxWaitMs: 2, maxQueue: 64 });
  const miner = new Miner(options);
  serveModel(miner, Digits, batcher, { toInput: 'images', fromOutput: 'probs' });
  try {
    await miner.start();
  } catch (err) {
    await batcher.close();
    throw err;
  }
  // The axon exists once the miner started: list the model in its /health and its metrics in /metrics.
  miner.axon.healthEntry('models', () => ({ [batcher.name]: batcher.info() }));
  if (miner.axon.metrics) batcher.useRegistry(miner.axon.metrics.registry);
  return { profile, miner, model, batcher };
}

/** Stops the miner (graceful: in-flight answers finish) and its batcher; the model stays the caller's to dispose. */
export async function stopDigitsMiner(m: DigitsMiner): Promise<void> {
  await m.miner.close();
  await m.batcher.close();
}

/**
 * Fails fast (before the chain starts) when `device` cannot be had: loads an untrained digit model on it with both
 * backends the miners use, so the error is the inference package's own, naming each engine tried and why it failed.
 */
export async function checkDevice(device: 'auto' | DeviceName): Promise<void> {
  if (device !== 'gpu') return;
  await trainingBackend(); // a CPU backend to build the probe model on
  const net = buildModel(TINY);
  try {
    await fromLayersModel(net, { device }); // tfjs: INFERENCE_BACKEND_UNAVAILABLE when no GPU engine works
    const onnx = await loadModel(exportOnnx(net), { backend: 'onnx', device });
    await onnx.close();
  } finally {
    net.dispose();
  }
}
