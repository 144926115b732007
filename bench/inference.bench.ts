/**
 * Inference: dynamic batching vs none, per engine available here, and a model behind a real Axon vs the Dummy axon.
 *
 *   node --import tsx bench/inference.bench.ts        (or: npm run bench -- inference)
 *
 * Prints JSON lines:
 *  - `inference_batching` per engine (tfjs-wasm, tfjs-cpu, onnx-cpu) × model (MLP 784-256-10, a small CNN on 28×28):
 *    64 concurrent single-sample requests for INFERENCE_BENCH_MS each, with batching (maxBatch 64, maxWaitMs 2) and
 *    with maxBatch 1, side by side: rps, p50/p99 ms, mean batch size. Target: batched ≥ 4× unbatched rps on at least
 *    one engine, and batched p99 ≤ unbatched p99.
 *  - `inference_axon`: signed requests (one sample each, 64 connections from a child process) into a real Axon
 *    serving the MLP through a batcher, vs the same Axon serving Dummy, in the same run. Target ≥ 0.8× Dummy's rps.
 *  - `inference_memory`: RSS and live tfjs tensors before/after 10,000 batched requests.
 * Every line carries the 1-minute load average: the machine is shared, so compare the ratios within one run.
 */
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { waitReady } from '@polkadot/wasm-crypto';
import { Axon } from '@subnetkit/axon';
import {
  createBatcher,
  exportOnnx,
  fromLayersModel,
  loadOnnxModel,
  type Model,
  selectTfjsEngine,
  type Tensor,
  type TfjsEngine,
} from '@subnetkit/inference';
import { serveModel } from '@subnetkit/inference/axon';
import { defineSynapse, t, tensor } from '@subnetkit/synapse';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { devSigner, driveLoad, type LoadResult, messagesFrom, presignRequests } from './support/signed-load.js';

const CONCURRENCY = 64;
const MS = Number(process.env.INFERENCE_BENCH_MS ?? 2500);
const AXON_MS = Number(process.env.INFERENCE_BENCH_AXON_MS ?? 5000);
const MEMORY_REQUESTS = 10_000;

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});
const Classify = defineSynapse({ name: 'Classify', fields: { image: t.tensor(), probs: t.tensor().optional() } });

const load1m = () => Number(loadavg()[0]?.toFixed(2));
const round = (x: number, d = 2) => Number(x.toFixed(d));

function floats(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    a[i] = (s >>> 0) / 2 ** 32;
  }
  return a;
}

// ---------------------------------------------------------------- models
function mlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 256, inputShape: [784], activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

function cnn(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

type BenchEngine = TfjsEngine | 'onnx-cpu' | 'onnx-cuda';

async function onEngine(engine: BenchEngine, layers: tfl.LayersModel): Promise<Model> {
  if (engine === 'onnx-cpu') return loadOnnxModel(exportOnnx(layers), { device: 'cpu' });
  if (engine === 'onnx-cuda') return loadOnnxModel(exportOnnx(layers), { device: 'gpu' });
  return fromLayersModel(layers, { engine });
}

// SUBNETKIT_DEVICE=gpu adds the GPU engines (a GPU host; see docs/gpu.md); one that fails prints why and is skipped.
const ENGINES: BenchEngine[] =
  process.env.SUBNETKIT_DEVICE === 'gpu'
    ? ['onnx-cuda', 'tfjs-node-gpu', 'tfjs-wasm', 'onnx-cpu']
    : ['tfjs-wasm', 'tfjs-cpu', 'onnx-cpu'];

// ---------------------------------------------------------------- in-process load
interface Run {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  mean_batch: number;
  requests: number;
}

async function drive(model: Model, samples: Tensor[], maxBatch: number, ms: number): Promise<Run> {
  const calls: number[] = [];
  const counted: Model = {
    ...model,
    inputs: model.inputs,
    outputs: model.outputs,
    predict: (b, o) => {
      calls.push(Object.values(b)[0]?.shape[0] ?? 0);
      return model.predict(b, o);
    },
    warmup: (n) => model.warmup(n),
    close: () => model.close(),
    [Symbol.asyncDispose]: () => model.close(),
    dispose: () => model.close(),
  };
  const batcher = createBatcher(counted, { maxBatch, maxWaitMs: maxBatch === 1 ? 0 : 2, maxQueue: 4096 });
  const lat: number[] = [];
  const start = performance.now();
  const stopAt = start + ms;
  let last = start;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      let i = w;
      while (performance.now() < stopAt) {
        const a = performance.now();
        await batcher.predict(samples[i++ % samples.length] as Tensor);
        last = performance.now();
        lat.push(last - a);
      }
    }),
  );
  await batcher.close();
  lat.sort((x, y) => x - y);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return {
    rps: Math.round((lat.length / (last - start)) * 1000),
    p50_ms: round(q(0.5)),
    p99_ms: round(q(0.99)),
    mean_batch: round(calls.reduce((a, b) => a + b, 0) / Math.max(1, calls.length), 1),
    requests: lat.length,
  };
}

async function batching(): Promise<void> {
  const shapes = { mlp: [784], cnn: [28, 28, 1] } as const;
  const builders = { mlp, cnn };
  for (const name of ['mlp', 'cnn'] as const) {
    await selectTfjsEngine('cpu', { only: 'tfjs-cpu' });
    const layers = builders[name]();
    const samples = Array.from({ length: 256 }, (_, i) => ({
      buffer: floats(784, i + 1),
      dtype: 'float32',
      shape: [...shapes[name]],
    }));
    for (const engine of ENGINES) {
      let model: Model;
      try {
        model = await onEngine(engine, layers);
      } catch (err) {
        console.log(JSON.stringify({ bench: 'inference_batching', engine, skipped: (err as Error).message }));
        continue;
      }
      await model.warmup(64);
      await model.warmup(1);
      // a short untimed pass so JIT and allocator warm-up is not measured
      await drive(model, samples, 64, 300);
      const unbatched = await drive(model, samples, 1, MS);
      const batched = await drive(model, samples, 64, MS);
      console.log(
        JSON.stringify({
          bench: 'inference_batching',
          model: name === 'mlp' ? 'mlp-784-256-10' : 'cnn-28x28',
          engine,
          concurrency: CONCURRENCY,
          duration_ms: MS,
          loadavg_1m: load1m(),
          batched,
          unbatched,
          speedup: round(batched.rps / unbatched.rps),
          p99_batched_le_unbatched: batched.p99_ms <= unbatched.p99_ms,
        }),
      );
      if (engine.startsWith('onnx')) await model.close();
    }
  }
}

async function memory(): Promise<void> {
  const model = await fromLayersModel(mlp(), { engine: 'tfjs-wasm' });
  const batcher = createBatcher(model, { maxBatch: 64, maxWaitMs: 2 });
  const sample = (i: number): Tensor => ({ buffer: floats(784, i + 1), dtype: 'float32', shape: [784] });
  await Promise.all(Array.from({ length: 256 }, (_, i) => batcher.predict(sample(i))));
  global.gc?.();
  const before = { rss_mb: round(process.memoryUsage().rss / 2 ** 20, 1), tensors: tf.memory().numTensors };
  const t0 = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (i < MEMORY_REQUESTS) await batcher.predict(sample(i++ % 512));
    }),
  );
  global.gc?.();
  const after = { rss_mb: round(process.memoryUsage().rss / 2 ** 20, 1), tensors: tf.memory().numTensors };
  console.log(
    JSON.stringify({
      bench: 'inference_memory',
      engine: model.engine,
      model: 'mlp-784-256-10',
      requests: i,
      seconds: round((performance.now() - t0) / 1000),
      loadavg_1m: load1m(),
      before,
      after,
      tensors_flat: before.tensors === after.tensors,
    }),
  );
  await batcher.close();
}

// ---------------------------------------------------------------- end to end: child load generator
interface LoadOrder {
  port: number;
  axonHotkey: string;
  route: 'Dummy' | 'Classify';
  perWorker: number;
  durationMs: number;
}

async function loadgen(): Promise<void> {
  await cryptoWaitReady();
  await waitReady();
  const alice = devSigner('//Alice');
  const images = Array.from({ length: 64 }, (_, i) => tensor(floats(784, i + 1), [784]));
  process.on('message', async (msg: LoadOrder) => {
    const order = {
      signer: alice,
      port: msg.port,
      axonHotkey: msg.axonHotkey,
      workers: CONCURRENCY,
      perWorker: msg.perWorker,
    };
    const lists =
      msg.route === 'Dummy'
        ? presignRequests({
            ...order,
            def: Dummy,
            make: (w, k, base) => Dummy.create({ input: w * 100_000 + k, ...base }),
          })
        : presignRequests({
            ...order,
            def: Classify,
            make: (w, k, base) => Classify.create({ image: images[(w + k) % images.length]!, ...base }),
          });
    process.send!(await driveLoad(msg.port, `/${msg.route}`, lists, msg.durationMs));
  });
  process.send!('ready');
}

async function endToEnd(): Promise<void> {
  await selectTfjsEngine('cpu', { only: 'tfjs-cpu' }); // to build the model's weights
  await cryptoWaitReady();
  await waitReady();
  const bob = devSigner('//Bob');
  const child = fork(fileURLToPath(import.meta.url), ['--loadgen'], { execArgv: process.execArgv, stdio: 'inherit' });
  const next = messagesFrom(child);
  await next<'ready'>();
  const threads = Math.min(4, availableParallelism() - 1);
  const newAxon = () =>
    new Axon({ signer: bob, port: 0, ip: '127.0.0.1', rateLimit: false, logLevel: 'silent', verifyThreads: threads });
  // enough pre-signed requests for the run (most the box has managed is a few thousand per second)
  const perWorker = Math.ceil((4000 * AXON_MS) / 1000 / CONCURRENCY);
  const run = async (axon: Axon, route: LoadOrder['route']) => {
    await axon.start();
    child.send({
      port: axon.port,
      axonHotkey: bob.address,
      route,
      perWorker: 20,
      durationMs: 1000,
    } satisfies LoadOrder);
    await next<LoadResult>(); // warm-up
    child.send({ port: axon.port, axonHotkey: bob.address, route, perWorker, durationMs: AXON_MS } satisfies LoadOrder);
    const r = await next<LoadResult>();
    await axon.stop();
    return r;
  };
  try {
    const dummyAxon = newAxon();
    dummyAxon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    const dummy = await run(dummyAxon, 'Dummy');

    // INFERENCE_BENCH_ORT_SPIN=1 lets onnxruntime's idle threads spin-wait (its own default), for comparison
    const spinning = process.env.INFERENCE_BENCH_ORT_SPIN === '1';
    // INFERENCE_BENCH_ORT_THREADS sets onnxruntime's intra-op threads (default: its own choice, one per core)
    const intraOpThreads = Number(process.env.INFERENCE_BENCH_ORT_THREADS ?? 0) || undefined;
    const model = await loadOnnxModel(exportOnnx(mlp()), {
      device: 'cpu',
      spinning,
      ...(intraOpThreads ? { intraOpThreads } : {}),
    });
    await model.warmup(64);
    const modelAxon = newAxon();
    const batcher = createBatcher(model, { name: 'mlp', maxBatch: 64, maxWaitMs: 2, maxQueue: 4096 });
    serveModel(modelAxon, Classify, batcher, { toInput: 'image', fromOutput: 'probs' });
    const served = await run(modelAxon, 'Classify');
    const registry = modelAxon.metrics?.registry;
    const hist = (await registry?.getSingleMetric('inference_batch_size')?.get()) as
      | { values: { metricName?: string; value: number }[] }
      | undefined;
    const sum = hist?.values.find((v) => v.metricName === 'inference_batch_size_sum')?.value ?? 0;
    const count = hist?.values.find((v) => v.metricName === 'inference_batch_size_count')?.value ?? 1;
    await batcher.close();

    // the same Classify bodies through an axon whose forward skips the model: what the model itself costs
    const echoAxon = newAxon();
    echoAxon.attach(Classify, (s) => {
      s.probs = tensor(new Float32Array(10), [10]);
      return s;
    });
    const echo = await run(echoAxon, 'Classify');

    const rps = (r: LoadResult) => Math.round((r.completed / r.elapsedMs) * 1000);
    console.log(
      JSON.stringify({
        bench: 'inference_axon',
        model: 'mlp-784-256-10',
        engine: model.engine,
        ort_spinning: spinning,
        ort_intra_op_threads: intraOpThreads ?? 'default',
        concurrency: CONCURRENCY,
        duration_ms: AXON_MS,
        cores: availableParallelism(),
        verify_threads: threads,
        loadavg_1m: load1m(),
        dummy_rps: rps(dummy),
        dummy_p50_ms: round(dummy.p50Ms),
        dummy_p99_ms: round(dummy.p99Ms),
        model_rps: rps(served),
        model_p50_ms: round(served.p50Ms),
        model_p99_ms: round(served.p99Ms),
        model_mean_batch: round(sum / count, 1),
        model_non200: served.non200,
        model_errors: served.errors,
        classify_without_model_rps: rps(echo),
        model_vs_dummy: round(rps(served) / rps(dummy), 3),
        model_vs_same_bodies_without_model: round(rps(served) / rps(echo), 3),
        target_met: rps(served) >= 0.8 * rps(dummy),
      }),
    );
    await model.dispose();
  } finally {
    child.kill();
  }
}

if (process.argv.includes('--loadgen')) await loadgen();
else {
  const only = process.env.INFERENCE_BENCH_PARTS?.split(',') ?? ['batching', 'memory', 'axon'];
  if (only.includes('batching')) await batching();
  if (only.includes('memory')) await memory();
  if (only.includes('axon')) await endToEnd();
}
