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
  loadModel,
  type Model,
} from '@subnetkit/inference';
import { serveModel } from '@subnetkit/inference/axon';
import { Miner, type MinerOptions } from 'subnetkit';
import { ChallengeModel, type Misbehaviour } from './challenge-model.js';
import type { CachedModel } from './model-cache.js';
import type { RecipeName } from './models.js';
import { Digits } from './protocol.js';

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
    misbehaviour: { noise: 0.5 },
  },
  {
    name: 'slow',
    quality: 'slow: CNN + 1 s delay',
    tier: 3,
    model: 'cnn',
    backend: 'tfjs',
    misbehaviour: { delayMs: 1000 },
  },
  { name: 'tiny', quality: 'weak: tiny, undertrained', tier: 4, model: 'tiny', backend: 'tfjs' },
];

export interface DigitsMiner {
  profile: MinerProfile;
  miner: Miner;
  model: Model;
  batcher: Batcher;
}

/** Loads the profile's model on `device`, puts it behind a batcher and starts a Miner serving Digits with it. */
export async function startDigitsMiner(
  profile: MinerProfile,
  cached: CachedModel,
  options: Omit<MinerOptions, 'handleSignals'> & { device: 'auto' | DeviceName },
): Promise<DigitsMiner> {
  const path = profile.backend === 'onnx' ? cached.onnxPath : cached.tfjsDir;
  const digitModel = await loadModel(path, { backend: profile.backend, device: options.device, warn: () => {} });
  const model = new ChallengeModel(digitModel, profile.misbehaviour);
  const batcher = createBatcher(model, { name: profile.name, maxBatch: 8, maxWaitMs: 2, maxQueue: 64 });
  const { device: _device, ...minerOptions } = options;
  const miner = new Miner({ ...minerOptions, handleSignals: false });
  serveModel(miner, Digits, batcher, { toInput: 'images', fromOutput: 'probs' });
  try {
    await miner.start();
  } catch (err) {
    await batcher.close();
    await model.dispose();
    throw err;
  }
  // The axon exists once the miner started: list the model in its /health and its metrics in /metrics.
  miner.axon.healthEntry('models', () => ({ [batcher.name]: batcher.info() }));
  if (miner.axon.metrics) batcher.useRegistry(miner.axon.metrics.registry);
  return { profile, miner, model, batcher };
}

export async function stopDigitsMiner(m: DigitsMiner): Promise<void> {
  await m.miner.stop();
  await m.batcher.close();
  await m.model.dispose();
}
