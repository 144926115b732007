// The miners' models on held-out digits they never trained on: the trained CNN and MLP must clearly beat the tiny,
// undertrained one, and the demo's misbehaving miners (noise, delay) must be visibly worse at the same model.
// Models come from the repository's model cache (trained here, in a worker, on a clean checkout).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModel, type Model } from '@subnetkit/inference';
import { ChallengeModel } from './challenge-model.js';
import { gather, loadDigits, splitDigits } from './data.js';
import { prepareModels } from './prepare-models.js';

const digits = loadDigits();
const split = splitDigits(digits.count);
const heldOut = gather(digits, split.heldOut);
const N = split.heldOut.length;

async function accuracy(model: Model): Promise<number> {
  const out = await model.predict({ images: { buffer: heldOut.images, dtype: 'float32', shape: [1, N, 28, 28] } });
  const p = out.probs?.buffer as Float32Array;
  assert.deepEqual(out.probs?.shape, [1, N, 10]);
  let right = 0;
  for (let i = 0; i < N; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if ((p[i * 10 + c] as number) > (p[i * 10 + best] as number)) best = c;
    if (best === heldOut.labels[i]) right++;
  }
  return right / N;
}

test('trained CNN and MLP beat the tiny model on held-out digits, on tfjs and on ONNX alike', async () => {
  const { models } = await prepareModels(['cnn', 'mlp', 'tiny']);
  const acc: Record<string, number> = {};
  for (const [name, m] of Object.entries(models)) {
    for (const backend of ['tfjs', 'onnx'] as const) {
      const model = new ChallengeModel(
        await loadModel(backend === 'onnx' ? m.onnxPath : m.tfjsDir, { backend, warn: () => {} }),
      );
      acc[`${name}/${backend}`] = await accuracy(model);
      await model.close();
    }
  }
  const report = JSON.stringify(acc);
  for (const name of ['cnn', 'mlp', 'tiny'])
    assert.ok(Math.abs(acc[`${name}/tfjs`]! - acc[`${name}/onnx`]!) <= 0.002, `tfjs and ONNX agree: ${report}`);
  assert.ok(acc['cnn/tfjs']! >= 0.9, `CNN ≥ 0.9: ${report}`);
  assert.ok(acc['mlp/tfjs']! >= 0.85, `MLP ≥ 0.85: ${report}`);
  assert.ok(acc['cnn/tfjs']! > acc['mlp/tfjs']!, `CNN > MLP: ${report}`);
  assert.ok(acc['tiny/tfjs']! < acc['mlp/tfjs']! - 0.3, `tiny far behind: ${report}`);
});

test('a challenge of k×n digits runs as one call; noise lowers accuracy; a delay delays and honours abort', async () => {
  const { models } = await prepareModels(['mlp']);
  const load = () => loadModel(models.mlp!.tfjsDir, { backend: 'tfjs', warn: () => {} });
  const honest = new ChallengeModel(await load());
  const noisy = new ChallengeModel(await load(), { noise: 1.2 });
  const slow = new ChallengeModel(await load(), { delayMs: 300 });

  // Two challenges of 3 digits in one call: each row equals the same digit asked alone.
  const six = gather(digits, split.heldOut.slice(0, 6));
  const both = await honest.predict({ images: { buffer: six.images, dtype: 'float32', shape: [2, 3, 28, 28] } });
  assert.deepEqual(both.probs?.shape, [2, 3, 10]);
  const last = gather(digits, split.heldOut.slice(5, 6));
  const alone = await honest.predict({ images: { buffer: last.images, dtype: 'float32', shape: [1, 1, 28, 28] } });
  const a = (both.probs!.buffer as Float32Array).subarray(50, 60);
  const b = alone.probs?.buffer as Float32Array;
  for (let i = 0; i < 10; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5);

  const clean = await accuracy(honest);
  const noised = await accuracy(noisy);
  assert.ok(noised < clean - 0.08, `noise lowers accuracy: ${clean} -> ${noised}`);

  const t0 = performance.now();
  await slow.predict({ images: { buffer: last.images, dtype: 'float32', shape: [1, 1, 28, 28] } });
  assert.ok(performance.now() - t0 >= 290, 'the slow miner waits');
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('timed out')), 20);
  await assert.rejects(
    slow.predict({ images: { buffer: last.images, dtype: 'float32', shape: [1, 1, 28, 28] } }, { signal: ac.signal }),
    /timed out/,
  );
  await Promise.all([honest.close(), noisy.close(), slow.close()]);
});
