import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InferenceError } from './errors.js';
import { resolveTarget } from './load.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('loadModel targets', () => {
  it('SUBNETKIT_BACKEND and SUBNETKIT_DEVICE override the options', () => {
    assert.deepEqual(resolveTarget({ backend: 'tfjs', device: 'cpu', env: {} }), { backend: 'tfjs', device: 'cpu' });
    assert.deepEqual(
      resolveTarget({ backend: 'tfjs', device: 'cpu', env: { SUBNETKIT_BACKEND: 'onnx', SUBNETKIT_DEVICE: 'gpu' } }),
      { backend: 'onnx', device: 'gpu' },
    );
    assert.deepEqual(resolveTarget({ env: {} }), { backend: 'auto', device: 'auto' });
  });

  it('a bad value is refused by name', () => {
    assert.throws(
      () => resolveTarget({ env: { SUBNETKIT_DEVICE: 'tpu' } }),
      (e: unknown) =>
        e instanceof InferenceError &&
        e.code === 'INFERENCE_INVALID_OPTIONS' &&
        /SUBNETKIT_DEVICE.*'tpu'/.test(e.message),
    );
    assert.throws(
      () => resolveTarget({ backend: 'torch' as never, env: {} }),
      /backend must be one of auto, tfjs, onnx/,
    );
  });
});

// A real process where the node bindings are genuinely not installed (they cannot be here): the default module
// loader, the environment override and the startup error a miner would see.
describe('a real process without tfjs-node / tfjs-node-gpu', () => {
  const script = `
    import { exportOnnx, loadModel, saveTfjsModel } from '@subnetkit/inference';
    import '@tensorflow/tfjs-backend-cpu';
    import * as tfl from '@tensorflow/tfjs-layers';
    import { mkdtempSync } from 'node:fs';
    import { tmpdir } from 'node:os';
    import { join } from 'node:path';
    const dir = mkdtempSync(join(tmpdir(), 'subnetkit-inference-'));
    await saveTfjsModel(tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] }), dir);
    try {
      const m = await loadModel(dir, { device: 'auto', warn: (w) => console.log('WARN ' + w) });
      console.log(JSON.stringify({ engine: m.engine, device: m.device, fallbacks: m.fallbacks }));
    } catch (e) { console.log('ERROR ' + e.code + ' ' + e.message); }
  `;
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('auto: falls back to tfjs-wasm, warns once, keeps why each binding is absent', () => {
    const r = run({ SUBNETKIT_DEVICE: '' });
    const out = r.stdout.split('\n');
    const json = JSON.parse(out.find((l) => l.startsWith('{')) ?? 'null');
    assert.equal(json.engine, 'tfjs-wasm', r.stdout + r.stderr);
    assert.equal(json.device, 'cpu');
    assert.match(json.fallbacks[0].reason, /Cannot find (module|package) '@tensorflow\/tfjs-node-gpu'/);
    assert.match(json.fallbacks[1].reason, /Cannot find (module|package) '@tensorflow\/tfjs-node'/);
    assert.equal(out.filter((l) => l.startsWith('WARN ')).length, 1);
  });

  it('SUBNETKIT_DEVICE=gpu: a clear startup error naming what was tried and why', () => {
    const r = run({ SUBNETKIT_DEVICE: 'gpu' });
    assert.match(
      r.stdout,
      /ERROR INFERENCE_BACKEND_UNAVAILABLE device 'gpu' requested but no tfjs GPU engine works \(tried tfjs-node-gpu: not loadable: Cannot find/,
      r.stdout + r.stderr,
    );
  });
});
