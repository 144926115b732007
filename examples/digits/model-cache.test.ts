import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModel } from '@subnetkit/inference';
import { gather, loadDigits, SPLIT, splitDigits } from './data.js';
import { entryDir, findCachedModel, modelCacheKey, trainAndCache } from './model-cache.js';
import { CNN, MLP, type ModelRecipe, TINY } from './models.js';

const HASH = 'a'.repeat(64);

test('the cache key follows architecture, training, data and split — and nothing else', () => {
  const key = modelCacheKey(MLP, HASH);
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(modelCacheKey(structuredClone(MLP), HASH), key, 'an equal recipe has the same key');
  assert.equal(modelCacheKey({ ...MLP, name: 'renamed' }, HASH), key, 'the name is a label, not what is trained');
  const wider: ModelRecipe = structuredClone(MLP);
  (wider.layers[0] as { units: number }).units = 33;
  const longer: ModelRecipe = structuredClone(MLP);
  longer.training.epochs = 2;
  const keys = [
    modelCacheKey(wider, HASH),
    modelCacheKey(longer, HASH),
    modelCacheKey(MLP, 'b'.repeat(64)),
    modelCacheKey(MLP, HASH, { ...SPLIT, seed: SPLIT.seed + 1 }),
    modelCacheKey(MLP, HASH, { ...SPLIT, heldOutFraction: 0.3 }),
    modelCacheKey(CNN, HASH),
  ];
  assert.equal(new Set([key, ...keys]).size, keys.length + 1);
});

test('a trained model is stored (tfjs + ONNX), found again by its key, and both files give the same answers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'digits-cache-'));
  try {
    const digits = loadDigits();
    const split = splitDigits(digits.count);
    assert.equal(await findCachedModel(dir, TINY, digits.hash), undefined, 'empty cache: a miss');
    const stored = await trainAndCache(dir, TINY, digits, split);
    assert.ok(stored.heldOutAccuracy > 0.15, `tiny model accuracy ${stored.heldOutAccuracy}`);
    const found = await findCachedModel(dir, TINY, digits.hash);
    assert.deepEqual(found, stored);
    assert.equal(await findCachedModel(dir, TINY, 'c'.repeat(64)), undefined, 'other data: a miss');
    assert.deepEqual(
      await readdir(dir),
      [entryDir(dir, TINY, stored.key).slice(dir.length + 1)],
      'no temp folders left',
    );

    const { images } = gather(digits, split.heldOut.slice(0, 32));
    const batch = (name: string) => ({ [name]: { buffer: images, dtype: 'float32', shape: [32, 784] } });
    const tfjs = await loadModel(stored.tfjsDir, { backend: 'tfjs', warn: () => {} });
    const onnx = await loadModel(stored.onnxPath, { backend: 'onnx', warn: () => {} });
    const a = Object.values(await tfjs.predict(batch(tfjs.inputs[0]!.name)))[0]!.buffer as Float32Array;
    const b = Object.values(await onnx.predict(batch(onnx.inputs[0]!.name)))[0]!.buffer as Float32Array;
    assert.equal(a.length, 32 * 10);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-4, `output ${i}: ${a[i]} vs ${b[i]}`);
    await Promise.all([tfjs.close(), onnx.close()]);

    // An entry missing a file is not a hit (it is retrained, never half-served).
    await unlink(stored.onnxPath);
    assert.equal(await findCachedModel(dir, TINY, digits.hash), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
