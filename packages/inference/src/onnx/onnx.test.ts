import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as ortNode from 'onnxruntime-node';
import { InferenceError } from '../errors.js';
import { exportOnnx } from '../export/onnx.js';
import { loadModel } from '../load.js';
import { cnn, floats, maxAbsDiff, mlp, only, withTempDir } from '../test-support.js';
import { fromLayersModel } from '../tfjs/model.js';
import { loadOnnxModel } from './model.js';
import { planProviders } from './providers.js';

function isCode(code: string, pattern?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof InferenceError, String(err));
    assert.equal(err.code, code, err.message);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

describe('ONNX export: tfjs and onnxruntime agree', () => {
  it('MLP 784-256-10 (Dense, relu, softmax) from a file: max abs diff <= 1e-4 on a batch of 16', async () => {
    await withTempDir(async (dir) => {
      const layers = mlp(784, 256, 10, 3);
      const file = join(dir, 'mlp.onnx');
      await writeFile(file, exportOnnx(layers));
      const onnx = await loadModel(file, { env: {} });
      assert.equal(onnx.backend, 'onnx');
      assert.equal(onnx.engine, 'onnx-cpu');
      assert.deepEqual(onnx.inputs[0]?.shape, [null, 784]);
      assert.equal(onnx.inputs[0]?.dtype, 'float32');
      const tfjs = await fromLayersModel(layers, { engine: 'tfjs-cpu' });
      const x = { buffer: floats(16 * 784, 5), dtype: 'float32', shape: [16, 784] };
      const a = only(await tfjs.predict({ [tfjs.inputs[0]?.name as string]: x }));
      const b = only(await onnx.predict({ [onnx.inputs[0]?.name as string]: x }));
      assert.equal(b.length, 160);
      assert.ok(maxAbsDiff(a, b) <= 1e-4, `max abs diff ${maxAbsDiff(a, b)}`);
      await onnx.close();
    });
  });

  it('CNN (Conv2D valid/same+stride, MaxPool, ReLU layer, Flatten, Dropout, Softmax layer): max abs diff <= 1e-4', async () => {
    const layers = cnn();
    const onnx = await loadModel(exportOnnx(layers), { env: {} });
    assert.deepEqual(onnx.inputs[0]?.shape, [null, 28, 28, 1]);
    const tfjs = await fromLayersModel(layers, { engine: 'tfjs-cpu' });
    const x = { buffer: floats(4 * 784, 9), dtype: 'float32', shape: [4, 28, 28, 1] };
    const a = only(await tfjs.predict({ [tfjs.inputs[0]?.name as string]: x }));
    const b = only(await onnx.predict({ [onnx.inputs[0]?.name as string]: x }));
    assert.equal(b.length, 40);
    assert.ok(maxAbsDiff(a, b) <= 1e-4, `max abs diff ${maxAbsDiff(a, b)}`);
    // the outputs are real distributions, not zeros that would trivially agree
    assert.ok(Math.abs(b.slice(0, 10).reduce((s, v) => s + v, 0) - 1) < 1e-5);
    assert.ok(Math.max(...b) - Math.min(...b) > 1e-3);
  });

  it('an unsupported layer is refused by name', async () => {
    const tfl = await import('@tensorflow/tfjs-layers');
    const m = tfl.sequential({
      layers: [tfl.layers.dense({ units: 4, inputShape: [3] }), tfl.layers.batchNormalization({ name: 'bn' })],
    });
    assert.throws(
      () => exportOnnx(m),
      isCode('INFERENCE_MODEL_SAVE', /layer 'bn' \(BatchNormalization\) is not supported/),
    );
  });
});

describe('onnx model files', () => {
  it('a missing file and corrupt bytes are clear INFERENCE_MODEL_LOAD errors', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(
        loadModel(join(dir, 'none.onnx'), { env: {} }),
        isCode('INFERENCE_MODEL_LOAD', /cannot be read/),
      );
      const bad = join(dir, 'bad.onnx');
      await writeFile(bad, 'not a model at all');
      await assert.rejects(
        loadModel(bad, { env: {} }),
        isCode('INFERENCE_MODEL_LOAD', /bad\.onnx is not a loadable ONNX model/),
      );
    });
  });
});

describe('onnxruntime provider selection', () => {
  it('plans cuda only for gpu, cuda then cpu for auto, cpu for cpu', () => {
    assert.deepEqual(planProviders('gpu', true).tries, ['cuda']);
    assert.deepEqual(planProviders('auto', true).tries, ['cuda', 'cpu']);
    assert.deepEqual(planProviders('cpu', true).tries, ['cpu']);
    const auto = planProviders('auto', false);
    assert.deepEqual(auto.tries, ['cpu']);
    assert.match(auto.skipped[0]?.reason ?? '', /ONNXRUNTIME_NODE_INSTALL=cuda12/);
  });

  const bytes = exportOnnx(mlp());

  it("device 'gpu' without the CUDA provider installed is a startup error saying how to install it", async () => {
    await assert.rejects(
      loadOnnxModel(bytes, { device: 'gpu', cudaInstalled: false }),
      isCode('INFERENCE_BACKEND_UNAVAILABLE', /device 'gpu' requested.*onnx-cuda.*ONNXRUNTIME_NODE_INSTALL=cuda12/),
    );
  });

  it('auto on this machine (no CUDA provider) runs on CPU, keeps the reason and warns once', async () => {
    const warnings: string[] = [];
    const m = await loadOnnxModel(bytes, { warn: (w) => warnings.push(w) });
    assert.equal(m.device, 'cpu');
    assert.equal(m.engine, 'onnx-cpu');
    assert.equal(m.fallbacks[0]?.engine, 'onnx-cuda');
    assert.equal(warnings.length, 1);
    await m.close();
  });

  // The real session factory, except that asking for CUDA fails as it does on a host without a usable GPU.
  const noGpu = (seen: string[]) => async (b: Uint8Array, o: ortNode.InferenceSession.SessionOptions) => {
    const ep = String(o.executionProviders?.[0]);
    seen.push(ep);
    if (ep === 'cuda') throw new Error('CUDA failure 100: no CUDA-capable device is detected');
    return ortNode.InferenceSession.create(b, o);
  };

  it('CUDA installed but failing: auto falls back to CPU with the reason; gpu refuses naming it', async () => {
    const seen: string[] = [];
    const m = await loadOnnxModel(bytes, { cudaInstalled: true, createSession: noGpu(seen), warn: () => {} });
    assert.deepEqual(seen, ['cuda', 'cpu']);
    assert.equal(m.device, 'cpu');
    assert.match(m.fallbacks[0]?.reason ?? '', /no CUDA-capable device/);
    await assert.rejects(
      loadOnnxModel(bytes, { device: 'gpu', cudaInstalled: true, createSession: noGpu([]) }),
      isCode('INFERENCE_BACKEND_UNAVAILABLE', /CUDA provider failed.*no CUDA-capable device/),
    );
  });

  it('CUDA installed and working: the session runs on gpu', async () => {
    const seen: string[] = [];
    const m = await loadOnnxModel(bytes, {
      device: 'gpu',
      cudaInstalled: true,
      // stands in for a CUDA host: the session the factory is asked for with the cuda provider, built on CPU here
      createSession: async (b, o) => {
        seen.push(String(o.executionProviders?.[0]));
        return ortNode.InferenceSession.create(b, { ...o, executionProviders: ['cpu'] });
      },
    });
    assert.deepEqual(seen, ['cuda']);
    assert.equal(m.device, 'gpu');
    assert.equal(m.engine, 'onnx-cuda');
    await m.close();
  });
});
