/**
 * A model behind a real Axon: signed requests from a real Dendrite over 127.0.0.1, batched, with bad tensors answered
 * 400/422 naming the field (and not failing the requests batched with them), a full queue 503, and the model on
 * /health and /metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Axon } from '@subnetkit/axon';
import { Dendrite } from '@subnetkit/dendrite';
import { createBatcher, exportOnnx, loadModel, type Model } from '@subnetkit/inference';
import { serveModel } from '@subnetkit/inference/axon';
import { defineSynapse, encodeTensorBuffer, type TensorValue, t, tensor, tensorData } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

const Classify = defineSynapse({
  name: 'Classify',
  fields: { image: t.tensor(), probs: t.tensor().optional() },
  hashFields: ['image'],
});
const Slow = defineSynapse({ name: 'Slow', fields: { image: t.tensor(), probs: t.tensor().optional() } });

function features(seed: number): Float32Array {
  const a = new Float32Array(8);
  for (let i = 0; i < 8; i++) a[i] = Math.sin(seed * 7.3 + i);
  return a;
}

describe('serveModel behind a real axon', () => {
  let axon: Axon;
  // One dendrite per concurrent request: requests from one dendrite must arrive in nonce order, concurrent ones may not.
  let dendrites: Dendrite[];
  let model: Model;
  let target: { ip: string; port: number; hotkey: string };

  before(async () => {
    const layers = tfl.sequential({
      layers: [
        tfl.layers.dense({
          units: 16,
          inputShape: [8],
          activation: 'relu',
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
        }),
        tfl.layers.dense({
          units: 4,
          activation: 'softmax',
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
        }),
      ],
    });
    model = await loadModel(exportOnnx(layers), { device: 'cpu', env: {} });
    axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 0, ip: '127.0.0.1', verifyThreads: 0 });
    serveModel(axon, Classify, createBatcher(model, { name: 'mlp', maxBatch: 8, maxWaitMs: 1000 }), {
      toInput: 'image',
      fromOutput: 'probs',
    });
    // maxQueue 1 and a long wait: the first request waits in the queue, the next ones find it full
    serveModel(axon, Slow, createBatcher(model, { name: 'slow', maxBatch: 8, maxWaitMs: 300, maxQueue: 1 }), {
      toInput: (s) => s.image,
      fromOutput: (out, s) => {
        const [y] = Object.values(out);
        s.probs = tensor(y?.buffer as Float32Array, y?.shape);
      },
    });
    await axon.start();
    const alice = await Keypair.fromUri('//Alice');
    dendrites = Array.from({ length: 16 }, () => new Dendrite({ signer: alice, signingThreads: 0 }));
    target = { ip: '127.0.0.1', port: axon.port, hotkey: axon.hotkey };
  });

  after(async () => {
    await Promise.all((dendrites ?? []).map((d) => d.close()));
    await axon?.stop();
  });

  const direct = async (x: Float32Array) =>
    Array.from(
      Object.values(
        await model.predict({ [model.inputs[0]?.name as string]: { buffer: x, dtype: 'float32', shape: [1, 8] } }),
      )[0]?.buffer as Float32Array,
    );

  const ask = (image: TensorValue, i = 0, def = Classify, bodyFormat: 'json' | 'msgpack' = 'json') =>
    (dendrites[i] as Dendrite).call(target, def, { image }, { deserialize: false, timeout: 10, bodyFormat });

  test('concurrent signed requests are batched and each gets its own answer', async () => {
    const inputs = Array.from({ length: 16 }, (_, i) => features(i + 1));
    const answers = await Promise.all(inputs.map((x, i) => ask(tensor(x, [8]), i)));
    for (let i = 0; i < 16; i++) {
      const a = answers[i];
      assert.equal(a?.dendrite.status_code, 200, a?.dendrite.status_message ?? '');
      const probs = tensorData(a?.probs as TensorValue) as Float32Array;
      assert.deepEqual(a?.probs?.shape, [4]);
      const want = await direct(inputs[i] as Float32Array);
      for (let k = 0; k < 4; k++) assert.ok(Math.abs((probs[k] as number) - (want[k] as number)) < 1e-6);
    }
    const text = await (await fetch(`http://127.0.0.1:${axon.port}/metrics`)).text();
    const batches = Number(/^inference_batch_size_count\{model="mlp"\} (\d+)$/m.exec(text)?.[1]);
    const samples = Number(/^inference_batch_size_sum\{model="mlp"\} (\d+)$/m.exec(text)?.[1]);
    assert.equal(samples, 16);
    // a batch starts when 8 wait (or after 1 s): 16 concurrent requests take 2 model calls unless the box stalls
    assert.ok(batches <= 4, `${batches} model calls for 16 requests`);
    assert.match(text, /^inference_requests_total\{model="mlp",outcome="ok"\} 16$/m);
  });

  test('msgpack bodies carry the typed array straight to the model', async () => {
    const x = features(99);
    const a = await ask(tensor(x, [8]), 0, Classify, 'msgpack');
    assert.equal(a.dendrite.status_code, 200, a.dendrite.status_message ?? '');
    const probs = Array.from(tensorData(a.probs as TensorValue) as Float32Array);
    const want = await direct(x);
    for (let k = 0; k < 4; k++) assert.ok(Math.abs((probs[k] as number) - (want[k] as number)) < 1e-6);
  });

  test('bad tensors get 400/422 naming the field, and the good requests sent with them still succeed', async () => {
    const nan = features(3);
    nan[1] = Number.NaN;
    const cases: [TensorValue, number, RegExp][] = [
      [tensor(features(1), [8]), 200, /Success/],
      [tensor(new Float32Array(9), [9]), 422, /^field 'image': shape \[9\] does not fit the model's \[8\]/],
      [tensor(nan, [8]), 422, /^field 'image': element 1 is NaN/],
      [tensor(new Int32Array(8), [8]), 422, /^field 'image': dtype int32, the model takes float32/],
      [tensor(new Float32Array(16), [2, 8]), 422, /^field 'image': one request carries one sample; got a batch of 2/],
      [
        { buffer: encodeTensorBuffer(new Float32Array(7), [7]), dtype: 'torch.float32', shape: [8] },
        400,
        /^field 'image': buffer holds 7 elements, shape \[8\] needs 8/,
      ],
      [{ buffer: 'bm90IGEgdGVuc29y', dtype: 'torch.float32', shape: [8] }, 400, /^field 'image': tensor buffer/],
      [tensor(features(2), [1, 8]), 200, /Success/],
    ];
    const answers = await Promise.all(cases.map(([image], i) => ask(image, i)));
    answers.forEach((a, i) => {
      const [, status, message] = cases[i] as [TensorValue, number, RegExp];
      assert.equal(a.dendrite.status_code, status, `case ${i}: ${a.dendrite.status_message}`);
      assert.match(a.dendrite.status_message ?? '', message, `case ${i}`);
    });
  });

  test('a full model queue answers 503 at once', async () => {
    const answers = await Promise.all([1, 2, 3].map((i) => ask(tensor(features(i), [8]), i, Slow)));
    const statuses = answers.map((a) => a.dendrite.status_code).sort();
    assert.deepEqual(statuses, [200, 503, 503]);
    assert.match(answers.find((a) => a.dendrite.status_code === 503)?.dendrite.status_message ?? '', /overloaded/);
  });

  test('/health lists each model with backend, device, batch settings and queue depth', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${axon.port}/health`)).json()) as {
      status: string;
      models: Record<string, Record<string, unknown>>;
    };
    assert.equal(health.status, 'ok');
    assert.deepEqual(Object.keys(health.models).sort(), ['mlp', 'slow']);
    const mlp = health.models.mlp as Record<string, unknown>;
    assert.equal(mlp.backend, 'onnx');
    assert.equal(mlp.engine, 'onnx-cpu');
    assert.equal(mlp.device, 'cpu');
    assert.equal(mlp.maxBatch, 8);
    assert.equal(mlp.maxWaitMs, 1000);
    assert.equal(mlp.queued, 0);
  });
});
