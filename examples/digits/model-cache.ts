/**
 * Trained models on disk, keyed by what made them: the recipe (architecture and training budget), the data's hash and
 * the split. A cache hit skips training; any change to those gives a new key, so a stale model is never served.
 * Layout: `<cacheDir>/<recipe>-<key>/` holding `tfjs/` (model.json + weights.bin), `model.onnx` and `meta.json`.
 * Entries are written in a temp folder (each file with the shared atomic write, so it is on disk before the folder is)
 * and the folder renamed into place, so a crash or a concurrent trainer never leaves half a model behind.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { exportOnnx, saveTfjsModel } from '@subnetkit/inference';
import { writeFileAtomic } from '@subnetkit/synapse/atomic-write';
import { type DigitSet, SPLIT, type Split } from './data.js';
import { accuracyOf, type ModelRecipe, trainModel } from './models.js';

/** Bumped when the entry layout or the training code changes meaningfully. */
const CACHE_FORMAT = 1;

/** `SUBNETKIT_DIGITS_CACHE`, else `.cache/digits-models` at the repository root (git-ignored). */
export function defaultCacheDir(): string {
  return process.env.SUBNETKIT_DIGITS_CACHE ?? new URL('../../.cache/digits-models', import.meta.url).pathname;
}

/** sha256 over the recipe's architecture and training, the data hash and the split, as hex. */
export function modelCacheKey(
  recipe: ModelRecipe,
  dataHash: string,
  split: { heldOutFraction: number; seed: number } = SPLIT,
): string {
  const what = {
    format: CACHE_FORMAT,
    input: recipe.input,
    layers: recipe.layers,
    training: recipe.training,
    data: dataHash,
    split: { heldOutFraction: split.heldOutFraction, seed: split.seed },
  };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

export interface CachedModel {
  recipe: string;
  key: string;
  /** The tfjs model folder (model.json + weights.bin). */
  tfjsDir: string;
  onnxPath: string;
  /** Accuracy on the held-out digits, measured right after training. */
  heldOutAccuracy: number;
  /** Seconds training took when the entry was made. */
  trainSeconds: number;
}

export function entryDir(cacheDir: string, recipe: ModelRecipe, key: string): string {
  return join(cacheDir, `${recipe.name}-${key.slice(0, 16)}`);
}

/** The cached entry for a recipe, or undefined when there is none (or it is incomplete or from another key). */
export async function findCachedModel(
  cacheDir: string,
  recipe: ModelRecipe,
  dataHash: string,
): Promise<CachedModel | undefined> {
  const key = modelCacheKey(recipe, dataHash);
  const dir = entryDir(cacheDir, recipe, key);
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as CachedModel;
    if (meta.key !== key) return undefined;
    await stat(join(dir, 'tfjs', 'model.json'));
    await stat(join(dir, 'model.onnx'));
    return { ...meta, tfjsDir: join(dir, 'tfjs'), onnxPath: join(dir, 'model.onnx') };
  } catch {
    return undefined;
  }
}

/** Trains a recipe on the split's training digits and stores the model (tfjs and ONNX) in the cache. */
export async function trainAndCache(
  cacheDir: string,
  recipe: ModelRecipe,
  digits: DigitSet,
  split: Split,
): Promise<CachedModel> {
  const key = modelCacheKey(recipe, digits.hash);
  const dir = entryDir(cacheDir, recipe, key);
  const started = performance.now();
  const model = await trainModel(recipe, digits, split.train);
  const trainSeconds = (performance.now() - started) / 1000;
  try {
    const heldOutAccuracy = await accuracyOf(model, recipe, digits, split.heldOut);
    const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    await mkdir(tmp, { recursive: true });
    try {
      await saveTfjsModel(model, join(tmp, 'tfjs'));
      await writeFileAtomic(join(tmp, 'model.onnx'), exportOnnx(model));
      const meta = { recipe: recipe.name, key, heldOutAccuracy, trainSeconds, tfjsDir: 'tfjs', onnxPath: 'model.onnx' };
      await writeFileAtomic(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
      await rename(tmp, dir);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      // Another process stored the same key first: theirs is as good as ours.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
    return {
      recipe: recipe.name,
      key,
      heldOutAccuracy,
      trainSeconds,
      tfjsDir: join(dir, 'tfjs'),
      onnxPath: join(dir, 'model.onnx'),
    };
  } finally {
    model.dispose();
  }
}
