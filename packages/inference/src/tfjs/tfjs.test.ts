import assert from 'node:assert/strict';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { InferenceError } from '../errors.js';
import { loadModel } from '../load.js';
import { floats, maxAbsDiff, mlp, only, withTempDir } from '../test-support.js';
import { type ModuleLoader, selectTfjsEngine } from './engines.js';
import { fromLayersModel, loadTfjsModel, saveTfjsModel } from './model.js';

function isCode(code: string, pattern?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof InferenceError, String(err));
    assert.equal(err.code, code, err.message);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

const input = (n: number) => ({ buffer: floats(n * 8, n), dtype: 'float32', shape: [n, 8] });

describe('tfjs models on disk', () => {
  it('saves model.json + weights.bin and loads them back with the same predictions', async () => {
    await withTempDir(async (dir) => {
      const layers = mlp();
      const original = await fromLayersModel(layers, { engine: 'tfjs-cpu' });
      await saveTfjsModel(layers, dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
      const loaded = await loadModel(dir, { tfjsEngine: 'tfjs-cpu', env: {} });
      assert.equal(loaded.backend, 'tfjs');
      assert.equal(loaded.engine, 'tfjs-cpu');
      assert.equal(loaded.device, 'cpu');
      assert.deepEqual(loaded.inputs[0]?.shape, [null, 8]);
      const a = only(await original.predict({ [original.inputs[0]?.name as string]: input(5) }));
      const b = only(await loaded.predict({ [loaded.inputs[0]?.name as string]: input(5) }));
      assert.equal(a.length, 20);
      assert.equal(maxAbsDiff(a, b), 0);
      // model.json path works too
      const again = await loadModel(join(dir, 'model.json'), { tfjsEngine: 'tfjs-cpu', env: {} });
      assert.equal(again.backend, 'tfjs');
      await Promise.all([original.close(), loaded.close(), again.close()]);
    });
  });

  it('gives the same predictions on the wasm and cpu engines', async () => {
    const layers = mlp();
    const wasm = await fromLayersModel(layers, { engine: 'tfjs-wasm' });
    const name = wasm.inputs[0]?.name as string;
    const a = only(await wasm.predict({ [name]: input(3) }));
    const cpu = await fromLayersModel(layers, { engine: 'tfjs-cpu' });
    const b = only(await cpu.predict({ [name]: input(3) }));
    assert.equal(wasm.engine, 'tfjs-wasm');
    assert.ok(maxAbsDiff(a, b) < 1e-5);
    // switching back to the wasm model re-activates its engine
    const c = only(await wasm.predict({ [name]: input(3) }));
    assert.ok(maxAbsDiff(a, c) < 1e-6);
    assert.equal(tf.getBackend(), 'wasm');
  });

  it('a missing directory, a corrupt model.json and truncated weights are clear INFERENCE_MODEL_LOAD errors', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(loadTfjsModel(join(dir, 'nope')), isCode('INFERENCE_MODEL_LOAD', /does not exist/));
      await saveTfjsModel(mlp(), dir);
      await truncate(join(dir, 'weights.bin'), 100);
      await assert.rejects(
        loadTfjsModel(dir),
        isCode('INFERENCE_MODEL_LOAD', /hold 100 bytes, the manifest needs \d+/),
      );
      await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
      await assert.rejects(loadTfjsModel(dir), isCode('INFERENCE_MODEL_LOAD', /not a readable tfjs model\.json/));
      await writeFile(join(dir, 'model.json'), '{"hello": 1}');
      await assert.rejects(loadTfjsModel(dir), isCode('INFERENCE_MODEL_LOAD', /no modelTopology/));
    });
  });

  it('a model.json whose weights file is missing names the file', async () => {
    await withTempDir(async (dir) => {
      await saveTfjsModel(mlp(), dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      json.weightsManifest[0].paths = ['gone.bin'];
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      await assert.rejects(loadTfjsModel(dir), isCode('INFERENCE_MODEL_LOAD', /gone\.bin.*is missing/));
    });
  });

  it('a disposed model refuses to predict', async () => {
    const m = await fromLayersModel(mlp(), { engine: 'tfjs-cpu' });
    await m.close();
    await assert.rejects(m.predict({ [m.inputs[0]?.name as string]: input(1) }), isCode('INFERENCE_DISPOSED'));
  });
});

describe('tfjs engine selection', () => {
  after(async () => {
    if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
    await tf.setBackend('cpu');
  });

  // A loader where the node bindings are whatever the test says and the JS backends are the real ones.
  function loader(bindings: Record<string, () => void>): { load: ModuleLoader; asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      load: async (s) => {
        asked.push(s);
        const b = bindings[s];
        if (b) return b();
        if (s.startsWith('@tensorflow/tfjs-node')) throw new Error(`Cannot find module '${s}'`);
        return import(s);
      },
    };
  }

  // Registers a stand-in 'tensorflow' backend (the real CPU kernels' class) reporting GPU use as told.
  function fakeTensorflow(gpu: boolean) {
    return () => {
      if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
      tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), { isUsingGpuDevice: gpu }));
    };
  }

  it('auto with both node bindings absent falls back to wasm, keeps the reasons and warns once', async () => {
    const warnings: string[] = [];
    const { load, asked } = loader({});
    const c = await selectTfjsEngine('auto', { load, warn: (m) => warnings.push(m) });
    assert.equal(c.engine, 'tfjs-wasm');
    assert.equal(c.device, 'cpu');
    assert.deepEqual(asked.slice(0, 2), ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    assert.deepEqual(
      c.fallbacks.map((f) => f.engine),
      ['tfjs-node-gpu', 'tfjs-node'],
    );
    assert.match(c.fallbacks[0]?.reason ?? '', /Cannot find module '@tensorflow\/tfjs-node-gpu'/);
    assert.equal(warnings.length, 1);
  });

  it('a binding that throws at load (missing libtensorflow) is treated as absent', async () => {
    const { load } = loader({
      '@tensorflow/tfjs-node': () => {
        throw new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory');
      },
    });
    const c = await selectTfjsEngine('cpu', { load });
    assert.equal(c.engine, 'tfjs-wasm');
    assert.match(c.fallbacks[0]?.reason ?? '', /libtensorflow\.so\.2/);
  });

  it('a wasm backend that fails falls to the pure-JS cpu backend', async () => {
    const { load } = loader({
      '@tensorflow/tfjs-backend-wasm': () => {
        throw new Error('wasm binary not found');
      },
    });
    const c = await selectTfjsEngine('auto', { load });
    assert.equal(c.engine, 'tfjs-cpu');
    assert.deepEqual(
      c.fallbacks.map((f) => f.engine),
      ['tfjs-node-gpu', 'tfjs-node', 'tfjs-wasm'],
    );
  });

  it("device 'gpu' without tfjs-node-gpu is an error naming what was tried and why", async () => {
    const { load } = loader({});
    await assert.rejects(
      selectTfjsEngine('gpu', { load }),
      isCode(
        'INFERENCE_BACKEND_UNAVAILABLE',
        /device 'gpu' requested.*tfjs-node-gpu: not loadable: Cannot find module/,
      ),
    );
  });

  it('tfjs-node-gpu that silently runs on CPU: auto uses it on cpu and says so loudly; gpu refuses', async () => {
    const warnings: string[] = [];
    const { load } = loader({ '@tensorflow/tfjs-node-gpu': fakeTensorflow(false) });
    const c = await selectTfjsEngine('auto', { load, warn: (m) => warnings.push(m) });
    assert.equal(c.engine, 'tfjs-node-gpu');
    assert.equal(c.device, 'cpu');
    assert.match(warnings.join('\n'), /tfjs-node-gpu loaded, but TensorFlow sees no GPU.*CUDA 11\.2/);
    await assert.rejects(selectTfjsEngine('gpu', { load }), isCode('INFERENCE_BACKEND_UNAVAILABLE', /sees no GPU/));
  });

  it('tfjs-node-gpu that uses the GPU is picked first, on gpu', async () => {
    const { load } = loader({ '@tensorflow/tfjs-node-gpu': fakeTensorflow(true) });
    const c = await selectTfjsEngine('gpu', { load });
    assert.equal(c.engine, 'tfjs-node-gpu');
    assert.equal(c.device, 'gpu');
    assert.equal(tf.getBackend(), 'tensorflow');
    assert.deepEqual(c.fallbacks, []);
  });

  it('a binding that registered with another tfjs-core copy is absent with that reason', async () => {
    if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
    const { load } = loader({ '@tensorflow/tfjs-node': () => undefined });
    const c = await selectTfjsEngine('cpu', { load });
    assert.equal(c.engine, 'tfjs-wasm');
    assert.match(c.fallbacks[0]?.reason ?? '', /another copy of @tensorflow\/tfjs-core/);
  });
});
