import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Registry } from 'prom-client';
import { createBatcher } from './batcher.js';
import { InferenceError, OverloadedError } from './errors.js';
import { exportOnnx } from './export/onnx.js';
import type { Tensor } from './model.js';
import { loadOnnxModel } from './onnx/model.js';
import { floats, maxAbsDiff, mlp, only, recording } from './test-support.js';
import { fromLayersModel } from './tfjs/model.js';

const sample = (seed: number): Tensor => ({ buffer: floats(8, seed), dtype: 'float32', shape: [8] });

async function onnxMlp() {
  return loadOnnxModel(exportOnnx(mlp()), { device: 'cpu' });
}

function code(c: string, status?: number) {
  return (err: unknown) => {
    assert.ok(err instanceof InferenceError, String(err));
    assert.equal(err.code, c, err.message);
    if (status !== undefined) assert.equal(err.status, status);
    return true;
  };
}

describe('createBatcher', () => {
  it('merges concurrent requests into batches and returns each caller its own result, in order', async () => {
    const model = recording(await onnxMlp());
    const batcher = createBatcher(model, { maxBatch: 16, maxWaitMs: 5 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => batcher.predict(sample(i + 1))));
    assert.ok(model.calls.length <= 4, `calls ${model.calls}`);
    assert.ok(Math.max(...model.calls) === 16);
    assert.equal(
      model.calls.reduce((a, b) => a + b, 0),
      40,
    );
    for (let i = 0; i < 40; i++) {
      const alone = only(
        await model.predict({ [model.inputs[0]?.name as string]: { ...sample(i + 1), shape: [1, 8] } }),
      );
      const got = results[i]?.[model.outputs[0]?.name as string];
      assert.deepEqual(got?.shape, [4]);
      assert.ok(maxAbsDiff(alone, got?.buffer as Float32Array) < 1e-6, `request ${i}`);
    }
    await batcher.close();
  });

  it('a lone request runs after maxWaitMs without waiting for a full batch', async () => {
    const batcher = createBatcher(await onnxMlp(), { maxBatch: 64, maxWaitMs: 20 });
    const t0 = performance.now();
    await batcher.predict(sample(1));
    const ms = performance.now() - t0;
    assert.ok(ms >= 15 && ms < 1000, `${ms} ms`);
    await batcher.close();
  });

  it('a bad request is refused alone (400/422 naming the input) and never poisons the batch it arrived with', async () => {
    const model = recording(await onnxMlp());
    const batcher = createBatcher(model, { maxBatch: 8, maxWaitMs: 5 });
    const nan = sample(3);
    nan.buffer[2] = Number.NaN;
    const inputs: Tensor[] = [
      sample(1),
      { buffer: new Float32Array(7), dtype: 'float32', shape: [7] },
      sample(2),
      nan,
      { buffer: new Int32Array(8), dtype: 'int32', shape: [8] },
      { buffer: new Float32Array(16), dtype: 'float32', shape: [2, 8] },
      { buffer: new Float32Array(5), dtype: 'float32', shape: [8] },
      sample(4),
    ];
    const settled = await Promise.allSettled(inputs.map((x) => batcher.predict(x)));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'rejected', 'rejected', 'rejected', 'fulfilled'],
    );
    const statuses = settled.map((s) => (s.status === 'rejected' ? (s.reason as InferenceError).status : 200));
    assert.deepEqual(statuses, [200, 422, 200, 422, 422, 422, 400, 200]);
    for (const s of settled) if (s.status === 'rejected') assert.match((s.reason as Error).message, /input '/);
    assert.deepEqual(model.calls, [3]);
    await batcher.close();
  });

  it('a batch the model fails on is retried sample by sample, so only the failing request is refused', async () => {
    const marker = (b: Record<string, Tensor>) =>
      Array.from((Object.values(b)[0]?.buffer ?? []) as ArrayLike<number>).includes(0.5);
    const model = recording(await onnxMlp(), marker);
    const batcher = createBatcher(model, { maxBatch: 4, maxWaitMs: 5 });
    const poison: Tensor = { buffer: new Float32Array(8).fill(0.5), dtype: 'float32', shape: [8] };
    const settled = await Promise.allSettled([sample(1), poison, sample(2), sample(3)].map((x) => batcher.predict(x)));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.deepEqual(model.calls, [4, 1, 1, 1, 1]);
    await batcher.close();
  });

  it('a request whose signal aborts while queued is dropped from its batch and does not block the others', async () => {
    const model = recording(await onnxMlp());
    const batcher = createBatcher(model, { maxBatch: 8, maxWaitMs: 30 });
    const ac = new AbortController();
    const a = batcher.predict(sample(1));
    const b = batcher.predict(sample(2), { signal: ac.signal });
    const c = batcher.predict(sample(3));
    assert.equal(batcher.queued, 3);
    ac.abort(new Error('synapse timed out'));
    await assert.rejects(b, code('INFERENCE_ABORTED'));
    assert.equal(batcher.queued, 2);
    await Promise.all([a, c]);
    assert.deepEqual(model.calls, [2]);
    // already aborted: refused at once, never queued
    await assert.rejects(batcher.predict(sample(4), { signal: AbortSignal.abort() }), code('INFERENCE_ABORTED'));
    assert.equal(batcher.queued, 0);
    await batcher.close();
  });

  it('a full queue rejects at once with the typed overload error (503)', async () => {
    const batcher = createBatcher(await onnxMlp(), { maxBatch: 2, maxWaitMs: 50, maxQueue: 3 });
    const queued = [1, 2].map((i) => batcher.predict(sample(i)));
    // maxBatch 2 reached: that batch starts; the queue refills
    let servedQueued = false;
    const more = Promise.all([3, 4, 5].map((i) => batcher.predict(sample(i)))).then(() => {
      servedQueued = true;
    });
    await assert.rejects(batcher.predict(sample(6)), (err: unknown) => {
      assert.ok(err instanceof OverloadedError);
      assert.equal(err.status, 503);
      assert.equal(err.code, 'INFERENCE_OVERLOADED');
      return true;
    });
    assert.equal(servedQueued, false, 'refused at once, not after the queued requests ran');
    await Promise.all([...queued, more]);
    assert.equal(servedQueued, true);
    await batcher.close();
  });

  it('close() refuses queued and new requests with INFERENCE_DISPOSED', async () => {
    const batcher = createBatcher(await onnxMlp(), { maxWaitMs: 50 });
    const p = batcher.predict(sample(1));
    await batcher.close();
    await assert.rejects(p, code('INFERENCE_DISPOSED', 503));
    await assert.rejects(batcher.predict(sample(2)), code('INFERENCE_DISPOSED'));
  });

  it('refuses bad options by name', () => {
    const m = { inputs: [], outputs: [] } as never;
    assert.throws(() => createBatcher(m, { maxBatch: 0 }), /maxBatch must be an integer >= 1, got 0/);
    assert.throws(() => createBatcher(m, { maxWaitMs: -1 }), /maxWaitMs must be an integer >= 0/);
  });

  it('records batch size, queue wait, inference time and outcomes per model in the given registry', async () => {
    const registry = new Registry();
    const batcher = createBatcher(await onnxMlp(), { maxBatch: 4, maxWaitMs: 5, name: 'mlp', registry });
    const other = createBatcher(await onnxMlp(), { name: 'other', registry });
    await Promise.all([1, 2, 3, 4].map((i) => batcher.predict(sample(i))));
    await assert.rejects(batcher.predict({ buffer: new Float32Array(3), dtype: 'float32', shape: [3] }));
    await other.predict(sample(9));
    const text = await registry.metrics();
    assert.match(text, /inference_batch_size_bucket\{le="4",model="mlp"\} 1/);
    assert.match(text, /inference_batch_size_count\{model="mlp"\} 1/);
    assert.match(text, /inference_queue_wait_seconds_count\{model="mlp"\} 4/);
    assert.match(text, /inference_duration_seconds_count\{model="mlp"\} 1/);
    assert.match(text, /inference_requests_total\{model="mlp",outcome="ok"\} 4/);
    assert.match(text, /inference_requests_total\{model="mlp",outcome="invalid"\} 1/);
    assert.match(text, /inference_batch_size_count\{model="other"\} 1/);
    assert.match(text, /inference_queue_depth\{model="mlp"\} 0/);
    await Promise.all([batcher.close(), other.close()]);
  });
});

describe('no tensor leaks', () => {
  it('the tfjs live tensor count is flat after 5,000 batched requests', async () => {
    const model = await fromLayersModel(mlp(), { engine: 'tfjs-cpu' });
    const batcher = createBatcher(model, { maxBatch: 32, maxWaitMs: 1 });
    await Promise.all(Array.from({ length: 64 }, (_, i) => batcher.predict(sample(i + 1)))); // warm: kernels, weights
    const before = tf.memory().numTensors;
    let done = 0;
    const worker = async (w: number) => {
      for (let i = 0; i < 5000 / 50; i++) {
        await batcher.predict(sample(w * 1000 + i + 1));
        done++;
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, w) => worker(w)));
    assert.equal(done, 5000);
    assert.equal(tf.memory().numTensors, before);
    // and failed requests leak nothing either
    await Promise.allSettled(
      Array.from({ length: 50 }, () => batcher.predict({ buffer: new Float32Array(2), dtype: 'float32', shape: [2] })),
    );
    assert.equal(tf.memory().numTensors, before);
    await batcher.close();
  });

  it('`await using` closes the batcher, then the model (onnx and tfjs), at the end of the scope', async () => {
    const input = (m: { inputs: readonly { name: string }[] }) => ({
      [m.inputs[0]?.name as string]: { ...sample(3), shape: [1, 8] },
    });
    for (const load of [onnxMlp, () => fromLayersModel(mlp(), { engine: 'tfjs-cpu' })]) {
      let escaped: { batcher: ReturnType<typeof createBatcher>; model: Awaited<ReturnType<typeof load>> } | undefined;
      {
        await using model = await load();
        await using batcher = createBatcher(model, { maxBatch: 4, maxWaitMs: 1 });
        escaped = { batcher, model };
        await batcher.predict(sample(1));
      }
      await assert.rejects(escaped.batcher.predict(sample(2)), code('INFERENCE_DISPOSED'));
      await assert.rejects(escaped.model.predict(input(escaped.model)), code('INFERENCE_DISPOSED'));
    }
  });
});
